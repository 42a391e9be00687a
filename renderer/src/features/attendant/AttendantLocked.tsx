// What an attendant-only screen shows when nobody is signed in (or the session ended):
// the same for the dashboard and the settings screen.
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { BigButton } from '../../components/Button.js';
import { Screen } from '../../components/Screen.js';
import { navigate } from '../../router.js';

export function AttendantLocked(): ReactElement {
  const { t } = useTranslation('devices');
  return (
    <Screen icon="lock" title={t('attendant.lockedTitle')} testId="attendant-locked">
      <p className="lead">{t('attendant.lockedBody')}</p>
      <BigButton icon="home" variant="primary" onClick={() => navigate('/')}>
        {t('scan.backHome')}
      </BigButton>
    </Screen>
  );
}
