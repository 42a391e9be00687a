// "Call staff": on every screen, one tap alerts the hall attendant.
import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useKiosk } from '../kiosk-context.js';
import { currentPath } from '../router.js';
import { BigButton } from './Button.js';
import { Modal } from './Modal.js';
import { playStaffChime } from '../sound/tone.js';

export function StaffButton(): ReactElement {
  const { t } = useTranslation();
  const { client } = useKiosk();
  const [result, setResult] = useState<'called' | 'failed' | null>(null);
  const onCall = () => {
    client
      .call('staff.call', { screen: currentPath().slice(0, 100) })
      .then(() => {
        playStaffChime();
        setResult('called');
      })
      .catch(() => setResult('failed'));
  };
  return (
    <>
      <BigButton icon="staff" variant="danger" onClick={onCall} testId="call-staff">
        {t('staff.call')}
      </BigButton>
      {result && (
        <Modal
          icon={result === 'called' ? 'check' : 'warning'}
          title={t(result === 'called' ? 'staff.calledTitle' : 'staff.failedTitle')}
          testId="staff-dialog"
          actions={
            <BigButton icon="check" variant="primary" onClick={() => setResult(null)}>
              {t('staff.ok')}
            </BigButton>
          }
        >
          <p>{t(result === 'called' ? 'staff.calledBody' : 'staff.failedBody')}</p>
        </Modal>
      )}
    </>
  );
}
