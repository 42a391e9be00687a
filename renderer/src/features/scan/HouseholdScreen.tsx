// The household page a scanned household card opens: masked name, village, what the card
// says about the household (tags) and the policy areas that may apply. The card stays in the
// session (request forms pre-fill from it) until the idle wipe or "not my household".
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { BigButton } from '../../components/Button.js';
import { Screen } from '../../components/Screen.js';
import { navigate } from '../../router.js';
import { clearScanSession, useScanSession } from './scan-session.js';
import { clearHouseholdPrefill } from '../requests/household.js';
import './scan.css';

const KNOWN_TAGS = ['senior', 'farmer', 'low-income', 'disabled', 'job-seeker', 'family-with-children', 'migrant-worker'] as const;

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
