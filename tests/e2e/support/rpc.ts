// Calls the kiosk's RPC from inside the page, with the session token the page received,
// exactly as the UI does: for test set-up that a villager would do through several screens.
import type { Page } from '@playwright/test';

export async function rpc<T>(page: Page, name: string, input: unknown): Promise<T> {
  return page.evaluate(
    async ({ name, input }) => {
      const token = document.querySelector<HTMLMetaElement>('meta[name="kiosk-session-token"]')!.content;
      const res = await fetch(`/rpc/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(input) });
      if (!res.ok) throw new Error(`${name}: HTTP ${res.status} ${await res.text()}`);
      return res.json();
    },
    { name, input },
  ) as Promise<T>;
}
