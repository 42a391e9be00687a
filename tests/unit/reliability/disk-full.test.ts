// The disk fills up while villagers submit. The kiosk's data directory is on a small real
// filesystem (tmpfs); a filler file takes every free byte. Submissions must then be refused
// with a clear "not saved, ask staff" answer, never a false "saved"; what was queued before
// must stay intact (integrity_check ok) and be delivered once space is freed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startFaultProxy } from '../../support/fault-proxy.js';
import { mountSmallDisk } from '../../support/small-disk.js';
import { duplicates, integrityCheck, kioskClient, kioskRows, startKioskWith, startTownshipFor, townshipRows, typicalRequest, waitFor, type KioskProcess } from '../../support/relay-harness.js';

const BEFORE = 25;
const MAX_TRIES = 3000;

test('disk full while submitting: "not saved, ask staff", no false "saved", the queue survives and is delivered', { timeout: 180_000 }, async (t) => {
  const disk = mountSmallDisk(24 * 1024 * 1024);
  if ('unavailable' in disk) {
    t.skip(disk.unavailable);
    return;
  }
  const loop = await startTownshipFor('kiosk-disk-full');
  // The link is down while the disk fills, so everything stays queued on the kiosk.
  const proxy = await startFaultProxy({ target: { port: loop.township.port }, weights: { drop: 1 } });
  let kiosk: KioskProcess | null = null;
  try {
    const dataDir = path.join(disk.dir, 'data');
    kiosk = await startKioskWith(loop.kioskEnv(proxy.url), { dataDir });
    const client = await kioskClient(kiosk, { attendant: true }); // staff retry at the end

    const saved = new Map<string, string>(); // id -> marker
    for (let i = 0; i < BEFORE; i++) {
      const r = await client.call('requests.submit', typicalRequest(i, `before-${i}`));
      assert.ok(r.ok);
      saved.set(r.id, `before-${i}`);
    }
    const beforeRows = new Map(kioskRows(dataDir).map((r) => [r.id, r.sha256]));
    assert.equal(beforeRows.size, BEFORE);

    // A little room is left, so the disk runs out part-way through the next submissions.
    const filled = disk.fill(256 * 1024);
    t.diagnostic(`filler took ${filled} bytes; ${disk.freeBytes()} bytes free`);

    // Keep submitting: SQLite may still fit some into space it already holds (truly saved);
    // then the disk is full and every answer must say so.
    const refused: Array<{ marker: string; reason: string; message: string }> = [];
    let tries = 0;
    for (; tries < MAX_TRIES && refused.length < 10; tries++) {
      const marker = `full-${tries}`;
      const r = await client.call('requests.submit', typicalRequest(tries, marker));
      if (r.ok) saved.set(r.id, marker);
      else refused.push({ marker, reason: r.reason, message: r.message });
    }
    t.diagnostic(`after the disk filled: ${tries - refused.length} more saved, then ${refused.length} refused; first refusal: ${JSON.stringify(refused[0])}`);
    assert.ok(refused.length > 0, `no submission was refused after ${MAX_TRIES} tries on a full disk`);
    assert.ok(tries - refused.length > 0, 'some submissions still fitted before the disk was full (the test fills it part-way through)');
    for (const r of refused) {
      assert.ok(r.reason === 'storage-full' || r.reason === 'storage-error', `refusal reason ${r.reason}`);
      assert.match(r.message, /not saved/i);
      assert.match(r.message, /staff/i);
    }
    // The kiosk still answers (the screen can say "please ask staff"; nothing crashed).
    const status = await client.call('app.status', {});
    assert.equal(status.link.queued, saved.size, 'the queue count matches what was saved');

    // Nothing already queued is damaged, and no refused submission is on the kiosk.
    assert.equal(integrityCheck(path.join(dataDir, 'kiosk.db')), 'ok');
    const onKiosk = kioskRows(dataDir);
    const kioskMarkers = new Set(onKiosk.map((r) => r.name));
    for (const r of refused) assert.ok(!kioskMarkers.has(r.marker), `${r.marker} was refused but is on the kiosk`);
    for (const [id, sha] of beforeRows) assert.equal(onKiosk.find((r) => r.id === id)?.sha256, sha, `request ${id} queued before the disk filled changed`);
    assert.deepEqual(new Set(onKiosk.map((r) => r.id)), new Set(saved.keys()), 'exactly the requests answered "saved" are on the kiosk');

    // Staff free space; the link comes back: everything saved is delivered, once.
    disk.free();
    proxy.setWeights({ pass: 1 });
    await client.call('requests.retryNow', {});
    const after = await client.call('requests.submit', typicalRequest(9999, 'after-free'));
    assert.ok(after.ok, 'submitting works again once space is freed');
    saved.set(after.id, 'after-free');
    await waitFor('the queue to drain', async () => (await client.call('app.status', {})).link.queued === 0 && townshipRows(loop.township).length >= saved.size, 30_000, 200);
    const tRows = townshipRows(loop.township);
    assert.deepEqual(duplicates(tRows, (r) => r.name), []);
    assert.deepEqual(new Set(tRows.map((r) => r.id)), new Set(saved.keys()));
    for (const r of tRows) assert.equal(r.name, saved.get(r.id));
    for (const [id, sha] of beforeRows) assert.equal(tRows.find((r) => r.id === id)?.sha256, sha);
    await kiosk.stop();
    kiosk = null;
    assert.equal(integrityCheck(path.join(dataDir, 'kiosk.db')), 'ok');
  } finally {
    await kiosk?.stop();
    await proxy.close();
    await loop.township.stop();
    disk.unmount();
  }
});
