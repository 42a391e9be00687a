// Jobs: filter, sort and page through unexpired postings (list), and one posting (detail).
import { useEffect, useMemo, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobDetailOutput, JobSort, JobSummary } from '#contract/content.js';
import type { EmploymentType, PayUnit } from '#protocol/content.js';
import { BigButton } from '../../components/Button.js';
import { Icon } from '../../components/Icon.js';
import { Screen } from '../../components/Screen.js';
import { useKiosk } from '../../kiosk-context.js';
import { navigate } from '../../router.js';
import { PrintSlipButton } from '../printer/PrintSlipButton.js';
import { ReadAloud } from '../speech/ReadAloud.js';
import { AsOf } from './AsOf.js';
import { ContinueOnPhone } from './ContinueOnPhone.js';
import { formatAmount, formatDay, tx, uiLang, type UiLang } from './format.js';
import { PhoneNumber } from './PhoneNumber.js';
import { Section } from './PolicyScreens.js';
import { SearchBox } from './SearchBox.js';
import { readQuery, usePagedSearch, writeQuery } from './useSearch.js';
import './content.css';

const UNITS: PayUnit[] = ['day', 'month', 'hour', 'piece'];
/** Minimum-pay choices per unit (yuan). */
const PAY_STEPS: Record<PayUnit, number[]> = { day: [100, 150, 200, 300], month: [2500, 3500, 4500, 6000], hour: [15, 20], piece: [] };
const TYPES: EmploymentType[] = ['full-time', 'part-time', 'seasonal', 'temporary'];
const SORTS: JobSort[] = ['date', 'pay', 'distance'];
const JOB_TERMS = ['farming', 'building', 'factory', 'care', 'driver', 'tourism'] as const;

function Chips<T extends string | number | null>({ label, value, options, onChange, render, testId }: { label: string; value: T; options: T[]; onChange: (v: T) => void; render: (v: T) => string; testId: string }): ReactElement {
  return (
    <div className="content-filter" role="group" aria-label={label}>
      <p className="content-filter__label" aria-hidden="true">
        {label}
      </p>
      <div className="content-chips">
        {options.map((o) => (
          <BigButton key={String(o)} icon={value === o ? 'check' : 'filter'} pressed={value === o} onClick={() => onChange(o)} testId={`${testId}-${o ?? 'any'}`}>
            {render(o)}
          </BigButton>
        ))}
      </div>
    </div>
  );
}

export function payText(pay: JobSummary['pay'], lang: UiLang, t: (k: string, o?: Record<string, unknown>) => string): string {
  const amount = pay.min === pay.max ? formatAmount(pay.min) : `${formatAmount(pay.min)}–${formatAmount(pay.max)}`;
  const unit = pay.unit === 'piece' && pay.pieceNote ? tx(pay.pieceNote, lang) : t(`pay.per.${pay.unit}`);
  return t('pay.amount', { amount, unit });
}

