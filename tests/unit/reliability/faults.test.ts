// The link misbehaves: the fault proxy sits between the built kiosk and the real township and
// drops connections, resets them mid-answer, holds answers 2 s, answers 503 (Retry-After) or
// 500 itself, and cuts answers short. Everything must still be delivered, each request once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FAULTS, startFaultProxy } from '../../support/fault-proxy.js';
import { duplicates, kioskClient, kioskRows, sleep, startKioskWith, startTownshipFor, townshipRows, typicalRequest, waitFor } from '../../support/relay-harness.js';

const SEED = Number(process.env.RELIABILITY_SEED ?? 4242);
const PACED = 200;
const BURST = 100;
const REQUESTS = PACED + BURST;

test(`a faulty link (drop, reset, 2 s latency, 503, 500, truncated answers): all ${REQUESTS} delivered, none twice`, { timeout: 180_000 }, async (t) => {
  const loop = await startTownshipFor('kiosk-faults');
  const proxy = await startFaultProxy({
    target: { port: loop.township.port },
    seed: SEED,
    // About 55% of calls fail one way or another.
    weights: { pass: 5, drop: 1, reset: 1, latency: 1, status503: 1, status500: 1, truncate: 1 },
    latencyMs: 2000,
    retryAfterSeconds: 1,
  });
  // Every fault kind at least once, whatever the dice say.
  proxy.forceNext('drop', 'reset', 'status500', 'truncate', 'status503', 'latency');
  const kiosk = await startKioskWith(loop.kioskEnv(proxy.url));
  try {
    const client = await kioskClient(kiosk);
    const ids = new Map<string, string>();
    // Villagers arrive one by one (mostly single PUTs, batches while the link holds), then a
    // burst that queues up (batches).
    for (let i = 0; i < REQUESTS; i++) {
      const r = await client.call('requests.submit', typicalRequest(i, `flt-${i}`));
      assert.ok(r.ok, `submission ${i} was refused`);
      ids.set(r.id, `flt-${i}`);
      if (i < PACED) await sleep(80);
    }
    const started = Date.now();
    await waitFor(
      'every request to be delivered through the faulty link',
      async () => {
        const s = await client.call('app.status', {});
        return s.link.queued === 0 && townshipRows(loop.township).length >= REQUESTS;
      },
      150_000,
      250,
    );
    const counts = proxy.counts();
    const puts = proxy.requestLog.filter((r) => r.method === 'PUT').length;
    const batches = proxy.requestLog.filter((r) => r.method === 'POST' && r.path.includes(':batch')).length;
    t.diagnostic(`fault counts ${JSON.stringify(counts)}; PUT calls ${puts}, batch calls ${batches}; drained ${Date.now() - started} ms after the last submission`);

    const tRows = townshipRows(loop.township);
    const kRows = kioskRows(kiosk.dataDir);
    assert.deepEqual(duplicates(tRows, (r) => r.id), []);
    assert.deepEqual(duplicates(tRows, (r) => r.name), []);
    assert.equal(tRows.length, REQUESTS);
    assert.deepEqual(new Set(tRows.map((r) => r.id)), new Set(ids.keys()));
    for (const r of tRows) assert.equal(r.name, ids.get(r.id));
    assert.ok(
      kRows.every((r) => r.state === 'sent'),
      `kiosk states: ${JSON.stringify(kRows.filter((r) => r.state !== 'sent').map((r) => r.state))}`,
    );
    const kSha = new Map(kRows.map((r) => [r.id, r.sha256]));
    for (const r of tRows) assert.equal(r.sha256, kSha.get(r.id));
    // The faults really happened, and requests were resent after lost answers.
    for (const f of FAULTS) assert.ok(counts[f] > 0, `fault ${f} was never injected`);
    const relayCalls = puts + batches;
    assert.ok(relayCalls > counts.pass, 'faulty calls were retried');
  } finally {
    await kiosk.stop();
    await proxy.close();
    await loop.township.stop();
  }
});
