// Before an enrolment code is saved, the kiosk asks the township in the code whether it is
// real: the township's /healthz must name the same signing key as the code, and the kiosk
// token must be accepted for this kiosk id (an authenticated read of one feed page). A code
// with an invented token or another township's key is refused with a sentence saying so, and
// nothing is stored. The token is sent only to the address in the code, never logged.
import type { EnrolmentPayload } from '../protocol/enrolment.js';

export type EnrolmentCheck = { ok: true } | { ok: false; message: string };

export interface EnrolmentCheckOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export async function checkEnrolmentWithTownship(p: EnrolmentPayload, opts: EnrolmentCheckOptions = {}): Promise<EnrolmentCheck> {
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 5000;
  const unreachable = (why: string): EnrolmentCheck => ({
    ok: false,
    message: `could not reach the township at ${p.url} to check the code (${why}); check the kiosk's network and scan the code again`,
  });
  let health: Response;
  try {
    health = await doFetch(new URL('healthz', p.url), { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
  } catch (e) {
    return unreachable((e as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : (e as Error).message);
  }
  let key: unknown = null;
  try {
    key = ((await health.json()) as { publicKey?: unknown }).publicKey;
  } catch {
    /* not the township's JSON: reported below */
  }
  if (!health.ok || typeof key !== 'string') return { ok: false, message: `the address ${p.url} in the code does not answer as a township server (HTTP ${health.status}); nothing was changed` };
  if (key !== p.publicKey) return { ok: false, message: `the township at ${p.url} signs with another key than the code says, so the code was not printed by this township; nothing was changed` };

  let feed: Response;
  try {
    feed = await doFetch(new URL(`v1/kiosks/${encodeURIComponent(p.kioskId)}/changes?limit=1`, p.url), {
      headers: { authorization: `Bearer ${p.token}` },
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    await feed.body?.cancel();
  } catch (e) {
    return unreachable((e as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : (e as Error).message);
  }
  if (feed.ok) return { ok: true };
  if (feed.status === 401) return { ok: false, message: `the township at ${p.url} does not know this kiosk token (replaced by a newer code, revoked, or not issued there); print a new code; nothing was changed` };
  if (feed.status === 403) return { ok: false, message: `the township at ${p.url} issued this token to another kiosk than ${p.kioskId}; nothing was changed` };
  return { ok: false, message: `the township at ${p.url} answered HTTP ${feed.status} when the code was checked; scan it again later; nothing was changed` };
}
