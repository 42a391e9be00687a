import assert from 'node:assert/strict';
import test from 'node:test';
import { ConfigSchema } from '../../../src/config/schema.js';
import { getReceiptData } from '../../../src/requests/receipt-data.js';
import { createRequestStore } from '../../../src/requests/store.js';
import { sample, tempDb } from './helpers.js';

const ASCII = /^[\x20-\x7e]*$/;

test('receipt data: code and QR payload in ASCII, both languages, hall phone as the fallback', () => {
  const t = tempDb();
  try {
    const config = ConfigSchema.parse({ requests: { hallPhone: '03595550000' } });
    const store = createRequestStore(t.db, { kioskId: 'k-1' });
    const r = store.submit(sample(5));
    assert.ok(r.ok);
    const d = getReceiptData(t.db, r.id, config)!;
    assert.equal(d.code, r.code);
    assert.equal(d.qrPayload, `VKR:${r.code}`);
    assert.match(d.qrPayload, ASCII);
    assert.match(d.code, ASCII);
    assert.equal(d.type, 'general-help');
    assert.ok(d.whatNext['zh-CN'] && d.whatNext.en);
    assert.ok(d.materials.length > 0);
    assert.deepEqual(d.contact, { phone: '03595550000', name: config.hallName, source: 'hall' });
    assert.equal(d.maskedPhone, '177****4444');
    assert.equal(getReceiptData(t.db, 'nope', config), null);
    // No hall phone configured and no policy: no contact, rather than a made-up one.
    assert.equal(getReceiptData(t.db, r.id, ConfigSchema.parse({}))!.contact, null);
  } finally {
    t.cleanup();
  }
});

test("receipt data: the related policy's official phone and materials when content holds one", () => {
  const t = tempDb();
  try {
    const config = ConfigSchema.parse({ requests: { hallPhone: '03595550000' } });
    const body = {
      relatedRequestType: 'senior-subsidy',
      official: { name: { 'zh-CN': '张志荣', en: 'Zhang Zhirong' }, title: { 'zh-CN': '乡长', en: 'Head' }, phone: '13512340000' },
      materials: [{ 'zh-CN': '身份证', en: 'ID card' }, { 'zh-CN': '医院发票', en: 'Hospital receipts' }],
    };
    t.db
      .prepare("INSERT INTO policies (id, version, origin, category, updated_at, body, search_text, grams) VALUES ('p-injury', 1, 'township', 'subsidy', '2026-02-01', ?, '', '')")
      .run(JSON.stringify(body));
    const store = createRequestStore(t.db, { kioskId: 'k-1' });
    const r = store.submit(sample(0));
    assert.ok(r.ok);
    const d = getReceiptData(t.db, r.id, config)!;
    assert.equal(d.contact?.phone, '13512340000');
    assert.equal(d.contact?.source, 'policy');
    assert.deepEqual(d.materials, body.materials);
  } finally {
    t.cleanup();
  }
});
