// After a badge scan: the PIN prompt. A big on-screen keypad (single taps), the PIN shown as
// dots, plain-words answers for a wrong PIN and for a locked badge.
import { useEffect, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { DataText } from '../../components/DataText.js';
import { BigButton } from '../../components/Button.js';
import { Screen } from '../../components/Screen.js';
import { useKiosk } from '../../kiosk-context.js';
import { navigate } from '../../router.js';
import { updateScanSession, useScanSession } from '../../session/scan-session.js';
import './attendant.css';

type Problem = { kind: 'wrong'; triesLeft: number } | { kind: 'locked'; until: string } | { kind: 'disabled' } | { kind: 'failed' } | null;

function timeOf(iso: string, lang: string): string {
  try {
    return new Date(iso).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' });
  } catch {
    return iso;
  }
}

export function PinScreen(): ReactElement {
  const { t, i18n } = useTranslation('devices');
  const { client } = useKiosk();
  const { badgeId } = useScanSession();
  const [pin, setPin] = useState('');
  const [problem, setProblem] = useState<Problem>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!badgeId) return;
    client
      .call('attendant.badge', { badgeId })
      .then((r) => setProblem(r.result === 'locked' ? { kind: 'locked', until: r.until } : r.result === 'disabled' ? { kind: 'disabled' } : null))
      .catch(() => setProblem({ kind: 'failed' }));
  }, [client, badgeId]);

  if (!badgeId) {
    return (
      <Screen icon="lock" title={t('attendant.pin.title')} testId="attendant-pin-none">
        <p className="lead">{t('attendant.pin.scanBadge')}</p>
        <BigButton icon="home" variant="primary" onClick={() => navigate('/')}>
          {t('scan.backHome')}
        </BigButton>
      </Screen>
    );
  }
  const locked = problem?.kind === 'locked' || problem?.kind === 'disabled';
  const submit = () => {
    if (pin.length < 4 || busy || locked) return;
    // The entered PIN goes with this check and the field empties now; the keys wait until
    // the answer is in, so no digit typed meanwhile is silently thrown away.
    const entered = pin;
    setPin('');
    setBusy(true);
    client
      .call('attendant.verifyPin', { badgeId, pin: entered })
      .then((r) => {
        if (r.result === 'ok') {
          updateScanSession({ attendant: { token: r.token, name: r.name }, badgeId: null });
          navigate('/attendant');
        } else if (r.result === 'locked') setProblem({ kind: 'locked', until: r.until });
        else if (r.result === 'disabled') setProblem({ kind: 'disabled' });
        else setProblem({ kind: 'wrong', triesLeft: r.triesLeft });
      })
      .catch(() => setProblem({ kind: 'failed' }))
      .finally(() => setBusy(false));
  };
  const press = (d: string) => {
    if (!locked && !busy && pin.length < 8) setPin(pin + d);
  };
  return (
    <Screen icon="lock" title={t('attendant.pin.title')} testId="attendant-pin">
      <p className="lead"><DataText ns="devices" k="attendant.pin.body" values={{ badge: badgeId }} /></p>
      <p className="pin-dots" aria-live="polite" data-testid="pin-dots" aria-label={t('attendant.pin.entered', { count: pin.length })}>
        {pin.length ? '●'.repeat(pin.length) : t('attendant.pin.empty')}
      </p>
      {problem && (
        <p className="lead pin-problem" role="alert" data-testid="pin-problem" data-kind={problem.kind} data-tries-left={problem.kind === 'wrong' ? problem.triesLeft : undefined}>
          {problem.kind === 'wrong'
            ? t('attendant.pin.wrong', { count: problem.triesLeft })
            : problem.kind === 'locked'
              ? t('attendant.pin.locked', { time: timeOf(problem.until, i18n.language) })
              : problem.kind === 'disabled'
                ? t('attendant.pin.disabled')
                : t('attendant.pin.failed')}
        </p>
      )}
      <div className="pin-keypad" role="group" aria-label={t('attendant.pin.keypad')}>
        {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => (
          <BigButton key={d} icon="keypad" onClick={() => press(d)} disabled={locked || busy} testId={`pin-key-${d}`}>
            {d}
          </BigButton>
        ))}
        <BigButton icon="back" onClick={() => setPin(pin.slice(0, -1))} disabled={locked || busy} testId="pin-delete">
          {t('attendant.pin.delete')}
        </BigButton>
        <BigButton icon="keypad" onClick={() => press('0')} disabled={locked || busy} testId="pin-key-0">
          0
        </BigButton>
        <BigButton icon="check" variant="primary" onClick={submit} disabled={locked || busy || pin.length < 4} testId="pin-ok">
          {t('attendant.pin.ok')}
        </BigButton>
      </div>
    </Screen>
  );
}
