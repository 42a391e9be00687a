// Policies: browse by category or search (list), and one policy in large type (detail).
import { useEffect, useMemo, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { PolicyDetailOutput, PolicySummary } from '#contract/content.js';
import type { PolicyCategory } from '#protocol/content.js';
import { BigButton } from '../../components/Button.js';
import { Icon, type IconName } from '../../components/Icon.js';
import { Screen } from '../../components/Screen.js';
import { useKiosk } from '../../kiosk-context.js';
import { navigate } from '../../router.js';
import { PrintSlipButton } from '../printer/PrintSlipButton.js';
import { ReadAloud } from '../speech/ReadAloud.js';
import { AsOf } from './AsOf.js';
import { formatDay, tx, uiLang } from './format.js';
import { PhoneNumber } from './PhoneNumber.js';
import { ContinueOnPhone } from './ContinueOnPhone.js';
import { SearchBox } from './SearchBox.js';
import { readQuery, usePagedSearch, writeQuery } from './useSearch.js';
import './content.css';

const CATEGORY_ICON: Record<PolicyCategory, IconName> = {
  subsidy: 'money',
  medical: 'plus',
  pension: 'user',
  agriculture: 'sprout',
  legal: 'scale',
  training: 'list',
  employment: 'jobs',
  housing: 'house',
  tourism: 'home',
  'social-aid': 'help',
  disability: 'user',
  education: 'policy',
};
const TERM_KEYS = ['subsidy', 'medical', 'pension', 'training', 'legal', 'heating', 'farming'] as const;

export function PolicyList(): ReactElement {
  const { t, i18n } = useTranslation('content');
  const { client } = useKiosk();
  const lang = uiLang(i18n.language);
  const initial = useMemo(() => readQuery(), []);
  const [query, setQuery] = useState(initial.get('q') ?? '');
  const [category, setCategory] = useState<PolicyCategory | null>((initial.get('cat') as PolicyCategory | null) ?? null);
  const [categories, setCategories] = useState<Array<{ category: PolicyCategory; count: number }>>([]);
  useEffect(() => {
    client.call('content.categories', {}).then((r) => setCategories(r.categories), () => setCategories([]));
  }, [client]);
  useEffect(() => writeQuery({ q: query, cat: category }), [query, category]);
  const key = JSON.stringify([query, category]);
  const { data, error, more, loadingMore } = usePagedSearch(key, (offset) => client.call('content.searchPolicies', { query, category, offset, limit: 20 }));
  const terms = TERM_KEYS.map((k) => t(`terms.${k}`));

  return (
    <Screen icon="policy" title={t('policies.title')} testId="policy-list">
      <SearchBox value={query} onChange={setQuery} terms={terms} testId="policy-search" kind="policy" />
      <section className="content-filters" aria-labelledby="policy-cat-h">
        <h2 id="policy-cat-h" className="content-section-title">
          <Icon name="filter" /> {t('policies.categories')}
        </h2>
        <div className="content-chips" role="group" aria-labelledby="policy-cat-h">
          <BigButton icon="list" pressed={category === null} onClick={() => setCategory(null)} testId="category-all">
            {t('policies.allCategories')}
          </BigButton>
          {categories.map((c) => (
            <BigButton key={c.category} icon={CATEGORY_ICON[c.category]} pressed={category === c.category} onClick={() => setCategory(category === c.category ? null : c.category)} testId={`category-${c.category}`}>
              {t(`category.${c.category}`)} ({c.count})
            </BigButton>
          ))}
        </div>
      </section>
      <section className="content-results" aria-labelledby="policy-results-h" aria-busy={!data}>
        <h2 id="policy-results-h" className="content-section-title" role="status" data-testid="policy-count">
          {error ? t('list.error') : !data ? t('list.loading') : data.last.nothingSearchable ? t('list.nothingSearchable') : t(data.last.totalCapped ? 'policies.countMany' : 'policies.count', { count: data.last.total })}
        </h2>
        {data && data.items.length === 0 && !data.last.nothingSearchable && <p className="lead">{t('list.noneFound')}</p>}
        <ul className="content-list">
          {data?.items.map((p) => (
            <PolicyItem key={p.id} p={p} lang={lang} />
          ))}
        </ul>
        {data?.last.nextOffset !== null && data && (
          <BigButton icon="plus" onClick={more} disabled={loadingMore} testId="policy-more">
            {t('list.more')}
          </BigButton>
        )}
      </section>
      <AsOf asOf={data?.last.asOf ?? null} />
    </Screen>
  );
}

function PolicyItem({ p, lang }: { p: PolicySummary; lang: 'zh-CN' | 'en' }): ReactElement {
  const { t } = useTranslation('content');
  return (
    <li>
      <button type="button" className="content-card" onClick={() => navigate(`/policies/${encodeURIComponent(p.id)}`)} data-testid="policy-item" lang={lang}>
        <span className="content-card__title">{tx(p.title, lang)}</span>
        <span className="content-card__line">
          <Icon name="money" /> {tx(p.benefit, lang)}
        </span>
        <span className="content-card__meta">
          {t(`category.${p.category}`)}
          {p.deadline ? ` · ${t('policy.deadlineShort', { date: formatDay(p.deadline, lang) })}` : ''}
          {p.homeVisitBookable ? ` · ${t('policy.homeVisitShort')}` : ''}
        </span>
        <Icon name="next" />
      </button>
    </li>
  );
}

export function PolicyDetail({ id }: { id: string }): ReactElement {
  const { t, i18n } = useTranslation('content');
  const { client } = useKiosk();
  const lang = uiLang(i18n.language);
  const [r, setR] = useState<PolicyDetailOutput | 'error' | null>(null);
  useEffect(() => {
    client.call('content.policy', { id }).then(setR, () => setR('error'));
  }, [client, id]);
  if (r === null) return <Screen icon="policy" title={t('list.loading')} testId="policy-detail-loading"><p className="lead">{t('list.loading')}</p></Screen>;
  if (r === 'error' || !r.found)
    return (
      <Screen icon="warning" title={t('policy.notFound')} testId="policy-not-found">
        <p className="lead">{t('policy.notFoundBody')}</p>
        <BigButton icon="list" onClick={() => navigate('/policies')} testId="back-to-policies">
          {t('policy.backToList')}
        </BigButton>
      </Screen>
    );
  const p = r.policy;
  return (
    <Screen icon="policy" title={tx(p.title, lang)} testId="policy-detail">
      <ReadAloud source={{ kind: 'policy', id: r.id }} />
      <div className="content-detail" lang={lang}>
        <p className="content-detail__summary">{tx(p.summary, lang)}</p>
        <Section icon="user" title={t('policy.whoQualifies')} testId="policy-who">
          <p>{tx(p.whoQualifies, lang)}</p>
        </Section>
        <Section icon="money" title={t('policy.benefit')} testId="policy-benefit">
          <p className="content-detail__strong">{tx(p.benefit, lang)}</p>
        </Section>
        <Section icon="check" title={t('policy.materials')} testId="policy-materials">
          <ul className="content-checklist">
            {p.materials.map((m, i) => (
              <li key={i}>
                <Icon name="check" /> <span>{tx(m, lang)}</span>
              </li>
            ))}
          </ul>
        </Section>
        <Section icon="list" title={t('policy.steps')} testId="policy-steps">
          <ol className="content-steps">
            {p.steps.map((s, i) => (
              <li key={i}>{tx(s, lang)}</li>
            ))}
          </ol>
        </Section>
        <Section icon="house" title={t('policy.whereToGo')} testId="policy-where">
          <p>{tx(p.whereToGo, lang)}</p>
          <p>{p.homeVisitBookable ? t('policy.homeVisitYes') : t('policy.homeVisitNo')}</p>
          {p.homeVisitBookable && (
            <BigButton icon="house" variant="primary" onClick={() => navigate(p.relatedRequestType && p.relatedRequestType !== 'job-interest' ? `/request/${p.relatedRequestType}?relatedId=${encodeURIComponent(r.id)}` : `/request/home-visit?relatedId=${encodeURIComponent(r.id)}`)} testId="policy-book-visit">
              {t('policy.bookVisit')}
            </BigButton>
          )}
          {!p.homeVisitBookable && p.relatedRequestType && p.relatedRequestType !== 'job-interest' && (
            <BigButton icon="request" variant="primary" onClick={() => navigate(`/request/${p.relatedRequestType}?relatedId=${encodeURIComponent(r.id)}`)} testId="policy-request">
              {t('policy.askForHelp')}
            </BigButton>
          )}
        </Section>
        <Section icon="phone" title={t('policy.official')} testId="policy-official">
          <p>
            {tx(p.official.name, lang)} · {tx(p.official.title, lang)}
          </p>
          <PhoneNumber phone={p.official.phone} who={tx(p.official.name, lang)} testId="policy-official-phone" />
        </Section>
        <Section icon="clock" title={t('policy.deadline')} testId="policy-deadline">
          <p>{p.deadline ? formatDay(p.deadline, lang) : t('policy.noDeadline')}</p>
        </Section>
        <p className="content-detail__source" data-testid="policy-source">
          {t('policy.source', { source: tx(p.source, lang) })}
          <br />
          {t('policy.updated', { date: formatDay(p.updatedAt, lang) })}
        </p>
        <div className="content-detail__actions">
          <PrintSlipButton kind="policy" id={r.id} />
        </div>
        <ContinueOnPhone qr={r.qr} />
        <AsOf asOf={r.asOf} />
      </div>
    </Screen>
  );
}

export function Section({ icon, title, children, testId }: { icon: IconName; title: string; children: React.ReactNode; testId?: string }): ReactElement {
  return (
    <section className="content-section" data-testid={testId}>
      <h2 className="content-section-title">
        <Icon name={icon} /> {title}
      </h2>
      {children}
    </section>
  );
}
