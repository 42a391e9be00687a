// Per-villager scan state: the household card scanned, the link waiting to be shown as a QR,
// the last unknown scan, the badge waiting for its PIN and the attendant session. It lives
// outside React so the scan router (which opens the screens) and the screens share it, and
// it is wiped with the session (ScanRouter remounts on every session reset and clears it).
// The attendant session alone is also kept in localStorage (attendant-store.ts), so that a
// kiosk restart does not sign the attendant out; clearing the session removes it there too.
// It sits in renderer/src/session/, outside every feature folder, because the scan, attendant
// and request screens all read it (a feature folder holding it made the folders import in a cycle).
import { useSyncExternalStore } from 'react';
import type { HouseholdCard, ScanRoute } from '#contract/devices.js';
import { loadStoredAttendant, storeAttendant } from './attendant-store.js';

export interface ScanSession {
  household: HouseholdCard | null;
  link: string | null;
  unknown: { preview: string; route: ScanRoute } | null;
  badgeId: string | null;
  attendant: { token: string; name: string } | null;
  /** The signed-in attendant is filing a request for a walk-in (assisted filing). */
  assisting: boolean;
  /** The dashboard's scanner test: waiting for a scan, or the last scan (shown as text only). */
  testScan: 'armed' | { preview: string; source: string; at: string } | null;
}

const EMPTY: ScanSession = { household: null, link: null, unknown: null, badgeId: null, attendant: null, assisting: false, testScan: null };
let state: ScanSession = { ...EMPTY, attendant: loadStoredAttendant() };
const listeners = new Set<() => void>();

export function getScanSession(): ScanSession {
  return state;
}

export function updateScanSession(change: Partial<ScanSession>): void {
  state = { ...state, ...change };
  if (!state.attendant) state = { ...state, assisting: false, testScan: null };
  if ('attendant' in change) storeAttendant(state.attendant);
  for (const l of listeners) l();
}

export function clearScanSession(): void {
  state = EMPTY;
  storeAttendant(null);
  for (const l of listeners) l();
}

export function useScanSession(): ScanSession {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => state,
  );
}

// A scanned household card belongs to this visit only: going back to the start forgets it,
// the same rule the request forms' pre-fill follows (features/requests/household.ts).
if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', () => {
    const h = window.location.hash.replace(/^#/, '');
    if ((h === '' || h === '/') && (state.household || state.assisting)) updateScanSession({ household: null, assisting: false });
  });
}
