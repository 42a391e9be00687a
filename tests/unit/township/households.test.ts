// The household registry and its cards, through a real township database: add, edit,
// deactivate; a card PDF rendered and its QR decoded back (pdftoppm + zbarimg) and checked
// with the kiosk's own verifier; reissue revokes the old card in the signed feed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestTownship, feed } from './helpers.js';
import { addHousehold, editHousehold, listHouseholds } from '#src/township/households/registry.js';
import { issueCard, setHouseholdActive } from '#src/township/households/cards.js';
import { cardPdf } from '#src/township/pdf/card-pdf.js';
import { findPdfFont } from '#src/township/pdf/font.js';
import { createAccount } from '#src/township/accounts.js';
import { householdVerifier } from '#src/scan/household-card.js';
import { routeScanText } from '#src/scan/route.js';
import { CardRevocationBody, FeedPage } from '#protocol/feed.js';
import { readPdf } from '../../support/pdf-qr.js';

test('a household is added with minimal data, refused with a field-named message when wrong, edited and listed', async () => {
  const tw = await startTestTownship();
  try {
    const now = new Date('2026-12-01T02:00:00Z');
    const bad = await addHousehold(tw.store, { village: '西坡村', tags: ['aged-80', 'rich'] }, 'admin', now);
    assert.equal(bad.ok, false);
    assert.match(!bad.ok ? bad.message : '', /^tags\.1: one of aged-80/);
    const badPhone = await addHousehold(tw.store, { village: '西坡村', headPhone: '12345' }, 'admin', now);
    assert.match(!badPhone.ok ? badPhone.message : '', /^headPhone:/);
    const r = await addHousehold(tw.store, { village: '西坡村', headName: '张三丰', tags: ['aged-80', 'clean-heating'] }, 'admin', now);
    assert.ok(r.ok);
    assert.match(r.household.id, /^H-[34679A-Z]{4}-[34679A-Z]{4}$/);
    assert.deepEqual(r.household.tags, ['aged-80', 'clean-heating']);
    const e = await editHousehold(tw.store, r.household.id, { village: '东岭村', headName: '', tags: ['crops'] }, 'admin', now);
    assert.ok(e.ok);
    assert.equal(e.household.headName, null);
    assert.deepEqual((await listHouseholds(tw.store)).map((h) => [h.id, h.village]), [[r.household.id, '东岭村']]);
    await setHouseholdActive(tw.store, r.household.id, false, 'admin', now);
    assert.equal((await listHouseholds(tw.store)).length, 0);
    assert.equal((await listHouseholds(tw.store, { includeInactive: true })).length, 1);
  } finally {
    await tw.cleanup();
  }
});

test('a card PDF carries an embedded CJK subset and a QR that the kiosk verifies; reissue revokes the old card in the signed feed', async () => {
  const tw = await startTestTownship();
  try {
    const now = new Date('2026-12-01T02:00:00Z');
    assert.ok((await createAccount(tw.store, { username: 'wang', name: '王干部', phone: '13800001111', role: 'official' }, 'password123', null, now)).ok);
    const h = await addHousehold(tw.store, { village: '西坡村', headName: '李四', tags: ['aged-80'], official: 'wang' }, 'admin', now);
    assert.ok(h.ok);
    const first = await issueCard(tw.store, tw.key, h.household.id, 365, 'admin', now);
    assert.ok(first.ok);
    const font = findPdfFont(null);
    assert.ok(font.ok, !font.ok ? font.message : '');
    const pdf = await cardPdf(font.font, '测试乡', [first.card], 'a6');
    const read = readPdf(pdf);
    assert.equal(read.pages, 1);
    assert.deepEqual(read.codes, [[first.card.text]]);
    assert.match(read.fonts, /[A-Z]{6}\+NotoSansCJKsc-Regular\s+CID Type 0C\s+Identity-H\s+yes yes yes/, read.fonts);
    assert.match(read.text, /西坡村/);
    assert.match(read.text, /王干部\s+13800001111/);
    assert.ok(pdf.length < 200_000, `card PDF is ${pdf.length} bytes`);

    const route = routeScanText(read.codes[0]![0]!, householdVerifier(tw.publicKey));
    assert.equal(route.kind, 'household');
    assert.ok(route.kind === 'household');
    assert.equal(route.card.householdId, h.household.id);
    assert.equal(route.card.cardId, first.card.cardId);
    assert.equal(route.card.kid, tw.keyId);
    assert.deepEqual(route.card.official, { name: '王干部', phone: '13800001111' });
    assert.ok(route.card.tags.includes('senior'), 'aged-80 implies the senior eligibility tag');

    const second = await issueCard(tw.store, tw.key, h.household.id, 365, 'admin', new Date(now.getTime() + 1000));
    assert.ok(second.ok);
    assert.deepEqual(second.revoked, [first.card.cardId]);
    const token = await tw.token('k1');
    const page = await feed(tw, 'k1', token);
    const items = FeedPage.parse(JSON.parse((page.json as { payload: string }).payload)).items.filter((i) => i.type === 'card-revocation');
    assert.equal(items.length, 1);
    assert.equal(items[0]!.id, first.card.cardId);
    assert.equal(CardRevocationBody.parse(items[0]!.body).reason, 'reissued');

    const sheet = await cardPdf(font.font, '测试乡', [first.card, second.card, second.card, second.card, second.card], 'a4');
    const readSheet = readPdf(sheet, 100);
    assert.equal(readSheet.pages, 2);
    assert.equal(readSheet.codes[0]!.length, 4);
    assert.equal(readSheet.codes[1]!.length, 1);
  } finally {
    await tw.cleanup();
  }
});
