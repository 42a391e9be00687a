// DLE EOT (real-time status) answers -> PrinterStatus.
//   n=1 printer status:   bit 3 (0x08) offline
//   n=2 offline cause:    bit 2 (0x04) cover open, bit 5 (0x20) stopped at paper end, bit 6 (0x40) error
//   n=4 roll paper sensor: bits 2-3 (0x0C) paper near end, bits 5-6 (0x60) paper out
// Every answer byte has bit 1 and bit 4 set and bits 0 and 7 clear (mask 0x93 == 0x12);
// a byte that does not is not a status answer (stray data) and is ignored.
import type { PrinterStatus } from './types.js';

export interface StatusBytes {
  /** Answer to DLE EOT 1, or null when the printer did not answer. */
  printer: number | null;
  /** Answer to DLE EOT 2. */
  offlineCause: number | null;
  /** Answer to DLE EOT 4. */
  paperSensor: number | null;
}

export function isStatusByte(b: number | null): b is number {
  return b !== null && b >= 0 && b <= 0xff && (b & 0x93) === 0x12;
}

/**
 * Most severe condition first: cover open, paper out, error, offline, paper near end.
 * Returns null when no byte was a valid answer (the link does not report status).
 */
export function parseStatusBytes(s: StatusBytes): PrinterStatus | null {
  const p = isStatusByte(s.printer) ? s.printer : null;
  const o = isStatusByte(s.offlineCause) ? s.offlineCause : null;
  const r = isStatusByte(s.paperSensor) ? s.paperSensor : null;
  if (p === null && o === null && r === null) return null;
  if (o !== null && o & 0x04) return { state: 'cover-open' };
  if ((r !== null && r & 0x60) || (o !== null && o & 0x20)) return { state: 'paper-out' };
  if (o !== null && o & 0x40) return { state: 'error', message: 'the printer reports an error (cutter jam, overheating or a mechanism fault); open the cover, check the paper path and switch it off and on' };
  if (p !== null && p & 0x08) return { state: 'offline' };
  if (r !== null && r & 0x0c) return { state: 'paper-near-end' };
  return { state: 'connected' };
}

/** Asks DLE EOT 1, 2, 4 through `ask` (which sends the query and waits for one byte, or null). */
export async function queryStatus(ask: (n: 1 | 2 | 4) => Promise<number | null>): Promise<StatusBytes> {
  const printer = await ask(1);
  if (printer === null) return { printer: null, offlineCause: null, paperSensor: null };
  const offlineCause = await ask(2);
  const paperSensor = await ask(4);
  return { printer, offlineCause, paperSensor };
}
