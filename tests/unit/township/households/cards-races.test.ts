// Household cards issued from two township processes at once (issue 13 §3): issuing reads the
// household's live cards, revokes them and inserts the new one; without the household's row
// lock two issues on PostgreSQL each revoked the old card and both new cards stayed live (a
// villager could hold a card that should have been revoked). Both stores.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addHousehold } from '#src/township/households/registry.js';
import { issueCard, setHouseholdActive } from '#src/township/households/cards.js';
import { loadOrCreateSigningKey } from '#src/township/keys.js';
import { twoStores } from '../two-stores.js';

const now = new Date('2026-12-01T08:00:00Z');
const live = async (s: { all<T>(sql: string, p?: unknown[]): Promise<T[]> }, id: string) => (await s.all<{ card_id: string }>(`SELECT card_id FROM household_cards WHERE household_id = ? AND revoked_at IS NULL`, [id])).length;

test('ten cards issued at once through two stores: one stays live, nine are revoked through the feed', async () => {
  const t = await twoStores('cards-races-');
  const keyDir = mkdtempSync(path.join(os.tmpdir(), 'cards-races-key-'));
  try {
    const key = loadOrCreateSigningKey(keyDir);
    const h = await addHousehold(t.a, { village: '西坡村', headName: '张三丰' }, 'admin', now);
    assert.ok(h.ok);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => issueCard(t.either(i), key, h.household.id, 365, 'admin', now)));
    assert.ok(results.every((r) => r.ok));
    assert.equal(await live(t.b, h.household.id), 1, 'exactly one live card');
    const revoked = results.flatMap((r) => (r.ok ? r.revoked : []));
    assert.equal(revoked.length, 9, 'each card but the last was revoked once');
    assert.equal(new Set(revoked).size, 9);
    const feed = await t.a.all<{ item_id: string }>(`SELECT item_id FROM changes WHERE type = 'card-revocation'`);
    assert.deepEqual(feed.map((r) => r.item_id).sort(), [...revoked].sort(), 'every revocation reached the feed');
  } finally {
    await t.cleanup();
    rmSync(keyDir, { recursive: true, force: true });
  }
});

test('cards issued while the household is deactivated: no live card is left behind', async () => {
  const t = await twoStores('cards-races-');
  const keyDir = mkdtempSync(path.join(os.tmpdir(), 'cards-races-key-'));
  try {
    const key = loadOrCreateSigningKey(keyDir);
    const h = await addHousehold(t.a, { village: '西坡村' }, 'admin', now);
    assert.ok(h.ok);
    const issues = Array.from({ length: 8 }, (_, i) => issueCard(t.either(i), key, h.household.id, 365, 'admin', now));
    const off = setHouseholdActive(t.b, h.household.id, false, 'admin', now);
    const results = await Promise.all([...issues, off]);
    assert.ok(results.every((r) => r.ok || r.code === 'inactive'), JSON.stringify(results));
    assert.equal(await live(t.a, h.household.id), 0, 'the deactivated household has no live card');
  } finally {
    await t.cleanup();
    rmSync(keyDir, { recursive: true, force: true });
  }
});
