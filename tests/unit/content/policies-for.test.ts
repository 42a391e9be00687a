// Policies that may apply to a scanned household, from the embedded sample content on a
// real SQLite file, checked against a plain scan of every policy body.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { loadEmbeddedContent } from '#src/content/embedded.js';
import { createContentStore } from '#src/content/store.js';
import { openDatabase } from '#src/db/open.js';
import { createMemoryLogger } from '#src/log/logger.js';
import { SAMPLE_AS_OF } from '#resources/content/generate.js';

const NOW = new Date(`${SAMPLE_AS_OF}T10:00:00+08:00`);

function store() {
  const db = openDatabase(path.join(mkdtempSync(path.join(os.tmpdir(), 'kiosk-hh-')), 'kiosk.db'));
  const s = createContentStore(db);
  loadEmbeddedContent(db, s, createMemoryLogger(), NOW);
  const all = (db.prepare('SELECT p.id, b.body FROM policies p JOIN policy_bodies b ON b.rowid = p.rowid').all() as Array<{ id: string; body: string }>).map((r) => ({
    id: r.id,
    eligibility: (JSON.parse(r.body) as { eligibility: string[] }).eligibility,
  }));
  return { s, all };
}

test('returns exactly the policies whose eligibility names one of the tags', () => {
  const { s, all } = store();
  for (const tags of [['senior'], ['farmer', 'low-income'], ['disabled'], ['job-seeker', 'migrant-worker']]) {
    const expected = all.filter((p) => p.eligibility.some((e) => tags.includes(e))).map((p) => p.id).sort();
    assert.ok(expected.length > 0, `the sample content has policies for ${tags.join(', ')}`);
    const got = s.policiesForTags(tags, 50).map((p) => p.summary.id).sort();
    assert.ok(expected.length < 50, 'the limit does not cut this comparison');
    assert.deepEqual(got, expected, `tags ${tags.join(', ')}`);
    for (const p of s.policiesForTags(tags, 50)) assert.ok(p.body.eligibility.some((e) => tags.includes(e)));
  }
});

test('no tags, unknown tags and hostile strings match nothing and never error', () => {
  const { s } = store();
  assert.deepEqual(s.policiesForTags([], 10), []);
  assert.deepEqual(s.policiesForTags(['nobody'], 10), []);
  assert.deepEqual(s.policiesForTags(["'); DROP TABLE policies; --", '"', '*'], 10), []);
  assert.equal(s.policiesForTags(['senior'], 3).length, 3, 'the limit holds');
});
