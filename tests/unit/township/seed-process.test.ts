import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openTestStore } from './helpers.js';
import { listContent } from '#src/township/content.js';
import { seedSampleContent } from '#src/township/seed.js';
import { startTownshipProcess } from '../../support/township-process.js';
import { makeRequest } from './helpers.js';

test('the sample content seeds an empty township once, every item valid', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'township-seed-'));
  const db = await openTestStore(dir);
  const r = await seedSampleContent(db, new Date());
  assert.ok(r.seeded);
  assert.deepEqual(r.skipped, []);
  assert.ok(r.policies > 0 && r.jobs > 0);
  assert.equal((await listContent(db)).length, r.policies + r.jobs);
  assert.equal((await seedSampleContent(db, new Date())).seeded, false, 'not twice');
  await db.cleanupStore();
  rmSync(dir, { recursive: true, force: true });
});

test('tests/support/township-process: the built server as a process survives kill -9 with what it acknowledged', async () => {
  const tw = await startTownshipProcess();
  try {
    const token = await tw.issueToken('proc-kiosk', { village: '北村' });
    const r = makeRequest('proc-kiosk');
    const res = await fetch(`${tw.url}v1/kiosks/proc-kiosk/requests/${r.id}`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(r) });
    assert.equal(res.status, 201);
    await tw.kill9();
    const tw2 = await tw.restart();
    try {
      assert.equal(tw2.publicKey, tw.publicKey);
      assert.equal(tw2.port, tw.port);
      assert.deepEqual(tw2.requests().map((x) => [x.id, x.status]), [[r.id, 'received']]);
      const off = await tw2.login();
      await off.setStatus(r.id, 'done', '已办结');
      assert.equal(tw2.requests()[0]!.status, 'done');
    } finally {
      await tw2.stop();
    }
  } finally {
    await tw.stop();
    rmSync(tw.dataDir, { recursive: true, force: true });
  }
});
