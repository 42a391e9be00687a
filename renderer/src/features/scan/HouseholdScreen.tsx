// The household page a scanned household card opens: masked name, village, what the card
// says about the household (tags), the policies those tags point to and their officials.
// The card stays for this visit (request forms pre-fill from it) until the screen goes back
// to the start, the idle wipe, or "not my household".
import { useEffect, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { PoliciesForOutput } from '#contract/content.js';
import type { HouseholdRequestsOutput } from '#contract/requests.js';
import { useKiosk } from '../../kiosk-context.js';
import { PhoneNumber } from '../content/PhoneNumber.js';
import { BigButton } from '../../components/Button.js';
import { Screen } from '../../components/Screen.js';
import { navigate } from '../../router.js';
import { clearScanSession, useScanSession } from '../../session/scan-session.js';
import { clearHouseholdPrefill } from '../requests/household.js';
import { ReadAloud } from '../speech/ReadAloud.js';
import './scan.css';

const KNOWN_TAGS = ['senior', 'farmer', 'low-income', 'disabled', 'job-seeker', 'family-with-children', 'migrant-worker'] as const;

type Tag = (typeof KNOWN_TAGS)[number];

/** The policies a household's tags point to, with the officials in charge of them. */
function MatchingPolicies({ tags }: { tags: Tag[] }): ReactElement {
  const { t, i18n } = useTranslation('devices');
  const { client } = useKiosk();
  const [found, setFound] = useState<PoliciesForOutput | null | 'failed'>(null);
  const key = tags.join(',');
  useEffect(() => {
    let live = true;
    client
      .call('content.policiesFor', { tags: key ? (key.split(',') as Tag[]) : [] })
      .then((r) => live && setFound(r))
      .catch(() => live && setFound('failed'));
    return () => {
      live = false;
    };
  }, [client, key]);
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  if (found === null) return <p className="lead">{t('household.loading')}</p>;
  if (found === 'failed') return <p className="lead">{t('household.matchFailed')}</p>;
  return (
    <>
      <h2 className="section-title">{t('household.matchTitle')}</h2>
      {found.items.length === 0 ? (
        <p className="lead" data-testid="household-match-none">
          {t('household.matchNone')}
        </p>
      ) : (
        <ul className="household-policies" data-testid="household-policies-list">
          {found.items.map((p) => (
            <li key={p.id}>
              <BigButton icon="policy" onClick={() => navigate(`/policies/${encodeURIComponent(p.id)}`)} testId={`household-policy-${p.id}`}>
                {p.title[lang]}
              </BigButton>
            </li>
          ))}
        </ul>
      )}
      {found.officials.length > 0 && (
        <>
          <h2 className="section-title">{t('household.officialsTitle')}</h2>
          <ul className="household-officials" data-testid="household-officials">
            {found.officials.map((o) => (
              <li key={`${o.name['zh-CN']}-${o.phone}`}>
                <span>
                  <strong>{o.name[lang]}</strong> · {o.title[lang]}
                </span>
                <PhoneNumber phone={o.phone} who={o.name[lang]} />
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/** This household's requests filed at this kiosk with the card, and where each one is. */
function HouseholdRequests({ householdId }: { householdId: string }): ReactElement {
  const { t, i18n } = useTranslation('devices');
  const { t: tr } = useTranslation('requests');
  const { client } = useKiosk();
  const [found, setFound] = useState<HouseholdRequestsOutput | null | 'failed'>(null);
  useEffect(() => {
    let live = true;
    client
      .call('requests.forHousehold', { householdId })
      .then((r) => live && setFound(r))
      .catch(() => live && setFound('failed'));
    return () => {
      live = false;
    };
  }, [client, householdId]);
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  if (found === null) return <p className="lead">{t('household.loading')}</p>;
  if (found === 'failed') return <p className="lead">{t('household.requestsFailed')}</p>;
  return (
    <>
      <h2 className="section-title">{t('household.requestsTitle')}</h2>
      {found.items.length === 0 ? (
        <p className="lead" data-testid="household-requests-none">
          {t('household.requestsNone')}
        </p>
      ) : (
        <ul className="household-requests" data-testid="household-requests">
          {found.items.map((r) => (
            <li key={r.id} data-code={r.code} data-status={r.current}>
              <BigButton icon="status" onClick={() => navigate(`/status/${encodeURIComponent(r.code)}`)} testId={`household-request-${r.code}`}>
                <span>
                  <strong>{tr(`types.${r.type}.title`)}</strong> · <span data-i18n-exempt="">{r.code}</span>
                </span>
                <span className="household-requests__status">
                  {tr(`statuses.${r.current}`)} · {new Date(r.updatedAt).toLocaleString(lang, { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' })}
                </span>
              </BigButton>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** The official in charge of the household, as printed on its card (VKH2 cards carry it). */
function OfficialInCharge({ official }: { official: { name: string; phone: string } }): ReactElement {
  const { t } = useTranslation('devices');
  return (
    <>
      <h2 className="section-title">{t('household.inChargeTitle')}</h2>
      <p className="household-in-charge" data-testid="household-in-charge">
        <strong data-i18n-exempt="">{official.name}</strong>
        <PhoneNumber phone={official.phone} who={official.name} />
      </p>
    </>
  );
}

export function HouseholdScreen(): ReactElement {
  const { t } = useTranslation('devices');
  const { household } = useScanSession();
  if (!household) {
    return (
      <Screen icon="house" title={t('household.noneTitle')} testId="household-none">
        <p className="lead">{t('household.noneBody')}</p>
        <BigButton icon="home" variant="primary" onClick={() => navigate('/')}>
          {t('scan.backHome')}
        </BigButton>
      </Screen>
    );
  }
  const tags = household.tags.filter((tag): tag is (typeof KNOWN_TAGS)[number] => (KNOWN_TAGS as readonly string[]).includes(tag));
  return (
    <Screen icon="house" title={t('household.title', { name: household.maskedName })} testId="household">
      <ReadAloud />
      <dl className="household-facts">
        <div>
          <dt>{t('household.name')}</dt>
          <dd data-testid="household-name">{household.maskedName}</dd>
        </div>
        <div>
          <dt>{t('household.village')}</dt>
          <dd data-testid="household-village">{household.village}</dd>
        </div>
      </dl>
      <h2 className="section-title">{t('household.tagsTitle')}</h2>
      {tags.length ? (
        <ul className="household-tags" data-testid="household-tags">
          {tags.map((tag) => (
            <li key={tag}>{t(`household.tags.${tag}`)}</li>
          ))}
        </ul>
      ) : (
        <p className="lead">{t('household.noTags')}</p>
      )}
      {household.official && <OfficialInCharge official={household.official} />}
      <MatchingPolicies tags={tags} />
      <HouseholdRequests householdId={household.householdId} />
      <p className="lead">{t('household.prefillNote')}</p>
      <div className="scan-actions">
        <BigButton icon="policy" variant="primary" onClick={() => navigate('/policies')} testId="household-policies">
          {t('household.seePolicies')}
        </BigButton>
        <BigButton icon="request" onClick={() => navigate('/request')} testId="household-request">
          {t('household.startRequest')}
        </BigButton>
        <BigButton
          icon="close"
          onClick={() => {
            clearScanSession();
            clearHouseholdPrefill();
            navigate('/');
          }}
          testId="household-forget"
        >
          {t('household.forget')}
        </BigButton>
      </div>
    </Screen>
  );
}
