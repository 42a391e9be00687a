// "Storage problem, please ask staff": shown on every screen while the runtime reports that
// its storage is failing (event storageStatus, src/core/storage-health.ts).
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useKiosk } from '../kiosk-context.js';
import { Icon } from './Icon.js';

export function StorageBanner(): ReactElement | null {
  const { t } = useTranslation();
  const { status } = useKiosk();
  if (status.storage?.state !== 'failing') return null;
  return (
    <p className="storage-banner" role="alert" data-testid="storage-problem">
      <Icon name="warning" /> {t('storage.problem')}
    </p>
  );
}
