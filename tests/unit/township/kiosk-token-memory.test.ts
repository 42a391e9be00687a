// Kiosk tokens remembered (src/township/kiosk-token-memory.ts) on the store under test (SQLite,
// or PostgreSQL with TOWNSHIP_TEST_STORE=postgres): a known token is answered without reading
// the kiosks table, and a token issued again or revoked stops working at once in the process
// that changed it and, on PostgreSQL, in every other process as soon as its notification
// arrives, however long the token has been remembered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { issueKioskToken, kioskForToken } from '#src/township/kiosks.js';
import { revokeKioskToken } from '#src/township/accounts.js';
import { CHECK_OTHER_WRITERS_MS, KIOSK_TOKENS_CHANNEL, kioskTokenMemory, LISTENING_MEMORY_MS, SHORT_MEMORY_MS } from '#src/township/kiosk-token-memory.js';
import type { PgListener } from '#src/township/store/pg-listener.js';
import type { SqlStore } from '#src/township/store/sql-store.js';
import { sha256Hex } from '#protocol/signing.js';
import { createMemoryLogger } from '#src/log/logger.js';
import { TownshipConfigSchema } from '#src/township/config.js';
import { openTownshipStore } from '#src/township/store/open-store.js';
import { twoStores } from './two-stores.js';

const onPg = process.env.TOWNSHIP_TEST_STORE === 'postgres';

async function issue(store: SqlStore, kioskId: string): Promise<string> {
  const r = await issueKioskToken(store, kioskId, '东村');
  assert.ok(r.ok);
  return r.token;
}

