// Assisted filing: the badge id travels in the relay body (covered by its sha256) into the
// township's database; a request filed by the villager hashes exactly as before.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { canonicalRequestBytes, RelayRequest } from '#protocol/relay.js';
import { createRequestStore } from '#src/requests/store.js';
import { openTestStore } from '../township/helpers.js';
import { getRequest, listRequests, storeRequest } from '#src/township/requests.js';
import { sample, tempDb } from './helpers.js';

test('an assisted request carries the badge id to the township; an ordinary one has none', async () => {
  const { db, cleanup } = tempDb();
  const store = createRequestStore(db, { kioskId: 'k1' });
  const assisted = store.submit({ ...sample(2), assistedBy: 'att-011' });
  const own = store.submit(sample(3));
  assert.ok(assisted.ok && own.ok);
  const bodyOf = (id: string) => db.prepare('SELECT body, assisted_by FROM requests WHERE id = ?').get(id) as { body: string; assisted_by: string | null };
  const a = RelayRequest.parse(JSON.parse(bodyOf(assisted.id).body));
  const o = RelayRequest.parse(JSON.parse(bodyOf(own.id).body));
  assert.equal(a.assistedBy, 'att-011');
  assert.equal(bodyOf(assisted.id).assisted_by, 'att-011');
  assert.equal('assistedBy' in o, false);
  assert.equal(bodyOf(own.id).assisted_by, null);
  // the old canonical form (no assistedBy key) is unchanged for ordinary requests
  const { sha256: _s, ...rest } = o;
  assert.equal(canonicalRequestBytes(rest), JSON.stringify({ id: o.id, code: o.code, kioskId: o.kioskId, kioskSeq: o.kioskSeq, createdAt: o.createdAt, contact: o.contact, payload: o.payload }));

  const tw = await openTestStore(mkdtempSync(path.join(os.tmpdir(), 'tw-assisted-')));
  for (const id of [assisted.id, own.id]) assert.equal((await storeRequest(tw, 'k1', '', id, JSON.parse(bodyOf(id).body), bodyOf(id).body, new Date())).ok, true);
  assert.equal((await getRequest(tw, assisted.id))?.assistedBy, 'att-011');
  assert.equal((await getRequest(tw, own.id))?.assistedBy, null);
  assert.deepEqual((await listRequests(tw)).rows.map((r) => r.assistedBy).sort(), ['att-011', null].sort());

  // a changed badge id breaks the hash: the township refuses it
  const forgedText = bodyOf(assisted.id).body.replace('"assistedBy":"att-011"', '"assistedBy":"att-999"');
  assert.notEqual(forgedText, bodyOf(assisted.id).body);
  const r = await storeRequest(tw, 'k1', '', assisted.id, JSON.parse(forgedText), forgedText, new Date());
  assert.equal(r.ok, false);
  await tw.cleanupStore();
  cleanup();
});
