// The township is down for the whole time villagers submit; then it comes back. The queue
// must hold everything (link offline, queued count up), then drain by itself to zero.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { duplicates, kioskClient, kioskRows, sleep, startKioskWith, startTownshipFor, townshipRows, typicalRequest, waitFor } from '../../support/relay-harness.js';

const REQUESTS = 60;

test('township down for the whole run, then up: the queue drains to zero', { timeout: 120_000 }, async (t) => {
  const first = await startTownshipFor('kiosk-down');
  const port = first.township.port;
  await first.township.stop(); // down before the kiosk ever reaches it
  const kiosk = await startKioskWith(first.kioskEnv());
  let township = first.township;
  try {
    const client = await kioskClient(kiosk);
    const ids = new Set<string>();
    for (let i = 0; i < REQUESTS; i++) {
      const r = await client.call('requests.submit', typicalRequest(i, `down-${i}`));
      assert.ok(r.ok, 'requests are saved while the township is down');
      ids.add(r.id);
      if (i % 10 === 0) await sleep(100);
    }
    // Several retry rounds fail (backoff 50-500 ms in tests) while it stays down.
    await sleep(2500);
    const down = await client.call('app.status', {});
    t.diagnostic(`while down: ${JSON.stringify(down.link)}`);
    assert.equal(down.link.link.state, 'offline');
    assert.equal(down.link.queued, REQUESTS);
    const waiting = kioskRows(kiosk.dataDir);
    assert.equal(waiting.length, REQUESTS);
    // 'attempting' is a send in flight at the moment of looking (it fails and goes back to queued).
    assert.ok(
      waiting.every((r) => r.state === 'queued' || r.state === 'attempting'),
      `nothing is lost, parked or marked sent while the township is down (${[...new Set(waiting.map((r) => r.state))].join(', ')})`,
    );

    township = await first.township.restart();
    assert.equal(township.port, port);
    const queuedSeen: number[] = [];
    const t0 = Date.now();
    const up = await waitFor(
      'the queue to drain after the township came back',
      async () => {
        const s = await client.call('app.status', {});
        queuedSeen.push(s.link.queued);
        return s.link.queued === 0 && s.link.link.state === 'online' ? s : null;
      },
      30_000,
      100,
    );
    t.diagnostic(`drained ${Date.now() - t0} ms after the township came back; queued counts seen: ${[...new Set(queuedSeen)].join(' -> ')}; ${JSON.stringify(up.link)}`);
    const tRows = townshipRows(township);
    assert.equal(tRows.length, REQUESTS);
    assert.deepEqual(new Set(tRows.map((r) => r.id)), ids);
    assert.deepEqual(duplicates(tRows, (r) => r.name), []);
    assert.ok(kioskRows(kiosk.dataDir).every((r) => r.state === 'sent'));
  } finally {
    await kiosk.stop();
    await township.stop();
  }
});
