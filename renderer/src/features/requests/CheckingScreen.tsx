// "Checking whether your request was saved": shown when the answer to a submit was lost (the
// connection was cut, the kiosk service restarted, or its disk failed during the save). It
// asks the runtime about the same submission id (requests.lookupSubmission) until the runtime
// answers, then shows "saved" or, only when the runtime is certain, "not saved".
import { useEffect, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Screen } from '../../components/Screen.js';
import { useKiosk } from '../../kiosk-context.js';

/** A new client-made submission id (UUID v4). */
export function newSubmissionId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 5000;

export function CheckingScreen({ submissionId, onSaved, onNotSaved }: { submissionId: string; onSaved: (id: string) => void; onNotSaved: () => void }): ReactElement {
  const { t } = useTranslation('requests');
  const { client } = useKiosk();
  const [storageProblem, setStorageProblem] = useState(false);
  const [tries, setTries] = useState(0);

  useEffect(() => {
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let delay = FIRST_RETRY_MS;
    const ask = async () => {
      try {
        const r = await client.call('requests.lookupSubmission', { submissionId });
        if (!alive) return;
        if (r.state === 'saved') return onSaved(r.id);
        if (r.state === 'not-saved') return onNotSaved();
        setStorageProblem(true);
      } catch {
        // The runtime did not answer (restarting?): ask again.
      }
      if (!alive) return;
      setTries((n) => n + 1);
      timer = setTimeout(() => void ask(), delay);
      delay = Math.min(delay * 2, MAX_RETRY_MS);
    };
    void ask();
    return () => {
      alive = false;
      if (timer) clearTimeout(timer);
    };
    // onSaved/onNotSaved are fresh closures each render; the check runs once per submission.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, submissionId]);

  return (
    <Screen icon="clock" title={t('checking.title')} testId="request-checking">
      <p className="lead" role="status" aria-live="polite" data-tries={tries}>
        {t('checking.lead')}
      </p>
      {storageProblem && (
        <p className="lead req-problem" role="alert" data-testid="request-checking-storage">
          {t('checking.storage')}
        </p>
      )}
      <p className="req-hint">{t('checking.wait')}</p>
    </Screen>
  );
}
