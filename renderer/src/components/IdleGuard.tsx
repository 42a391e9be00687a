// When nobody has touched the screen for a while, ask "are you still there?" with a big
// "keep using" button and a countdown; then wipe the session so the next villager sees
// nothing of the previous one (forms, scanned card, search text, settings).
import { useEffect, useRef, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useKiosk } from '../kiosk-context.js';
import { BigButton } from './Button.js';
import { Modal } from './Modal.js';

export function IdleGuard({ active }: { active: boolean }): ReactElement | null {
  const { t } = useTranslation();
  const { info, resetSession } = useKiosk();
  const [warning, setWarning] = useState<number | null>(null);
  const lastActivity = useRef(Date.now());

  useEffect(() => {
    const touch = () => {
      lastActivity.current = Date.now();
    };
    const events = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const;
    for (const e of events) window.addEventListener(e, touch, { capture: true, passive: true });
    return () => {
      for (const e of events) window.removeEventListener(e, touch, { capture: true });
    };
  }, []);

  useEffect(() => {
    lastActivity.current = Date.now();
    if (!active) {
      setWarning(null);
      return;
    }
    const timer = window.setInterval(() => {
      const idleSeconds = (Date.now() - lastActivity.current) / 1000;
      const warnAt = info.idle.warnAfterSeconds;
      const resetAt = warnAt + info.idle.resetAfterSeconds;
      if (idleSeconds >= resetAt) {
        setWarning(null);
        resetSession();
      } else if (idleSeconds >= warnAt) {
        setWarning(Math.ceil(resetAt - idleSeconds));
      } else {
        setWarning(null);
      }
    }, 500);
    return () => window.clearInterval(timer);
  }, [active, info.idle.warnAfterSeconds, info.idle.resetAfterSeconds, resetSession]);

  if (warning === null) return null;
  return (
    <Modal
      icon="clock"
      title={t('idle.title')}
      testId="idle-warning"
      actions={
        <>
          <BigButton
            icon="check"
            variant="primary"
            testId="idle-keep-using"
            onClick={() => {
              lastActivity.current = Date.now();
              setWarning(null);
            }}
          >
            {t('idle.keepUsing')}
          </BigButton>
          <BigButton icon="close" testId="idle-finish" onClick={resetSession}>
            {t('idle.finish')}
          </BigButton>
        </>
      }
    >
      <p>{t('idle.body', { seconds: warning })}</p>
    </Modal>
  );
}
