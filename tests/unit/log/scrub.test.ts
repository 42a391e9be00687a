// The log scrub: secrets by field name and by what a string looks like, through the real
// file logger (the bytes on disk) and the stderr echo.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createFileLogger, createMemoryLogger } from '#src/log/logger.js';
import { REDACTED, scrubText, scrubValue } from '#src/log/scrub.js';

const PHONE = '13912340021';
const CARD = 'VKH1.eyJob3VzZWhvbGRJZCI6IkhILTAwMDEifQ.c2lnbmF0dXJlLWJ5dGVzLWhlcmUtYWJj';
const WECHAT_PAY = '134567890123456789';
const SESSION = 'Zq3vK9xT2mPw8RbN4cYh7LsE1uGd6FjA';

test('strings: phone numbers, cards, payment codes, bearer and session tokens are replaced; ids, hashes and times stay', () => {
  assert.equal(scrubText(`call ${PHONE} now`), 'call [phone] now');
  assert.equal(scrubText('139-1234-0021 or +86 13912340021'), '[phone] or [phone]');
  assert.equal(scrubText(`scanned ${CARD}`), 'scanned VKH1.[card]');
  assert.equal(scrubText(`paid ${WECHAT_PAY}`), 'paid [payment-code]');
  assert.equal(scrubText(`Authorization: Bearer ${SESSION}`), 'Authorization: Bearer [redacted]');
  assert.equal(scrubText(`session ${SESSION}`), 'session [token]');
  const keep = '0190f3a2-7b1c-7def-8abc-0123456789ab 2026-05-01T08:00:00.000Z 1764620000000 ' + 'a'.repeat(64) + ' KX7M-3QRT att-011';
  assert.equal(scrubText(keep), keep);
});

test('fields: secrets by name, at any depth, whatever their value', () => {
  const out = scrubValue({ pin: '2580', badgeId: 'att-1', contact: { phone: '0359-5551234', name: null }, headers: { authorization: 'x', 'x-attendant-session': 'y' }, list: [{ token: 'abc' }], kioskToken: 'kiosk-token-1234567890' }) as Record<string, any>;
  assert.equal(out.pin, REDACTED);
  assert.equal(out.badgeId, 'att-1');
  assert.equal(out.contact.phone, REDACTED);
  assert.equal(out.contact.name, null);
  assert.equal(out.headers.authorization, REDACTED);
  assert.equal(out.headers['x-attendant-session'], REDACTED);
  assert.equal(out.list[0].token, REDACTED);
  assert.equal(out.kioskToken, REDACTED);
});

test('the file logger writes no secret to disk, and the memory logger records none', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosk-log-scrub-'));
  const log = createFileLogger({ dir, stderr: false });
  log.info('request-saved', { phone: PHONE, detail: `phone ${PHONE}`, pin: '2580' });
  log.warn('scan', { message: `odd payload ${CARD} ${WECHAT_PAY}` });
  log.error('failed', { error: new Error(`township refused Bearer ${SESSION} for ${PHONE}`) });
  log.child({ token: SESSION }).info('x');
  log.close();
  const text = readFileSync(path.join(dir, 'kiosk.log'), 'utf8');
  for (const secret of [PHONE, CARD, WECHAT_PAY, SESSION, '2580']) assert.equal(text.includes(secret), false, `${secret} is in the log`);
  assert.equal(text.trim().split('\n').length, 4);
  assert.match(text, /"message":"odd payload VKH1.\[card\] \[payment-code\]"/);

  const mem = createMemoryLogger();
  mem.info('x', { phone: PHONE, note: `to ${PHONE}` });
  assert.deepEqual(mem.records[0], { phone: REDACTED, note: 'to [phone]', level: 'info', event: 'x' });
});
