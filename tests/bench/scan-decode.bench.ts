// The cost of the encoding guess (issue 8 item 9): decoding a scan whose bytes are valid both
// as UTF-8 and as GB18030 (both readings are scored) against a pure-ASCII scan of the same
// size (one strict UTF-8 decode, nothing to guess). Payloads: a 2-hanzi village name, and the
// largest scan the kiosk accepts (2 KB). ratio = guessed / ASCII baseline.
import iconv from 'iconv-lite';
import { decodePayload, MAX_SCAN_BYTES } from '../../src/scan/decode.js';
import { report, summarise } from './support/report.js';

const ROUNDS = 200;
const PER_ROUND = 50;

function time(bytes: Uint8Array): number[] {
  const out: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t = performance.now();
    for (let i = 0; i < PER_ROUND; i++) decodePayload(bytes);
    out.push(((performance.now() - t) * 1000) / PER_ROUND);
  }
  return out;
}

const short = Uint8Array.from(iconv.encode('平顺', 'gb18030'));
const long = Uint8Array.from(iconv.encode('职业学校'.repeat(Math.floor(MAX_SCAN_BYTES / 8)), 'gb18030'));
for (const [name, bytes] of [
  ['short', short],
  ['2kb', long],
] as const) {
  const base = summarise('x', 'us', time(new Uint8Array(bytes.length).fill(0x41)));
  const guessed = summarise(`scan-decode-guess-${name}`, 'us', time(bytes), { bytes: bytes.length });
  report({ ...guessed, ratio: guessed.p50! / base.p50!, baselineP50: base.p50 });
}
