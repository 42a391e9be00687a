// Follow-up over real HTTP and a real database: default assignment (household official,
// else village official), due date from the receipt's promise in working days, overdue at
// the top, reassignment / note / visit date in the audit log, the dashboard, and CSV + XLSX
// exports that parse back to exactly the filtered list, in Beijing time.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { makeRequest, put, startTestTownship, type TestTownship } from './helpers.js';
import { officialSession } from './session.js';
import { addOfficial } from '#src/township/officials.js';
import { setProfile, setVillageOfficial } from '#src/township/accounts.js';
import { addHousehold } from '#src/township/households/registry.js';
import { addWorkingDays, beijing } from '#src/township/time.js';
import { EXPORT_HEADERS } from '#src/township/web/followup-pages.js';

test('default assignment: the policy official when exactly one account matches, else the village official', async () => {
  const { startTestTownship: start, policyBody: pb } = await import('./helpers.js');
  const { upsertContent } = await import('#src/township/content.js');
  const { defaultAssignee } = await import('#src/township/followup.js');
  const tw2 = await start();
  try {
    const now = new Date();
    assert.ok((await addOfficial(tw2.store, 'zhang', 'zhang-password')).ok);
    assert.ok((await addOfficial(tw2.store, 'wang', 'wang-password')).ok);
    await setProfile(tw2.store, 'zhang', { phone: '03575551234' }); // the phone on policyBody()
    assert.ok((await setVillageOfficial(tw2.store, '西坡村', 'wang', now)).ok);
    const req = { id: 'x', type: 'senior-subsidy' as const, village: '西坡村', household_id: null, received_at: now.toISOString() };
    assert.equal(await defaultAssignee(tw2.store, req), 'wang', 'no policy published yet: the village official');
    assert.ok((await upsertContent(tw2.store, 'policy', 'p1', pb(), 't', now)).ok);
    assert.equal(await defaultAssignee(tw2.store, req), 'zhang', "the policy's official");
    assert.equal(await defaultAssignee(tw2.store, { ...req, type: 'legal-aid' }), 'wang', 'no policy of that type');
  } finally {
    await tw2.cleanup();
  }
});

test('working days skip the weekend and end at 23:59 Beijing time', () => {
  // Friday 2026-12-04 10:00 Beijing + 3 working days = Wednesday 2026-12-09.
  assert.equal(beijing(addWorkingDays(new Date('2026-12-04T02:00:00Z'), 3)), '2026-12-09 23:59');
  // 23:30 UTC on Sunday is already Monday in Beijing: Monday + 3 = Thursday.
  assert.equal(beijing(addWorkingDays(new Date('2026-12-06T23:30:00Z'), 3)), '2026-12-10 23:59');
});

