// What never reaches a log line: phone numbers, household-card tokens, payment codes, PINs
// and session/kiosk tokens. Every record the logger writes passes through scrubRecord, so a
// careless `log.info('x', { phone })` or an error message quoting a payload is still safe.
//
// Two rules:
//   - by key: a field whose name says it is a secret or contact detail (pin, token,
//     password, phone, authorization, cookie, ...) is replaced whole by "[redacted]";
//   - by value: inside any string, a mainland mobile number, a household card (VKH1.…),
//     a payment code (WeChat/Alipay: 16-24 digits starting 10-15 or 25-30), a bearer token
//     or a long base64url run (32+ characters mixing upper case, lower case and digits:
//     random session tokens; ids such as UUIDs and hex hashes are kept) is replaced.
export const REDACTED = '[redacted]';

const SECRET_KEY = /^(pin|pins|newpin|pinhash|pin_hash|password|passwd|secret|token|tokens|kiosktoken|sessiontoken|session|attendantsession|authorization|cookie|set-cookie|phone|phones|mobile|contactphone|paymentcode|cardtoken|card|x-attendant-session)$/i;

const PATTERNS: Array<[RegExp, string]> = [
  [/VKH1\.[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)?/g, 'VKH1.[card]'],
  [/Bearer\s+[A-Za-z0-9._~+/=-]+/gi, 'Bearer [redacted]'],
  [/(?<![0-9])(?:1[0-5]|2[5-9]|30)\d{14,22}(?![0-9])/g, '[payment-code]'],
  [/(?<![0-9])(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?![0-9])/g, '[phone]'],
];
const LONG_RUN = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{32,}(?![A-Za-z0-9_-])/g;
const looksRandom = (run: string) => /[A-Z]/.test(run) && /[a-z]/.test(run) && /[0-9]/.test(run);

export function scrubText(text: string): string {
  let out = text;
  for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement);
  return out.replace(LONG_RUN, (run) => (looksRandom(run) ? '[token]' : run));
}

/** A copy of `value` with secrets removed (depth-limited; cycles become "[cycle]"). */
export function scrubValue(value: unknown, key = '', depth = 0, seen = new WeakSet<object>()): unknown {
  if (key && SECRET_KEY.test(key) && value !== null && value !== undefined && value !== '') return REDACTED;
  if (typeof value === 'string') return scrubText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Error) {
    const copy = new Error(scrubText(value.message));
    copy.name = value.name;
    copy.stack = value.stack === undefined ? undefined : scrubText(value.stack);
    const code = (value as NodeJS.ErrnoException).code;
    if (code !== undefined) (copy as NodeJS.ErrnoException).code = code;
    return copy;
  }
  if (seen.has(value)) return '[cycle]';
  if (depth > 8) return '[deep]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, '', depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubValue(v, k, depth + 1, seen);
  return out;
}

export function scrubRecord(record: Record<string, unknown>): Record<string, unknown> {
  return scrubValue(record) as Record<string, unknown>;
}
