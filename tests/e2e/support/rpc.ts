// Calls the kiosk's RPC from inside the page, with the session token the page received,
// exactly as the UI does: for test set-up that a villager would do through several screens.
// `attendant` is an attendant session (from signInAttendant) for attendant-only calls.
import type { Page } from '@playwright/test';
import { paths } from '../../../src/contract/define.js';

export async function rpc<T>(page: Page, name: string, input: unknown, attendant?: string): Promise<T> {
  return page.evaluate(
    async ({ name, input, attendant, header }) => {
      const token = document.querySelector<HTMLMetaElement>('meta[name="kiosk-session-token"]')!.content;
      const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
      if (attendant) headers[header] = attendant;
      const res = await fetch(`/rpc/${name}`, { method: 'POST', headers, body: JSON.stringify(input) });
      if (!res.ok) throw new Error(`${name}: HTTP ${res.status} ${await res.text()}`);
      return res.json();
    },
    { name, input, attendant: attendant ?? null, header: paths.attendantHeader },
  ) as Promise<T>;
}

/** Signs a demo badge in (as the PIN screen does) and returns the attendant session. */
export async function signInAttendant(page: Page, badgeId: string, pin: string): Promise<string> {
  const r = await rpc<{ result: string; token?: string }>(page, 'attendant.verifyPin', { badgeId, pin });
  if (r.result !== 'ok' || !r.token) throw new Error(`attendant ${badgeId} could not sign in: ${JSON.stringify(r)}`);
  return r.token;
}
