// Officials' accounts changed from two township processes at once (issue 13 §3). Each of these
// was a read followed by a write (an "exists?" check, a read-merge-write of the profile), which
// interleaves across processes and even across two requests on one process while a password
// hashes. Both stores; two stores on one database on PostgreSQL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAccount, disableOfficial, getOfficial, resetPassword, setProfile } from '#src/township/accounts.js';
import { addOfficial, checkLogin, createSession, getSession } from '#src/township/officials.js';
import { auditFor } from '#src/township/audit.js';
import { twoStores } from './two-stores.js';

const now = new Date('2026-12-01T08:00:00Z');

test('two admins creating one username at once: one account, the others are told it already exists', async () => {
  const t = await twoStores('accounts-races-');
  try {
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => createAccount(t.either(i), { username: 'zhao', name: `赵${i}`, phone: '', role: i % 2 ? 'official' : 'admin' }, `password-${i}-long`, 'admin', now)));
    assert.equal(results.filter((r) => r.ok).length, 1, JSON.stringify(results));
    for (const r of results.filter((x) => !x.ok)) assert.deepEqual(r, { ok: false, message: 'username: "zhao" already exists' });
    const winner = results.findIndex((r) => r.ok);
    const o = await getOfficial(t.b, 'zhao');
    assert.equal(o?.name, `赵${winner}`, 'the profile is the one of the create that succeeded');
    assert.equal(o?.role, winner % 2 ? 'official' : 'admin');
    for (let i = 0; i < 6; i++) assert.equal(await checkLogin(t.a, 'zhao', `password-${i}-long`), i === winner, `password ${i}`);
    assert.equal((await auditFor(t.a, 'official', 'zhao')).length, 1);
  } finally {
    await t.cleanup();
  }
});

test('addOfficial of one new username at once reports one created', async () => {
  const t = await twoStores('accounts-races-');
  try {
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => addOfficial(t.either(i), 'qian', `password-${i}-long`, now)));
    assert.ok(results.every((r) => r.ok));
    assert.equal(results.filter((r) => r.ok && r.created).length, 1, JSON.stringify(results));
  } finally {
    await t.cleanup();
  }
});

test('profile changes to different fields at once are all kept', async () => {
  const t = await twoStores('accounts-races-');
  try {
    assert.ok((await addOfficial(t.a, 'sun', 'password-sun-1', now)).ok);
    await Promise.all([setProfile(t.a, 'sun', { name: '孙干部' }), setProfile(t.b, 'sun', { phone: '13800002222' }), setProfile(t.a, 'sun', { role: 'official' })]);
    const o = await getOfficial(t.b, 'sun');
    assert.deepEqual(o && { name: o.name, phone: o.phone, role: o.role }, { name: '孙干部', phone: '13800002222', role: 'official' });
    await setProfile(t.b, 'sun', { phone: null });
    assert.equal((await getOfficial(t.a, 'sun'))?.phone, null, 'null clears the phone; an absent field is kept');
    assert.equal((await getOfficial(t.a, 'sun'))?.name, '孙干部');
  } finally {
    await t.cleanup();
  }
});

test('disable and password reset racing: the account ends disabled without a password, or enabled with the new one', async () => {
  const t = await twoStores('accounts-races-');
  try {
    assert.ok((await addOfficial(t.a, 'li', 'password-li-0', now)).ok);
    for (let round = 1; round <= 6; round++) {
      const { cookieValue } = await createSession(t.a, 'li', 8, now);
      const [d, r] = await Promise.all([disableOfficial(t.either(round), 'li', 'admin', now), resetPassword(t.either(round + 1), 'li', `password-li-${round}`, 'admin', now)]);
      assert.ok(d.ok && r.ok);
      const o = await getOfficial(t.a, 'li');
      const loginWorks = await checkLogin(t.b, 'li', `password-li-${round}`);
      assert.equal(o?.disabled, !loginWorks, `round ${round}: disabled=${o?.disabled} but the new password ${loginWorks ? 'works' : 'does not'}`);
      assert.equal(await getSession(t.a, cookieValue, now), null, 'both end the sessions');
      if (o?.disabled) assert.ok((await resetPassword(t.a, 'li', `password-li-${round}`, 'admin', now)).ok);
    }
    assert.equal((await resetPassword(t.a, 'nobody', 'password-long', 'admin', now)).ok, false);
  } finally {
    await t.cleanup();
  }
});

test("a login that passed its password check just before the account was disabled gets a session that never works", async () => {
  const t = await twoStores('accounts-races-');
  try {
    assert.ok((await addOfficial(t.a, 'zhou', 'password-zhou-1', now)).ok);
    assert.ok(await checkLogin(t.a, 'zhou', 'password-zhou-1'), 'the check passes');
    assert.ok((await disableOfficial(t.b, 'zhou', 'admin', now)).ok, 'meanwhile, on the other process, the account is disabled');
    const late = await createSession(t.a, 'zhou', 8, now); // the login goes on to create its session
    assert.equal(await getSession(t.a, late.cookieValue, now), null);
    assert.equal(await getSession(t.b, late.cookieValue, now), null);
    assert.ok((await resetPassword(t.b, 'zhou', 'password-zhou-2', 'admin', now)).ok);
    const fresh = await createSession(t.a, 'zhou', 8, now);
    assert.equal((await getSession(t.b, fresh.cookieValue, now))?.username, 'zhou', 're-enabled: a new session works');
  } finally {
    await t.cleanup();
  }
});
