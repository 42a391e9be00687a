// "Call staff": on every screen, one tap alerts the hall attendant, naming the screen the
// villager is on. The dialog then waits for the attendant to acknowledge the call on the
// dashboard and says "help is coming" when they have.
import { useEffect, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useKiosk } from '../kiosk-context.js';
import { currentPath } from '../router.js';
import { BigButton } from './Button.js';
import { Modal } from './Modal.js';
import { playStaffChime } from '../sound/tone.js';

type Result = { kind: 'called'; id: number | null } | { kind: 'coming' } | { kind: 'failed' } | null;

export function StaffButton(): ReactElement {
  const { t } = useTranslation();
  const { client } = useKiosk();
  const [result, setResult] = useState<Result>(null);
  const onCall = () => {
    client
      .call('staff.call', { screen: currentPath().slice(0, 100) })
      .then((r) => {
        playStaffChime();
        setResult({ kind: 'called', id: r.id ?? null });
      })
      .catch(() => setResult({ kind: 'failed' }));
  };
  const waitingId = result?.kind === 'called' ? result.id : null; // null: nothing to wait for
  useEffect(() => {
    if (waitingId === null) return;
    const timer = window.setInterval(() => {
      client
        .call('staff.callStatus', { id: waitingId })
        .then((s) => {
          if (s.acknowledgedAt) setResult((r) => (r?.kind === 'called' && r.id === waitingId ? { kind: 'coming' } : r));
        })
        .catch(() => undefined);
    }, 2000);
    return () => window.clearInterval(timer);
  }, [client, waitingId]);
  const title = result?.kind === 'coming' ? 'staff.comingTitle' : result?.kind === 'called' ? 'staff.calledTitle' : 'staff.failedTitle';
  const body = result?.kind === 'coming' ? 'staff.comingBody' : result?.kind === 'called' ? 'staff.calledBody' : 'staff.failedBody';
  return (
    <>
      <BigButton icon="staff" variant="danger" onClick={onCall} testId="call-staff">
        {t('staff.call')}
      </BigButton>
      {result && (
        <Modal
          icon={result.kind === 'failed' ? 'warning' : 'check'}
          title={t(title)}
          testId="staff-dialog"
          actions={
            <BigButton icon="check" variant="primary" onClick={() => setResult(null)}>
              {t('staff.ok')}
            </BigButton>
          }
        >
          <p data-testid="staff-dialog-state" data-state={result.kind}>
            {t(body)}
          </p>
        </Modal>
      )}
    </>
  );
}
