// The officials' household and account pages over real HTTP: register a household with a
// form, download its card PDF and read the QR back, reissue it; admin-only accounts page,
// disabling an official stops their login, revoking a kiosk token stops its relay.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addOfficial } from '#src/township/officials.js';
import { setProfile } from '#src/township/accounts.js';
import { feed, startTestTownship, type TestTownship } from './helpers.js';
import { loginAttempt, officialSession } from './session.js';
import { readPdf } from '../../support/pdf-qr.js';
import { householdVerifier } from '#src/scan/household-card.js';
import { routeScanText } from '#src/scan/route.js';

describe('household and account pages', () => {
  let tw: TestTownship;
  before(async () => {
    tw = await startTestTownship();
    assert.ok((await addOfficial(tw.store, 'admin1', 'admin-password')).ok);
    assert.ok((await addOfficial(tw.store, 'wang', 'wang-password')).ok);
    await setProfile(tw.store, 'wang', { name: '王干部', phone: '13800001111', role: 'official' });
  });
  after(() => tw.cleanup());

  test('register a household, print its card, reissue it', async () => {
    const s = await officialSession(tw, 'wang', 'wang-password');
    const bad = await s.post('/officials/households', { village: '', 'tag.aged-80': 'on' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /village: the village is required/);
    const r = await s.post('/officials/households', { village: '西坡村', headName: '李四', 'tag.aged-80': 'on', 'tag.crops': 'on', official: 'wang' });
    assert.equal(r.status, 303, r.text);
    const loc = r.headers.get('location')!;
    const id = /\/officials\/households\/(H-[^?]+)\?done=added/.exec(loc)![1]!;
    const page = await s.get(loc.replace(/^https?:\/\/[^/]+/, ''));
    assert.match(page.text, /户卡已生成/);
    const cardId = /data-card-id="([^"]+)"/.exec(page.text)![1]!;
    const pdf = await s.get(`/officials/households/${id}/card.pdf?layout=a6`);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    const read = readPdf(pdf.bytes);
    const route = routeScanText(read.codes[0]![0]!, householdVerifier(tw.publicKey));
    assert.ok(route.kind === 'household');
    assert.equal(route.card.householdId, id);
    assert.equal(route.card.cardId, cardId);
    assert.match(read.text, /王干部\s+13800001111/);
    const re = await s.post(`/officials/households/${id}/card`, {});
    assert.equal(re.status, 303);
    const page2 = await s.get(`/officials/households/${id}`);
    const cardId2 = /data-card-id="([^"]+)"/.exec(page2.text)![1]!;
    assert.notEqual(cardId2, cardId);
    assert.match(page2.text, new RegExp(`${cardId}[^<]*已作废`));
    const list = await s.get('/officials/households?village=' + encodeURIComponent('西坡村'));
    assert.match(list.text, new RegExp(id));
  });

  test('accounts: officials get 403, an admin adds and disables an official and revokes a kiosk token', async () => {
    const official = await officialSession(tw, 'wang', 'wang-password');
    assert.equal((await official.get('/officials/accounts')).status, 403);
    const admin = await officialSession(tw, 'admin1', 'admin-password');
    const add = await admin.post('/officials/accounts', { username: 'li', name: '李干部', phone: '13900002222', role: 'official', password: 'li-password' });
    assert.equal(add.status, 200, add.text);
    assert.equal((await loginAttempt(tw, 'li', 'li-password')).status, 303);
    assert.equal((await admin.post('/officials/accounts/li/disable', {})).status, 200);
    assert.equal((await loginAttempt(tw, 'li', 'li-password')).status, 401);
    assert.equal((await admin.post('/officials/accounts/li/password', { password: 'new-li-password' })).status, 200);
    assert.equal((await loginAttempt(tw, 'li', 'new-li-password')).status, 303);

    const token = await tw.token('kiosk-x', '西坡村');
    assert.equal((await feed(tw, 'kiosk-x', token)).status, 200);
    const rev = await admin.post('/officials/kiosks/kiosk-x/revoke', {});
    assert.equal(rev.status, 200);
    assert.match(rev.text, /已吊销/);
    assert.equal((await feed(tw, 'kiosk-x', token)).status, 401);
  });
});
