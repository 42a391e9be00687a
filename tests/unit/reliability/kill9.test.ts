// Power-cut stand-in: kill -9 the built kiosk runtime (node dist/src/cli/serve.js) at random
// points while villagers submit, and while it is sending to the township; restart it on the
// same data directory. Every request whose "saved" answer reached the client must reach the
// (real) township exactly once; nothing may ever arrive twice.
//
// A call cut by the kill is settled as the renderer settles it (issue 8 item 1): every
// submission carries a client-made submission id; after a cut, half the time the client asks
// requests.lookupSubmission with that id until the restarted runtime answers (and files a new
// submission only on a certain "not-saved"), the other half it repeats requests.submit with
// the same id. Either way: 0 lost, 0 duplicates, at the kiosk and at the township.
//
// RELIABILITY_SEED=<n> replays a run (the seed is printed as a test diagnostic).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom, startFaultProxy } from '../../support/fault-proxy.js';
import {
  duplicates,
  integrityCheck,
  kioskClient,
  kioskRows,
  sleep,
  startKioskWith,
  startTownshipFor,
  townshipRows,
  typicalRequest,
  waitFor,
  type KioskClient,
  type KioskProcess,
} from '../../support/relay-harness.js';
import path from 'node:path';
import { randomUUID } from 'node:crypto';

const SEED = Number(process.env.RELIABILITY_SEED ?? 20261122);
const SUBMISSIONS = 500;
const KILLS = 5;
const CONCURRENCY = 3;

