// Shown on a request form while the attendant files it for a walk-in: who is filing, and a
// way to stop (back to the dashboard).
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { DataText } from '../../components/DataText.js';
import { BigButton } from '../../components/Button.js';
import { navigate } from '../../router.js';
import { updateScanSession, useScanSession } from '../../session/scan-session.js';

export function AssistedNote(): ReactElement | null {
  const { t } = useTranslation('devices');
  const { attendant, assisting } = useScanSession();
  if (!assisting || !attendant) return null;
  return (
    <div className="assisted-note" role="note" data-testid="assisted-note">
      <p className="lead"><DataText ns="devices" k="attendant.assisted.note" values={{ name: attendant.name }} /></p>
      <BigButton
        icon="back"
        onClick={() => {
          updateScanSession({ assisting: false });
          navigate('/attendant');
        }}
        testId="assisted-stop"
      >
        {t('attendant.assisted.stop')}
      </BigButton>
    </div>
  );
}
