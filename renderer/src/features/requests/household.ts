// Household pre-fill for the request forms: THE ENTRY POINT FOR THE SCANNER.
//
//   import { prefillFromHousehold, clearHouseholdPrefill, useHouseholdPrefill } from '../requests/household.js';
//
//   prefillFromHousehold({ householdId, village, maskedName })
//       Call when a household card has been scanned (and verified). Any open request form
//       fills in the household (and, for an agronomist visit, the village) at once; a form
//       opened later starts with it. Returns nothing; never throws.
//   clearHouseholdPrefill()
//       "Not my household" / session wipe.
//   useHouseholdPrefill(): HouseholdPrefill | null
//       React hook the forms use.
//
// Lifetime: one villager's session. It is wiped when the screen goes back to the start
// (the idle wipe and "home" both navigate to '#/'), so the next person never sees it.
// Only the household id is sent with a request; the masked name and village are shown.
import { useSyncExternalStore } from 'react';

export interface HouseholdPrefill {
  householdId: string;
  village: string;
  /** Already masked (e.g. 张**); shown only. */
  maskedName: string;
}

let current: HouseholdPrefill | null = null;
const listeners = new Set<() => void>();

function notify(): void {
  for (const l of listeners) l();
}

export function prefillFromHousehold(card: HouseholdPrefill): void {
  if (!/^[A-Za-z0-9-]{4,40}$/.test(card.householdId)) return;
  current = { householdId: card.householdId, village: card.village.slice(0, 40), maskedName: card.maskedName.slice(0, 20) };
  notify();
}

export function clearHouseholdPrefill(): void {
  if (current === null) return;
  current = null;
  notify();
}

export function getHouseholdPrefill(): HouseholdPrefill | null {
  return current;
}

export function useHouseholdPrefill(): HouseholdPrefill | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}

if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', () => {
    const h = window.location.hash.replace(/^#/, '');
    if (h === '' || h === '/') clearHouseholdPrefill();
  });
}
