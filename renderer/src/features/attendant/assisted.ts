// Assisted filing: while the signed-in attendant is filing for a walk-in, a request form's
// "send" goes through requests.submitAssisted (attendant-only), which records the badge id.
import type { KioskClient } from '#contract/client.js';
import type { CallInput, CallOutput } from '#contract/index.js';
import { getScanSession, updateScanSession } from '../../session/scan-session.js';

/** One assisted request per "file for a walk-in": once it is saved, the next one is the villager's own. */
export async function submitRequest(client: KioskClient, input: CallInput<'requests.submit'>): Promise<CallOutput<'requests.submit'>> {
  const { attendant, assisting } = getScanSession();
  if (!assisting || !attendant) return client.call('requests.submit', input);
  const r = await client.call('requests.submitAssisted', { ...input, token: attendant.token });
  if (r.ok) updateScanSession({ assisting: false });
  return r;
}