describe('follow-up', () => {
  let tw: TestTownship;
  let clock = new Date('2026-12-01T02:00:00Z'); // Tuesday 10:00 Beijing
  const ids: Record<string, { id: string; code: string }> = {};
  before(async () => {
    tw = await startTestTownship({ officials: { sessionHours: 24 * 30 } }, undefined, () => clock);
    for (const [u, name, phone] of [['wang', '王干部', '13800001111'], ['li', '李干部', '13900002222']] as const) {
      assert.ok((await addOfficial(tw.store, u, `${u}-password`)).ok);
      await setProfile(tw.store, u, { name, phone, role: 'official' });
    }
    assert.ok((await setVillageOfficial(tw.store, '西坡村', 'wang', clock)).ok);
    const h = await addHousehold(tw.store, { village: '西坡村', official: 'li', tags: ['aged-80'] }, 'x', clock);
    assert.ok(h.ok);
    const token = await tw.token('k1', '西坡村');
    const legal = makeRequest('k1', { payload: { type: 'legal-aid', matter: 'unpaid-wages', amountYuan: 3000 } });
    const senior = makeRequest('k1', { payload: { type: 'senior-subsidy', subsidy: 'injury-care', forWhom: 'self', homeVisitNeeded: true } });
    // a request filed with the household card
    const withCard = { ...senior, contact: { ...senior.contact, householdId: h.household.id } };
    const { sha256Hex } = await import('#protocol/signing.js');
    const { canonicalRequestBytes } = await import('#protocol/relay.js');
    const { sha256: _drop, ...rest } = withCard;
    const card = { ...withCard, sha256: sha256Hex(canonicalRequestBytes(rest)) };
    for (const [k, r] of [['legal', legal], ['card', card]] as const) {
      assert.equal((await put(tw, 'k1', r.id, r, token)).status, 201);
      ids[k] = { id: r.id, code: r.code };
    }
  });
  after(() => tw.cleanup());

  test('assigned by default, due by the promise, overdue first, reassign and audit', async () => {
    const s = await officialSession(tw, 'wang', 'wang-password');
    let list = await s.get('/officials/');
    assert.match(list.text, /时间均为北京时间/);
    const row = (code: string) => new RegExp(`<tr data-code="${code}"[^>]*>[\\s\\S]*?</tr>`).exec(list.text)?.[0] ?? '';
    assert.match(row(ids.card!.code), /data-assigned="li"/, 'household official');
    assert.match(row(ids.legal!.code), /data-assigned="wang"/, 'village official');
    // legal aid: 5 working days from Tuesday 2026-12-01 -> Tuesday 2026-12-08 23:59 Beijing
    assert.match(row(ids.legal!.code), /2026-12-08 23:59/);
    assert.match(row(ids.card!.code), /2026-12-04 23:59/);
    assert.doesNotMatch(list.text, /overdue-banner/);

    clock = new Date('2026-12-05T02:00:00Z'); // Saturday: the senior-subsidy call is overdue
    list = await s.get('/officials/');
    assert.match(list.text, /id="overdue-banner"[\s\S]*1 件已超过承诺时间/);
    const firstRow = /<tbody id="request-rows">\s*<tr data-code="([^"]+)" class="overdue"/.exec(list.text);
    assert.equal(firstRow?.[1], ids.card!.code, 'the overdue request is at the top');

    assert.equal((await s.post(`/officials/requests/${ids.card!.id}/assign`, { assignTo: 'wang' })).status, 303);
    assert.equal((await s.post(`/officials/requests/${ids.card!.id}/note`, { note: '家里没人接电话' })).status, 303);
    assert.equal((await s.post(`/officials/requests/${ids.card!.id}/status`, { status: 'visit-scheduled', visitDate: '2026-12-08', note: '周二上门' })).status, 303);
    const page = await s.get(`/officials/requests/${ids.card!.id}`);
    assert.match(page.text, /id="visit-date">2026-12-08/);
    for (const a of ['reassigned', 'note-added', 'visit-scheduled', 'status-changed']) assert.match(page.text, new RegExp(`data-action="${a}"`), a);
    assert.match(page.text, /li → wang/);
    list = await s.get('/officials/');
    assert.doesNotMatch(list.text, /overdue-banner/, 'contacted: no longer overdue');
    assert.match(list.text, /上门 <span class="en" lang="en">visit<\/span> 2026-12-08/);
    const phone = await fetch(`${tw.base}/status/${ids.card!.code}`);
    assert.match(await phone.text(), /上门日期: 2026-12-08/);
  });

  test('dashboard counts and median; CSV and XLSX of the filtered list parse back to the same rows', async () => {
    const s = await officialSession(tw, 'wang', 'wang-password');
    const d = await s.get('/officials/dashboard');
    assert.match(d.text, /data-cell="legal-aid\|received">1</);
    assert.match(d.text, /data-cell="senior-subsidy\|visit-scheduled">1</);
    assert.match(d.text, /data-median-hours="96.00"/); // received Tue 10:00, first contact Sat 10:00
    const filtered = await s.get('/officials/?type=legal-aid');
    const codes = [...filtered.text.matchAll(/<tr data-code="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(codes, [ids.legal!.code]);
    const csv = await s.get('/officials/export.csv?type=legal-aid');
    assert.equal(csv.headers.get('content-type'), 'text/csv; charset=utf-8');
    const lines = csv.text.replace(/^\ufeff/, '').trim().split('\r\n').map((l) => l.slice(1, -1).split('","'));
    assert.deepEqual(lines[0], EXPORT_HEADERS);
    assert.deepEqual(lines.slice(1).map((l) => l[0]), codes);
    assert.equal(lines[1]![7], '2026-12-01 10:00', 'received, Beijing time');
    const xlsx = await s.get('/officials/export.xlsx?type=legal-aid');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('requests')!;
    const sheet: string[][] = [];
    ws.eachRow((r) => sheet.push((r.values as ExcelJS.CellValue[]).slice(1).map((v) => (v instanceof Date || typeof v !== 'object' || v === null ? String(v ?? '') : JSON.stringify(v)))));
    assert.deepEqual(sheet[0], EXPORT_HEADERS);
    assert.deepEqual(sheet.slice(1).map((r) => r.slice(0, lines[1]!.length)), lines.slice(1).map((l) => l.map((c, i) => (i < sheet[1]!.length ? c : c)).slice(0, sheet[1]!.length)));
  });
});
