// The attendant screens sign out after attendant.idleSignOutSeconds (default 2 minutes)
// without a touch or key: the session is ended in the runtime, forgotten here, and the kiosk
// goes back to the villagers' start screen. Returns the seconds left once fewer than 30 remain.
import { useEffect, useRef, useState } from 'react';
import { useKiosk } from '../../kiosk-context.js';
import { navigate } from '../../router.js';
import { getScanSession, updateScanSession } from '../../session/scan-session.js';

export function signOutAttendant(client: ReturnType<typeof useKiosk>['client']): void {
  const a = getScanSession().attendant;
  if (a) void client.call('attendant.lock', { token: a.token }).catch(() => undefined);
  updateScanSession({ attendant: null, assisting: false, testScan: null });
}

export function useAttendantIdle(active: boolean): number | null {
  const { client, info } = useKiosk();
  const limit = info.attendantIdleSeconds ?? 120;
  const last = useRef(Date.now());
  const [left, setLeft] = useState<number | null>(null);

  useEffect(() => {
    if (!active) return;
    last.current = Date.now();
    const touch = () => {
      last.current = Date.now();
    };
    const events = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const;
    for (const e of events) window.addEventListener(e, touch, { capture: true, passive: true });
    const timer = window.setInterval(() => {
      const idle = (Date.now() - last.current) / 1000;
      if (idle >= limit) {
        signOutAttendant(client);
        navigate('/');
        setLeft(null);
      } else setLeft(limit - idle <= 30 ? Math.ceil(limit - idle) : null);
    }, 1000);
    return () => {
      window.clearInterval(timer);
      for (const e of events) window.removeEventListener(e, touch, { capture: true });
    };
  }, [active, client, limit]);
  return left;
}
