// Assisted filing: while the signed-in attendant is filing for a walk-in, a request form's
// "send" goes through requests.submitAssisted (attendant-only), which records the badge id.
import type { KioskClient } from '../../../../src/contract/client.js';
import type { CallInput, CallOutput } from '../../../../src/contract/index.js';
import { getScanSession } from '../scan/scan-session.js';

export function submitRequest(client: KioskClient, input: CallInput<'requests.submit'>): Promise<CallOutput<'requests.submit'>> {
  const { attendant, assisting } = getScanSession();
  if (assisting && attendant) return client.call('requests.submitAssisted', { ...input, token: attendant.token });
  return client.call('requests.submit', input);
}
