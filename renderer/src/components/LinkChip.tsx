// Offline-first honesty: whether requests can reach the township right now, and how many wait.
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useKiosk } from '../kiosk-context.js';
import { Icon } from './Icon.js';

export function LinkChip(): ReactElement {
  const { t } = useTranslation();
  const { status } = useKiosk();
  const link = status.link;
  const state = link?.link.state ?? 'not-configured';
  const label = state === 'online' ? t('link.online') : state === 'offline' ? t('link.offline') : state === 'paused' ? t('link.paused') : t('link.notConfigured');
  return (
    <p className={`link-chip link-chip--${state}`} data-testid="link-chip" role="status">
      <Icon name={state === 'online' ? 'cloud' : 'cloudOff'} /> {label}
      {link && link.queued > 0 ? <span className="link-chip__queued"> · {t('link.queued', { count: link.queued })}</span> : null}
    </p>
  );
}
