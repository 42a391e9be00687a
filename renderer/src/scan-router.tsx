// Receives every routed scan (scanner, simulator, keyboard wedge), confirms it with a sound
// and big plain-words text, and opens the right screen. The keyboard-wedge listener also
// lives here: a scanner "typing" is caught before any field sees it and sent to the runtime
// (scan.submitWedge), so it is routed exactly like a scan from the HID driver.
// Scanned text is only ever rendered as React text (escaped), never as markup.
import { useEffect, useRef, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScanRoutedEvent } from '../../src/contract/devices.js';
import { Icon } from './components/Icon.js';
import { useKiosk } from './kiosk-context.js';
import { navigate } from './router.js';
import { destinationOf, isKnown } from './features/scan/destinations.js';
import { clearScanSession, getScanSession, updateScanSession } from './session/scan-session.js';
import { playScanTone } from './sound/tone.js';
import { installWedgeListener } from './features/scan/wedge.js';
import { prefillFromHousehold } from './features/requests/household.js';

const OVERLAY_MS = 3500;

/** For measurements (tests/bench/scan.bench.ts): the last scan and when the UI acted on it. */
declare global {
  interface Window {
    __kioskLastScan?: { id: string; atMs: number; route: string; handledAtMs: number };
  }
}

// The first mount after the page loads keeps a stored attendant session (a kiosk restart
// does not sign the attendant out); every later mount is a new villager session.
let firstMount = true;

export function ScanRouter(): ReactElement | null {
  const { t } = useTranslation('devices');
  const { client } = useKiosk();
  const [shown, setShown] = useState<ScanRoutedEvent | null>(null);
  const hideTimer = useRef<number | null>(null);

  // Mounted once per villager session: a new session starts with no scanned card, link or badge.
  useEffect(() => {
    const previous = getScanSession().attendant;
    if (firstMount && previous) {
      firstMount = false;
      clearScanSession();
      updateScanSession({ attendant: previous });
      return;
    }
    firstMount = false;
    if (previous) client.call('attendant.lock', { token: previous.token }).catch(() => undefined);
    clearScanSession();
  }, [client]);

  useEffect(() => {
    const onScan = (e: ScanRoutedEvent) => {
      const r = e.route;
      // The attendant's "test the scanner": the scan is shown as text on the dashboard, not opened.
      if (getScanSession().testScan === 'armed' && getScanSession().attendant) {
        updateScanSession({ testScan: { preview: e.preview, source: e.source, at: e.at } });
        return;
      }
      if (r.kind === 'household') {
        updateScanSession({ household: r.card });
        prefillFromHousehold({ householdId: r.card.householdId, village: r.card.village, maskedName: r.card.maskedName });
      }
      if (r.kind === 'url') updateScanSession({ link: r.url });
      if (r.kind === 'badge') updateScanSession({ badgeId: r.badgeId });
      if (r.kind === 'unknown' || r.kind === 'invalid-card') updateScanSession({ unknown: { preview: e.preview, route: r } });
      // Payment codes and ID numbers: only the masked form ever reaches the screen.
      if (r.kind === 'payment-code' || r.kind === 'id-number') updateScanSession({ unknown: { preview: r.masked, route: r } });
      const dest = destinationOf(r);
      navigate(dest);
      window.__kioskLastScan = { id: e.id, atMs: e.atMs, route: dest, handledAtMs: performance.timeOrigin + performance.now() };
      playScanTone(isKnown(r) ? 'ok' : 'unknown');
      setShown(e);
      if (hideTimer.current !== null) window.clearTimeout(hideTimer.current);
      hideTimer.current = window.setTimeout(() => setShown(null), OVERLAY_MS);
    };
    const off = client.subscribe({ scanRouted: onScan });
    return () => {
      off();
      if (hideTimer.current !== null) window.clearTimeout(hideTimer.current);
    };
  }, [client]);

  useEffect(
    () =>
      installWedgeListener((text) => {
        client.call('scan.submitWedge', { text }).catch(() => undefined);
      }),
    [client],
  );

  if (!shown) return null;
  const r = shown.route;
  let what: string;
  switch (r.kind) {
    case 'receipt':
      what = t('scan.overlay.receipt', { code: r.code });
      break;
    case 'household':
      what = t('scan.overlay.household', { name: r.card.maskedName });
      break;
    case 'policy':
      what = t('scan.overlay.policy');
      break;
    case 'job':
      what = t('scan.overlay.job');
      break;
    case 'village':
      what = t('scan.overlay.village', { name: r.name });
      break;
    case 'badge':
      what = t('scan.overlay.badge');
      break;
    case 'url':
      what = t('scan.overlay.url');
      break;
    case 'enrolment':
      what = t('scan.overlay.enrolment');
      break;
    case 'invalid-card':
      what = t('scan.overlay.invalidCard');
      break;
    case 'unknown':
      what = t('scan.overlay.unknown');
      break;
    case 'payment-code':
      what = t('scan.overlay.paymentCode');
      break;
    case 'id-number':
      what = t('scan.overlay.idNumber');
      break;
  }
  return (
    <div className={`scan-overlay scan-overlay--${isKnown(r) ? 'ok' : 'unknown'}`} role="status" aria-live="polite" data-testid="scan-overlay" data-kind={r.kind}>
      <Icon name={isKnown(r) ? 'check' : 'warning'} size="1.3em" />
      <p className="scan-overlay__text">
        <span className="scan-overlay__label">{t('scan.overlay.scanned')}</span> {what}
      </p>
    </div>
  );
}