/** Until `check` holds (every 10 ms, at most 5 s); returns how long it took. */
async function within(check: () => Promise<boolean>, what: string): Promise<number> {
  const t0 = Date.now();
  while (!(await check())) {
    assert.ok(Date.now() - t0 < 5000, `${what}: not within 5 s`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return Date.now() - t0;
}

async function listening(store: SqlStore): Promise<void> {
  const l = kioskTokenMemory(store).listening;
  if (l) await within(async () => l.ready, 'LISTEN in place');
}

test('a remembered token is answered without reading the kiosks table; issued again in this process, the old token stops at once', async () => {
  const s = await twoStores('token-memory-');
  try {
    const token = await issue(s.a, 'k1');
    await listening(s.a);
    assert.equal((await kioskForToken(s.a, token))?.kioskId, 'k1');
    const memory = kioskTokenMemory(s.a);
    const reads = memory.reads;
    await s.a.run(`ALTER TABLE kiosks RENAME TO kiosks_away`);
    try {
      for (let i = 0; i < 5; i++) assert.equal((await kioskForToken(s.a, token))?.kioskId, 'k1', 'answered from memory');
    } finally {
      await s.a.run(`ALTER TABLE kiosks_away RENAME TO kiosks`);
    }
    assert.equal(memory.reads, reads, 'no read of the table');
    const fresh = await issue(s.a, 'k1');
    assert.equal(await kioskForToken(s.a, token), null, 'the replaced token is refused at once');
    assert.equal((await kioskForToken(s.a, fresh))?.kioskId, 'k1');
    assert.ok((await revokeKioskToken(s.a, 'k1', 'admin', new Date())).ok);
    assert.equal(await kioskForToken(s.a, fresh), null, 'the revoked token is refused at once');
  } finally {
    await s.cleanup();
  }
});

test('how long a token is trusted: 10 min (PostgreSQL with LISTEN in place; SQLite while no other connection commits)', async () => {
  const s = await twoStores('token-memory-age-');
  try {
    const token = await issue(s.a, 'k1');
    await listening(s.a);
    await kioskForToken(s.a, token);
    const memory = kioskTokenMemory(s.a);
    const hash = sha256Hex(token);
    const now = Date.now();
    assert.equal(memory.memoryMs, LISTENING_MEMORY_MS);
    assert.equal(memory.get(hash, now + SHORT_MEMORY_MS + 1000)?.kioskId, 'k1', 'still trusted after 11 s: a kiosk polling once a minute is not read every time');
    assert.equal(memory.get(hash, now + LISTENING_MEMORY_MS + 1000), undefined, 'read again after 10 min (the safety net)');
  } finally {
    await s.cleanup();
  }
});

test('a read in flight when a token change is announced is not remembered (it may predate the change)', async () => {
  const s = await twoStores('token-memory-race-');
  try {
    const memory = kioskTokenMemory(s.a);
    const row = { kioskId: 'k1', village: '', issuedAt: '', lastSeenAt: null };
    const got = await memory.read('h1', Date.now(), async () => {
      memory.forgetKiosk('k9'); // a notification arrives while the SELECT runs
      return row;
    });
    assert.equal(got, row, 'the read is still answered');
    assert.equal(memory.get('h1', Date.now()), undefined, 'but not remembered');
    await memory.read('h1', Date.now(), async () => row);
    assert.equal(memory.get('h1', Date.now()), row, 'a read in one generation is remembered');
  } finally {
    await s.cleanup();
  }
});

test('SQLite: a token revoked by another connection (the CLI) is refused within 250 ms; until then tokens are not read again', { skip: onPg && 'SQLite only (PostgreSQL: the NOTIFY test below)' }, async () => {
  const s = await twoStores('token-memory-cli-');
  const dir = (s.a.where.match(/^(.*)[\\/][^\\/]+$/) ?? [])[1];
  try {
    const token = await issue(s.a, 'k1');
    const other = await issue(s.a, 'k2');
    assert.equal((await kioskForToken(s.a, token))?.kioskId, 'k1');
    assert.equal((await kioskForToken(s.a, other))?.kioskId, 'k2');
    const memory = kioskTokenMemory(s.a);
    const reads = memory.reads;
    assert.equal((await kioskForToken(s.a, token))?.kioskId, 'k1');
    assert.equal(memory.reads, reads, 'remembered while nobody else writes');
    // The CLI: another connection to the same file.
    assert.ok(dir, s.a.where);
    const cli = await openTownshipStore({ ...TownshipConfigSchema.parse({}), dataDir: dir }, createMemoryLogger());
    try {
      assert.ok((await revokeKioskToken(cli, 'k1', 'admin', new Date())).ok);
    } finally {
      await cli.close();
    }
    const ms = await within(async () => (await kioskForToken(s.a, token)) === null, 'the revoked token refused');
    assert.ok(ms <= CHECK_OTHER_WRITERS_MS + 100, `refused after ${ms} ms`);
    const readsNow = memory.reads;
    assert.equal((await kioskForToken(s.a, other))?.kioskId, 'k2', 'the other token still works');
    assert.equal(memory.reads, readsNow + 1, 'read again: everything remembered before was forgotten');
  } finally {
    await s.cleanup();
  }
});

test('PostgreSQL: a token revoked or issued again by another process stops working here as soon as the notification arrives', { skip: !onPg && 'PostgreSQL only: a SQLite township is one process' }, async () => {
  const s = await twoStores('token-memory-two-');
  try {
    const token = await issue(s.a, 'k1');
    const other = await issue(s.a, 'k2');
    await listening(s.b);
    assert.equal((await kioskForToken(s.b, token))?.kioskId, 'k1');
    assert.equal((await kioskForToken(s.b, other))?.kioskId, 'k2');
    const memory = kioskTokenMemory(s.b);
    assert.equal(memory.reads, 2);
    assert.ok((await revokeKioskToken(s.a, 'k1', 'admin', new Date())).ok);
    const ms = await within(async () => (await kioskForToken(s.b, token)) === null, 'the revoked token refused by the other process');
    assert.ok(ms < 2000, `${ms} ms`);
    const reads = memory.reads;
    assert.equal((await kioskForToken(s.b, other))?.kioskId, 'k2', "another kiosk's token is still remembered");
    assert.equal(memory.reads, reads, 'without a read');

    const fresh = await issue(s.a, 'k2');
    await within(async () => (await kioskForToken(s.b, other)) === null, 'the replaced token refused by the other process');
    assert.equal((await kioskForToken(s.b, fresh))?.kioskId, 'k2');
  } finally {
    await s.cleanup();
  }
});

test('PostgreSQL: a token read before LISTEN is up stays remembered when it comes up, for 10 s only', { skip: !onPg && 'PostgreSQL only' }, async () => {
  const s = await twoStores('token-memory-first-');
  try {
    const memory = kioskTokenMemory(s.b); // its LISTEN connection is still being opened
    assert.equal(memory.listening!.ready, false);
    const row = { kioskId: 'k1', village: '', issuedAt: '', lastSeenAt: null };
    const now = Date.now();
    await memory.read('h1', now, async () => row);
    // A read still in flight when LISTEN comes up (a poll right after start) is remembered too.
    await memory.read('h0', now, async () => (await listening(s.b), row));
    assert.equal(memory.get('h0', now), row, 'a read in flight when LISTEN came up is remembered');
    assert.equal(memory.get('h0', now + SHORT_MEMORY_MS + 1000), undefined, 'for 10 s');
    assert.equal(memory.get('h1', now), row, 'not forgotten when LISTEN came up (a poll right after start still answers from memory)');
    assert.equal(memory.get('h1', now + SHORT_MEMORY_MS + 1000), undefined, 'but trusted only 10 s: a change before LISTEN was up was not heard');
    await memory.read('h2', now, async () => row);
    assert.equal(memory.get('h2', now + SHORT_MEMORY_MS + 1000), row, 'a token read with LISTEN up is trusted longer');
  } finally {
    await s.cleanup();
  }
});

test('PostgreSQL: while LISTEN is lost, nothing remembered from before is trusted, and tokens are trusted only 10 s', { skip: !onPg && 'PostgreSQL only' }, async () => {
  const s = await twoStores('token-memory-lost-');
  try {
    const token = await issue(s.a, 'k1');
    await listening(s.a);
    await listening(s.b);
    await kioskForToken(s.b, token);
    const memory = kioskTokenMemory(s.b);
    (memory.listening as PgListener).retryMs = 3000;
    const killed = await s.a.get<{ n: number }>(
      `SELECT COUNT(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'village-kiosk-township-listen' AND query = 'LISTEN ${KIOSK_TOKENS_CHANNEL}'`,
    );
    assert.equal(Number(killed!.n), 2, "both processes' token LISTEN connections");
    await within(async () => !memory.listening!.ready, 'the loss noticed');
    assert.equal(memory.memoryMs, SHORT_MEMORY_MS);
    assert.equal(memory.get(sha256Hex(token), Date.now()), undefined, 'forgotten when LISTEN was lost');
    const reads = memory.reads;
    assert.equal((await kioskForToken(s.b, token))?.kioskId, 'k1', 'read again');
    assert.equal(memory.reads, reads + 1);
    await within(async () => memory.listening!.ready, 'LISTEN back');
    assert.equal(memory.memoryMs, LISTENING_MEMORY_MS);
  } finally {
    await s.cleanup();
  }
});