export function JobList(): ReactElement {
  const { t, i18n } = useTranslation('content');
  const { client } = useKiosk();
  const lang = uiLang(i18n.language);
  const initial = useMemo(() => readQuery(), []);
  const num = (k: string) => (initial.get(k) ? Number(initial.get(k)) : null);
  const [query, setQuery] = useState(initial.get('q') ?? '');
  const [county, setCounty] = useState<string | null>(initial.get('county'));
  const [payUnit, setPayUnit] = useState<PayUnit | null>((initial.get('unit') as PayUnit | null) ?? null);
  const [payMin, setPayMin] = useState<number | null>(num('payMin'));
  const [type, setType] = useState<EmploymentType | null>((initial.get('type') as EmploymentType | null) ?? null);
  const [meals, setMeals] = useState(initial.get('meals') === '1');
  const [housing, setHousing] = useState(initial.get('housing') === '1');
  const [sort, setSort] = useState<JobSort>((initial.get('sort') as JobSort | null) ?? 'date');
  const [counties, setCounties] = useState<Array<{ county: string; name: { 'zh-CN': string; en: string }; count: number }>>([]);
  const [showFilters, setShowFilters] = useState(Boolean(county || payUnit || type || meals || housing));
  useEffect(() => {
    client.call('content.jobFacets', {}).then((r) => setCounties(r.counties), () => setCounties([]));
  }, [client]);
  useEffect(
    () => writeQuery({ q: query, county, unit: payUnit, payMin: payMin === null ? null : String(payMin), type, meals: meals ? '1' : null, housing: housing ? '1' : null, sort: sort === 'date' ? null : sort }),
    [query, county, payUnit, payMin, type, meals, housing, sort],
  );
  const input = { query, county, payUnit, payMin: payUnit ? payMin : null, employmentType: type, meals, housing, sort };
  const key = JSON.stringify(input);
  const { data, error, more, loadingMore } = usePagedSearch(key, (offset) => client.call('content.searchJobs', { ...input, offset, limit: 20 }));
  const countyName = (c: string | null) => (c === null ? t('jobs.anyPlace') : (counties.find((x) => x.county === c)?.name[lang] ?? c));

  return (
    <Screen icon="jobs" title={t('jobs.title')} testId="job-list">
      <SearchBox value={query} onChange={setQuery} terms={JOB_TERMS.map((k) => t(`jobTerms.${k}`))} testId="job-search" kind="job" />
      <section className="content-filters" aria-labelledby="job-filters-h">
        <h2 id="job-filters-h" className="content-section-title">
          <Icon name="filter" /> {t('jobs.filters')}
        </h2>
        <BigButton icon="filter" pressed={showFilters} onClick={() => setShowFilters(!showFilters)} testId="job-filters-toggle">
          {showFilters ? t('jobs.hideFilters') : t('jobs.showFilters')}
        </BigButton>
        {showFilters && (
          <div className="content-filter-panel">
            <Chips label={t('jobs.place')} value={county} options={[null, ...counties.map((c) => c.county)]} onChange={setCounty} render={countyName} testId="county" />
            <Chips
              label={t('jobs.payUnit')}
              value={payUnit}
              options={[null, ...UNITS]}
              onChange={(u) => {
                setPayUnit(u);
                setPayMin(null);
              }}
              render={(u) => (u === null ? t('jobs.anyPay') : t(`pay.unit.${u}`))}
              testId="pay-unit"
            />
            {payUnit && PAY_STEPS[payUnit].length > 0 && (
              <Chips label={t('jobs.payMin')} value={payMin} options={[null, ...PAY_STEPS[payUnit]]} onChange={setPayMin} render={(v) => (v === null ? t('jobs.anyAmount') : t('jobs.atLeast', { amount: formatAmount(v), unit: t(`pay.per.${payUnit}`) }))} testId="pay-min" />
            )}
            <Chips label={t('jobs.type')} value={type} options={[null, ...TYPES]} onChange={setType} render={(v) => (v === null ? t('jobs.anyType') : t(`employmentType.${v}`))} testId="type" />
            <div className="content-filter" role="group" aria-label={t('jobs.extras')}>
              <p className="content-filter__label" aria-hidden="true">
                {t('jobs.extras')}
              </p>
              <div className="content-chips">
                <BigButton icon={meals ? 'check' : 'plus'} pressed={meals} onClick={() => setMeals(!meals)} testId="filter-meals">
                  {t('jobs.mealsOnly')}
                </BigButton>
                <BigButton icon={housing ? 'check' : 'plus'} pressed={housing} onClick={() => setHousing(!housing)} testId="filter-housing">
                  {t('jobs.housingOnly')}
                </BigButton>
              </div>
            </div>
          </div>
        )}
        <Chips label={t('jobs.sort')} value={sort} options={SORTS} onChange={setSort} render={(s) => t(`sort.${s}`)} testId="sort" />
      </section>
      <section className="content-results" aria-labelledby="job-results-h" aria-busy={!data}>
        <h2 id="job-results-h" className="content-section-title" role="status" data-testid="job-count">
          {error ? t('list.error') : !data ? t('list.loading') : data.last.nothingSearchable ? t('list.nothingSearchable') : t(data.last.totalCapped ? 'jobs.countMany' : 'jobs.count', { count: data.last.total })}
        </h2>
        {data && data.items.length === 0 && !data.last.nothingSearchable && <p className="lead">{t('list.noneFound')}</p>}
        <ul className="content-list">
          {data?.items.map((j) => (
            <JobItem key={j.id} j={j} lang={lang} />
          ))}
        </ul>
        {data && data.last.nextOffset !== null && (
          <BigButton icon="plus" onClick={more} disabled={loadingMore} testId="job-more">
            {t('list.more')}
          </BigButton>
        )}
      </section>
      <AsOf asOf={data?.last.asOf ?? null} />
    </Screen>
  );
}

function place(j: { county: { 'zh-CN': string; en: string }; township: { 'zh-CN': string; en: string }; village: { 'zh-CN': string; en: string } | null }, lang: UiLang): string {
  return [j.county, j.township, j.village].filter(Boolean).map((x) => tx(x, lang)).join(lang === 'zh-CN' ? ' ' : ', ');
}

function JobItem({ j, lang }: { j: JobSummary; lang: UiLang }): ReactElement {
  const { t } = useTranslation('content');
  return (
    <li>
      <button type="button" className="content-card" onClick={() => navigate(`/jobs/${encodeURIComponent(j.id)}`)} data-testid="job-item" lang={lang}>
        <span className="content-card__title">{tx(j.title, lang)}</span>
        <span className="content-card__line content-card__pay">
          <Icon name="money" /> {payText(j.pay, lang, t)}
        </span>
        <span className="content-card__line">
          <Icon name="house" /> {place(j, lang)} · {t('jobs.distance', { km: formatAmount(j.distanceKm) })}
        </span>
        <span className="content-card__meta">
          {tx(j.employer, lang)}
          {j.verified ? ` · ${t('job.verifiedShort')}` : ''} · {t(`employmentType.${j.employmentType}`)}
          {j.mealsProvided ? ` · ${t('job.mealsShort')}` : ''}
          {j.housingProvided ? ` · ${t('job.housingShort')}` : ''}
        </span>
        <Icon name="next" />
      </button>
    </li>
  );
}

