// Dashboard: the township link in facts: address, link state, last sync, content version.
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttendantOverview } from '#contract/devices.js';

type Facts = Extract<AttendantOverview, { result: 'ok' }>['township'];

export function TownshipFacts({ facts, link }: { facts: Facts; link: string }): ReactElement {
  const { t, i18n } = useTranslation('devices');
  const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(i18n.language) : t('attendant.township.never'));
  return (
    <dl className="attendant-facts" data-testid="attendant-township">
      <dt>{t('attendant.township.url')}</dt>
      <dd data-testid="attendant-township-url" data-i18n-exempt="">{facts.url ?? t('attendant.link.not-configured')}</dd>
      <dt>{t('attendant.township.state')}</dt>
      <dd>{t(`attendant.link.${link}`)}</dd>
      <dt>{t('attendant.township.lastSync')}</dt>
      <dd data-testid="attendant-last-sync">{when(facts.lastSyncAt)}</dd>
      <dt>{t('attendant.township.version')}</dt>
      <dd data-testid="attendant-content-version" data-i18n-exempt="">{facts.contentVersion}</dd>
    </dl>
  );
}
