// Adding households from two township processes at once (issue 13 §3): the id is claimed by
// the INSERT (ON CONFLICT DO NOTHING), so a taken id is a returned value ("already exists", or
// a retry with a new id), never a unique-violation thrown out as a 500. Both stores.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addHousehold, getHousehold, listHouseholds, newHouseholdId } from '#src/township/households/registry.js';
import { auditFor } from '#src/township/audit.js';
import { twoStores } from './two-stores.js';

const now = new Date('2026-12-01T08:00:00Z');

test('concurrent adds with one given id through two stores: one succeeds, the others are told it already exists', async () => {
  const t = await twoStores('households-races-');
  try {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => addHousehold(t.either(i), { village: '西坡村', headName: `户主${i}` }, 'admin', now, { id: 'H-AC3D-7FKQ' })));
    const won = results.filter((r) => r.ok);
    assert.equal(won.length, 1, JSON.stringify(results));
    for (const r of results.filter((x) => !x.ok)) assert.deepEqual(r, { ok: false, code: 'exists', message: 'household H-AC3D-7FKQ already exists', field: 'id' });
    const h = await getHousehold(t.b, 'H-AC3D-7FKQ');
    assert.equal(h?.headName, won[0]!.ok ? won[0]!.household.headName : null, 'the row is the one whose add was told it succeeded');
    assert.equal((await auditFor(t.a, 'household', 'H-AC3D-7FKQ')).length, 1, 'one household-added entry');
  } finally {
    await t.cleanup();
  }
});

test('a new id that another add took at the same moment is retried with another id: every add succeeds', async () => {
  const t = await twoStores('households-races-');
  try {
    // Every add's first new id is the same one, as if the random draws collided.
    const colliding = () => {
      let first = true;
      return () => (first ? ((first = false), 'H-3333-4444') : newHouseholdId());
    };
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => addHousehold(t.either(i), { village: '东坡村' }, 'admin', now, { newId: colliding() })));
    assert.ok(results.every((r) => r.ok), JSON.stringify(results));
    const ids = results.map((r) => (r.ok ? r.household.id : ''));
    assert.equal(new Set(ids).size, 10);
    assert.equal(ids.filter((id) => id === 'H-3333-4444').length, 1, 'exactly one add got the colliding id');
    assert.equal((await listHouseholds(t.a, { village: '东坡村' })).length, 10);
  } finally {
    await t.cleanup();
  }
});

test('a given id must look like one', async () => {
  const t = await twoStores('households-races-');
  try {
    const r = await addHousehold(t.a, { village: '西坡村' }, 'admin', now, { id: 'H-0000-1111' });
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.code, 'invalid');
  } finally {
    await t.cleanup();
  }
});
