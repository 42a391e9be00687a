// Reassigning one request from two township processes at once (issue 13 §3): the current
// assignee was read outside the write's transaction, so two reassignments were both recorded
// "from" the same official and the audit trail no longer told who had the request when. The
// row is now locked before it is read: the entries form one chain ending at the assignee.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addOfficial } from '#src/township/officials.js';
import { storeRequest } from '#src/township/requests.js';
import { reassign } from '#src/township/followup.js';
import { auditFor } from '#src/township/audit.js';
import { makeRequest } from './helpers.js';
import { twoStores } from './two-stores.js';

const now = new Date('2026-12-01T08:00:00Z');

test('ten reassignments of one request at once through two stores are recorded as one chain', async () => {
  const t = await twoStores('followup-races-');
  try {
    const officials = ['wang', 'li', 'zhao', 'qian', 'sun'];
    for (const u of officials) assert.ok((await addOfficial(t.a, u, `${u}-password-1`, now)).ok);
    const r = makeRequest('k1');
    const text = JSON.stringify(r);
    assert.ok((await storeRequest(t.a, 'k1', '西坡村', r.id, JSON.parse(text), text, now)).ok);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => reassign(t.either(i), r.id, officials[i % officials.length]!, 'admin', now)));
    assert.ok(results.every((x) => x.ok), JSON.stringify(results));
    const entries = (await auditFor(t.b, 'request', r.id)).filter((e) => e.action === 'reassigned').map((e) => e.detail as { from: string | null; to: string | null });
    assert.equal(entries.length, 10);
    for (let i = 1; i < entries.length; i++) assert.equal(entries[i]!.from, entries[i - 1]!.to, `entry ${i} says from ${entries[i]!.from}, but ${entries[i - 1]!.to} had it: ${JSON.stringify(entries)}`);
    const row = await t.a.get<{ assigned_to: string | null }>(`SELECT assigned_to FROM request_followup WHERE request_id = ?`, [r.id]);
    assert.equal(row?.assigned_to, entries[9]!.to, 'the last entry names the assignee');
    assert.deepEqual(await reassign(t.a, 'no-such-request', 'wang', 'admin', now), { ok: false, message: 'there is no such request' });
  } finally {
    await t.cleanup();
  }
});
