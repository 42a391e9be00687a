// Officials' login limits in the store (issue 13 §3): two stores on the same data (as two
// township processes would be) share one limit; reserve / fail / release / succeed keep the
// semantics of the in-memory limiter they replaced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createMemoryLogger } from '#src/log/logger.js';
import { TownshipConfigSchema } from '#src/township/config.js';
import { LoginLimiter } from '#src/township/officials.js';
import { openTownshipStore } from '#src/township/store/open-store.js';
import { testStoreOverrides } from './helpers.js';

async function twoStores() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'login-limits-'));
  const s = await testStoreOverrides();
  const config = { ...TownshipConfigSchema.parse({ ...s.overrides }), dataDir: dir };
  const a = await openTownshipStore(config, createMemoryLogger());
  const b = await openTownshipStore(config, createMemoryLogger());
  return {
    a,
    b,
    async cleanup() {
      await a.close();
      await b.close();
      await s.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

test('a burst split over two processes admits at most the limit, then the key is locked for both', async () => {
  const t = await twoStores();
  try {
    const la = new LoginLimiter(t.a, 'user', 5, 900);
    const lb = new LoginLimiter(t.b, 'user', 5, 900);
    const now = Date.now();
    const waits = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? la : lb).reserve('wang', now)));
    assert.equal(waits.filter((w) => w === 0).length, 5, 'exactly five attempts may be checked');
    assert.ok(waits.filter((w) => w > 0).every((w) => w > 0 && w <= 900));
    for (let i = 0; i < 5; i++) await (i % 2 ? la : lb).fail('wang', now);
    assert.ok((await la.lockedFor('wang', now + 1000)) > 0, 'locked as seen from one process');
    assert.ok((await lb.lockedFor('wang', now + 1000)) > 0, 'and from the other');
    assert.ok((await lb.reserve('wang', now + 1000)) > 0, 'a locked key admits nothing');
    assert.equal(await la.lockedFor('wang', now + 901_000), 0, 'the lock ends after the lockout');
    assert.equal(await la.reserve('wang', now + 901_000), 0, 'and a new window starts');
    // Another limiter's keys never meet these ones.
    assert.equal(await new LoginLimiter(t.a, 'ip', 5, 900).reserve('wang', now + 1000), 0);
  } finally {
    await t.cleanup();
  }
});

test('release gives a reservation back; succeed clears the key', async () => {
  const t = await twoStores();
  try {
    const l = new LoginLimiter(t.a, 'user', 2, 60);
    const now = Date.now();
    assert.equal(await l.reserve('li', now), 0);
    assert.equal(await l.reserve('li', now), 0);
    assert.ok((await l.reserve('li', now)) > 0, 'two counted: the third waits');
    await l.release('li');
    assert.equal(await l.reserve('li', now), 0, 'a released reservation makes room again');
    await l.succeed('li');
    assert.equal(await l.reserve('li', now), 0);
    assert.equal(await l.reserve('li', now), 0, 'a success cleared the count');
  } finally {
    await t.cleanup();
  }
});