test(`kill -9 at random points during ${SUBMISSIONS} submissions: every saved request reaches the township exactly once`, { timeout: 240_000 }, async (t) => {
  t.diagnostic(`seed ${SEED}`);
  const random = seededRandom(SEED);
  const loop = await startTownshipFor('kiosk-kill9');
  let kiosk: KioskProcess = await startKioskWith(loop.kioskEnv());
  const dataDir = kiosk.dataDir;
  let client: KioskClient = await kioskClient(kiosk);
  let ready: Promise<void> = Promise.resolve();
  try {
    // Kill points: KILLS distinct submission indexes, away from the very start and end.
    const killAt = new Set<number>();
    while (killAt.size < KILLS) killAt.add(20 + Math.floor(random() * (SUBMISSIONS - 60)));
    const killDelays = new Map([...killAt].map((i) => [i, Math.floor(random() * 25)]));

    const saved = new Map<string, string>(); // marker -> id
    const errored = new Set<string>(); // markers whose first call was cut by a kill
    const settled = { byLookupSaved: 0, byLookupNotSaved: 0, byRepeatSaved: 0, byRepeatNew: 0 };
    const refused: string[] = [];
    let kills = 0;
    let next = 0;

    const killAndRestart = () => {
      ready = (async () => {
        await kiosk.kill9();
        kills++;
        kiosk = await startKioskWith(loop.kioskEnv(), { dataDir });
        client = await kioskClient(kiosk);
      })();
    };

    const worker = async () => {
      for (;;) {
        const i = next++;
        if (i >= SUBMISSIONS) return;
        if (killAt.has(i)) setTimeout(killAndRestart, killDelays.get(i));
        await ready;
        const marker = `k9-${i}`;
        const submissionId = randomUUID();
        try {
          const r = await client.call('requests.submit', { ...typicalRequest(i, marker), submissionId });
          if (r.ok) saved.set(marker, r.id);
          else refused.push(`${marker}: ${r.reason} ${r.message}`);
          continue;
        } catch {
          errored.add(marker); // the kill cut this call: it may or may not have been saved
        }
        // Settle the cut call, retrying until the (restarted) runtime answers.
        const viaLookup = errored.size % 2 === 0;
        for (;;) {
          await ready;
          try {
            if (viaLookup) {
              const l = await client.call('requests.lookupSubmission', { submissionId });
              if (l.state === 'unknown') continue;
              if (l.state === 'saved') {
                settled.byLookupSaved++;
                saved.set(marker, l.id);
                break;
              }
              settled.byLookupNotSaved++;
              const again = await client.call('requests.submit', { ...typicalRequest(i, marker), submissionId: randomUUID() });
              if (again.ok) saved.set(marker, again.id);
              else refused.push(`${marker} (new submission after not-saved): ${again.reason}`);
              break;
            }
            const again = await client.call('requests.submit', { ...typicalRequest(i, marker), submissionId });
            if (again.ok) {
              if (again.repeat) settled.byRepeatSaved++;
              else settled.byRepeatNew++;
              saved.set(marker, again.id);
            } else refused.push(`${marker} (repeat): ${again.reason} ${again.message}`);
            break;
          } catch {
            await sleep(50); // the runtime is still restarting (or was killed again)
          }
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    await ready;
    assert.equal(kills, KILLS);
    assert.deepEqual(refused, [], 'no submission was refused');

    // Let the last kiosk relay everything (it restarted with the same data dir).
    await waitFor(
      'the kiosk to relay everything it holds',
      () => {
        const rows = kioskRows(dataDir);
        return rows.length > 0 && rows.every((r) => r.state === 'sent') && townshipRows(loop.township).length === rows.length;
      },
      60_000,
      200,
    );

    const kRows = kioskRows(dataDir);
    const tRows = townshipRows(loop.township);
    const dupKiosk = duplicates(kRows, (r) => r.name);
    const dupTownship = duplicates(tRows, (r) => r.name);
    const lost = [...Array(SUBMISSIONS).keys()].map((i) => `k9-${i}`).filter((m) => !tRows.some((r) => r.name === m));
    t.diagnostic(
      `saved ${saved.size}, cut by the kill ${errored.size} (lookup: saved ${settled.byLookupSaved}, not-saved ${settled.byLookupNotSaved}; repeat: original ${settled.byRepeatSaved}, new ${settled.byRepeatNew}), ` +
        `kiosk rows ${kRows.length}, township rows ${tRows.length}, lost ${lost.length}, duplicates kiosk ${dupKiosk.length} township ${dupTownship.length}, kills ${kills}`,
    );
    assert.deepEqual(lost, [], 'no submission lost');
    assert.equal(saved.size, SUBMISSIONS, 'every submission, cut or not, ends up saved exactly once');
    assert.equal(kRows.length, SUBMISSIONS);
    assert.deepEqual(dupKiosk, [], 'no submission twice on the kiosk');
    assert.deepEqual(dupTownship, [], 'no submission twice at the township');

    assert.deepEqual(duplicates(tRows, (r) => r.id), [], 'no request id twice at the township');
    assert.deepEqual(duplicates(tRows, (r) => r.name), [], 'no submission (marker) twice at the township');
    assert.deepEqual(duplicates(kRows, (r) => r.name), [], 'no submission twice on the kiosk');
    const byMarker = new Map(tRows.map((r) => [r.name!, r]));
    for (const [marker, id] of saved) {
      const row = byMarker.get(marker);
      assert.ok(row, `saved request ${marker} (${id}) never reached the township`);
      assert.equal(row.id, id, `${marker} reached the township under another id`);
    }
    for (const r of tRows) assert.ok(saved.has(r.name!), `unexpected request ${r.name} at the township`);
    assert.equal(tRows.length, kRows.length);
    const kSha = new Map(kRows.map((r) => [r.id, r.sha256]));
    for (const r of tRows) assert.equal(r.sha256, kSha.get(r.id), `township copy of ${r.id} differs from the kiosk's`);
    await kiosk.stop();
    assert.equal(integrityCheck(path.join(dataDir, 'kiosk.db')), 'ok');
  } finally {
    await ready.catch(() => undefined);
    await kiosk.stop();
    await loop.township.stop();
  }
});

test('kill -9 while requests are being sent (township stored them, the answer is still on its way): resent, stored once', { timeout: 120_000 }, async (t) => {
  const loop = await startTownshipFor('kiosk-kill9-send');
  // Every answer from the township is held 1.5 s: the kiosk is killed while waiting for it.
  const proxy = await startFaultProxy({ target: { port: loop.township.port }, weights: { latency: 1 }, latencyMs: 1500 });
  const env = loop.kioskEnv(proxy.url);
  let kiosk = await startKioskWith(env);
  const dataDir = kiosk.dataDir;
  try {
    const ids = new Set<string>();
    const rounds = 3;
    let midSendRows = 0;
    for (let round = 0; round < rounds; round++) {
      const client = await kioskClient(kiosk);
      for (let i = 0; i < 30; i++) {
        const r = await client.call('requests.submit', typicalRequest(i, `send-${round}-${i}`));
        assert.ok(r.ok);
        ids.add(r.id);
      }
      const forwardedBefore = proxy.counts().forwarded;
      const storedBefore = townshipRows(loop.township).length;
      // Wait until the township has stored something new from this kiosk, then cut power
      // while the kiosk is still waiting for the (held) answer.
      await waitFor('a send to reach the township', () => proxy.counts().forwarded > forwardedBefore && townshipRows(loop.township).length > storedBefore, 20_000, 20);
      await sleep(100);
      await kiosk.kill9();
      const attempting = kioskRows(dataDir).filter((r) => r.state === 'attempting');
      midSendRows += attempting.length;
      assert.ok(attempting.length > 0, 'the kill landed mid-send (rows left "attempting")');
      const atTownship = new Set(townshipRows(loop.township).map((r) => r.id));
      assert.ok(
        attempting.some((r) => atTownship.has(r.id)),
        'some interrupted sends had already been stored by the township (their acknowledgement was lost)',
      );
      if (round === rounds - 1) proxy.setWeights({ pass: 1 });
      kiosk = await startKioskWith(env, { dataDir });
    }

    await waitFor(
      'every request to be delivered',
      () => {
        const rows = kioskRows(dataDir);
        return rows.every((r) => r.state === 'sent') && townshipRows(loop.township).length === ids.size;
      },
      60_000,
      200,
    );
    const tRows = townshipRows(loop.township);
    const kRows = kioskRows(dataDir);
    t.diagnostic(`interrupted sends ${midSendRows}, requests ${ids.size}, township rows ${tRows.length}, proxy ${JSON.stringify(proxy.counts())}`);
    assert.deepEqual(duplicates(tRows, (r) => r.id), []);
    assert.deepEqual(duplicates(tRows, (r) => r.name), []);
    assert.deepEqual(new Set(tRows.map((r) => r.id)), ids);
    assert.equal(kRows.filter((r) => r.state === 'needs-attention').length, 0, 'a resend of a frozen payload is never a conflict');
    const kSha = new Map(kRows.map((r) => [r.id, r.sha256]));
    for (const r of tRows) assert.equal(r.sha256, kSha.get(r.id));
  } finally {
    await kiosk.stop();
    await proxy.close();
    await loop.township.stop();
  }
});
