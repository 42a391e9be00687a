// Keeps the attendant's session across a kiosk restart (the runtime keeps it too, hashed,
// migration 007). Only the session token and the attendant's display name are stored; the
// runtime decides whether the token is still good (attendant.overview says "locked" if not).
const KEY = 'kiosk.attendant';

export function loadStoredAttendant(): { token: string; name: string } | null {
  try {
    const raw = typeof localStorage === 'undefined' ? null : localStorage.getItem(KEY);
    if (!raw) return null;
    const v = JSON.parse(raw) as { token?: unknown; name?: unknown };
    return typeof v.token === 'string' && typeof v.name === 'string' ? { token: v.token, name: v.name } : null;
  } catch {
    return null;
  }
}

export function storeAttendant(a: { token: string; name: string } | null): void {
  try {
    if (typeof localStorage === 'undefined') return;
    if (a) localStorage.setItem(KEY, JSON.stringify(a));
    else localStorage.removeItem(KEY);
  } catch {
    /* storage full or off: the sign-in just does not survive a restart */
  }
}
