import assert from 'node:assert/strict';
import test from 'node:test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createContentStore } from '#src/content/store.js';
import type { PolicyBody } from '#protocol/content.js';
import { ConfigSchema } from '#src/config/schema.js';
import { getReceiptData } from '#src/requests/receipt-data.js';
import { createRequestStore } from '#src/requests/store.js';
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
    const file = JSON.parse(readFileSync(path.join(import.meta.dirname, '../../../resources/content/policies.json'), 'utf8')) as { items: Array<{ id: string; version: number; body: PolicyBody }> };
    const content = createContentStore(t.db);
    const injury = file.items.find((p) => p.body.relatedRequestType === 'senior-subsidy')!;
    const agro = file.items.filter((p) => p.body.relatedRequestType === 'agronomist-visit');
    for (const p of [injury, ...agro]) content.upsertPolicy(p.id, p.version, p.body, 'embedded', 0);
    const store = createRequestStore(t.db, { kioskId: 'k-1' });
    const r = store.submit(sample(0));
    assert.ok(r.ok);
    const d = getReceiptData(t.db, r.id, config)!;
    assert.equal(d.contact?.phone, injury.body.official.phone);
    assert.equal(d.contact?.source, 'policy');
    assert.deepEqual(d.materials, injury.body.materials);
    // The policy the villager came from wins over any other of the same type.
    const chosen = agro.at(-1)!;
    const r2 = store.submit({ ...sample(3), relatedId: chosen.id });
    assert.ok(r2.ok);
    assert.equal(getReceiptData(t.db, r2.id, config)!.contact?.phone, chosen.body.official.phone);
  } finally {
    t.cleanup();
  }
});