export function JobDetail({ id }: { id: string }): ReactElement {
  const { t, i18n } = useTranslation('content');
  const { client } = useKiosk();
  const lang = uiLang(i18n.language);
  const [r, setR] = useState<JobDetailOutput | 'error' | null>(null);
  useEffect(() => {
    client.call('content.job', { id }).then(setR, () => setR('error'));
  }, [client, id]);
  if (r === null) return <Screen icon="jobs" title={t('list.loading')} testId="job-detail-loading"><p className="lead">{t('list.loading')}</p></Screen>;
  if (r === 'error' || !r.found)
    return (
      <Screen icon="warning" title={r !== 'error' && !r.found && r.reason === 'expired' ? t('job.expired') : t('job.notFound')} testId="job-not-found">
        <p className="lead">{t('job.notFoundBody')}</p>
        <BigButton icon="list" onClick={() => navigate('/jobs')} testId="back-to-jobs">
          {t('job.backToList')}
        </BigButton>
      </Screen>
    );
  const j = r.job;
  const yes = (b: boolean) => (b ? t('job.yes') : t('job.no'));
  const age = j.requirements.ageMin !== null && j.requirements.ageMax !== null ? t('job.ageRange', { min: j.requirements.ageMin, max: j.requirements.ageMax }) : j.requirements.ageMin !== null ? t('job.ageFrom', { min: j.requirements.ageMin }) : j.requirements.ageMax !== null ? t('job.ageTo', { max: j.requirements.ageMax }) : t('job.ageAny');
  return (
    <Screen icon="jobs" title={tx(j.title, lang)} testId="job-detail">
      <ReadAloud source={{ kind: 'job', id: r.id }} />
      <div className="content-detail" lang={lang}>
        <p className="content-detail__strong content-card__pay" data-testid="job-pay">
          <Icon name="money" /> {payText(j.pay, lang, t)}
        </p>
        <Section icon="jobs" title={t('job.duties')}>
          <p>{tx(j.duties, lang)}</p>
        </Section>
        <Section icon="user" title={t('job.employer')} testId="job-employer">
          <p>{tx(j.employer.name, lang)}</p>
          <p className={j.employer.verifiedByTownship ? 'content-ok' : ''}>
            <Icon name={j.employer.verifiedByTownship ? 'check' : 'warning'} /> {j.employer.verifiedByTownship ? t('job.verified') : t('job.notVerified')}
          </p>
          {j.repostedFrom && <p>{t('job.repostedFrom', { source: tx(j.repostedFrom, lang) })}</p>}
        </Section>
        <Section icon="house" title={t('job.place')}>
          <p>
            {place(j.location, lang)} · {t('jobs.distance', { km: formatAmount(j.location.distanceKm) })}
          </p>
        </Section>
        <Section icon="clock" title={t('job.when')}>
          <p>{t(`employmentType.${j.employmentType}`)}</p>
          <p>{tx(j.hours, lang)}</p>
          <p>{j.season ? t('job.season', { season: tx(j.season, lang) }) : t('job.allYear')}</p>
        </Section>
        <Section icon="home" title={t('job.mealsHousing')}>
          <p>
            {t('job.meals')}: {yes(j.mealsProvided)} · {t('job.housing')}: {yes(j.housingProvided)}
          </p>
          <p>{t('job.openings', { count: j.openings })}</p>
        </Section>
        <Section icon="check" title={t('job.requirements')}>
          <ul className="content-checklist">
            <li>
              <Icon name="check" /> <span>{tx(j.requirements.physical, lang)}</span>
            </li>
            <li>
              <Icon name="check" /> <span>{age}</span>
            </li>
            {j.requirements.experience && (
              <li>
                <Icon name="check" /> <span>{tx(j.requirements.experience, lang)}</span>
              </li>
            )}
          </ul>
        </Section>
        <Section icon="phone" title={t('job.contact')} testId="job-contact">
          {j.contactName && <p>{tx(j.contactName, lang)}</p>}
          <PhoneNumber phone={j.contactPhone} who={j.contactName ? tx(j.contactName, lang) : tx(j.employer.name, lang)} testId="job-contact-phone" />
        </Section>
        <p className="content-detail__source" data-testid="job-dates">
          {t('job.posted', { date: formatDay(j.datePosted, lang) })}
          <br />
          <strong data-testid="job-valid-through">{t('job.validThrough', { date: formatDay(j.validThrough, lang) })}</strong>
        </p>
        <div className="content-detail__actions">
          <BigButton icon="request" variant="primary" onClick={() => navigate(`/request/job-interest?jobId=${encodeURIComponent(r.id)}`)} testId="job-interested">
            {t('job.interested')}
          </BigButton>
          <PrintSlipButton kind="job" id={r.id} />
        </div>
        <ContinueOnPhone qr={r.qr} />
        <AsOf asOf={r.asOf} />
      </div>
    </Screen>
  );
}
