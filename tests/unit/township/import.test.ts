// Bulk import: CSV, XLSX and JSON with good and bad rows; exactly the good rows are
// published (and reach the feed), each bad row gets its own line naming row, field and
// what is expected. The upload on the officials' page does the same over real HTTP.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { policyBody, startTestTownship, type TestTownship } from './helpers.js';
import { officialSession } from './session.js';
import { addOfficial } from '#src/township/officials.js';
import { importContent, importTemplate, parseCsv } from '#src/township/import.js';
import { formValuesOf } from '#src/township/web/content-pages.js';
import { getContent, listContent } from '#src/township/content.js';

function csvRow(id: string, over: Record<string, string> = {}): Record<string, string> {
  const form = formValuesOf('policy', policyBody(`政策${id}`));
  const cells: Record<string, string> = { type: 'policy', id };
  for (const col of importTemplate('policy').slice(2)) {
    if (col === 'eligibility') cells[col] = 'senior';
    else if (col === 'homeVisitBookable') cells[col] = 'yes';
    else cells[col] = form[`f.${col}`] ?? '';
  }
  return { ...cells, ...over };
}

const toCsv = (rows: Array<Record<string, string>>) => {
  const cols = importTemplate('policy');
  const q = (v: string) => `"${v.replace(/"/g, '""')}"`;
  return [cols.map(q).join(','), ...rows.map((r) => cols.map((c) => q(r[c] ?? '')).join(','))].join('\r\n');
};

describe('bulk import', () => {
  let tw: TestTownship;
  before(async () => {
    tw = await startTestTownship();
    assert.ok((await addOfficial(tw.store, 'wang', 'wang-password')).ok);
  });
  after(() => tw.cleanup());

  test('CSV: parser handles quotes and newlines', () => {
    assert.deepEqual(parseCsv('\ufeffa,"b ""x""","c\nd"\r\n1,2,3\n'), [['a', 'b "x"', 'c\nd'], ['1', '2', '3']]);
  });

  test('CSV with good and bad rows publishes exactly the good ones, one line per bad row', async () => {
    const csv = toCsv([csvRow('imp-a'), csvRow('imp-b', { 'benefit.en': '' }), csvRow('imp-c', { 'official.phone': '12345' }), csvRow('imp-d', { 'materials.en': 'ID card' }), csvRow('imp-e'), csvRow('Bad Id')]);
    const r = await importContent(tw.store, Buffer.from(csv), 'p.csv', 'test', new Date());
    assert.ok(r.ok);
    assert.equal(r.report.published, 2);
    assert.equal(r.report.refused, 4);
    const bad = r.report.lines.filter((l) => !l.ok).map((l) => l.message);
    assert.match(bad[0]!, /^row 3 \(id imp-b\): field benefit\.en: /);
    assert.match(bad[1]!, /^row 4 \(id imp-c\): field official\.phone: a mainland mobile/);
    assert.match(bad[2]!, /^row 5 \(id imp-d\): field materials: .*Chinese has 2 lines and English 1/);
    assert.match(bad[3]!, /^row 7 \(id Bad Id\): field id: /);
    assert.ok(await getContent(tw.store, 'policy', 'imp-a'));
    assert.ok(await getContent(tw.store, 'policy', 'imp-e'));
    for (const id of ['imp-b', 'imp-c', 'imp-d']) assert.equal(await getContent(tw.store, 'policy', id), null, id);
  });

  test('XLSX and JSON in the feed item shape', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('policies');
    const cols = importTemplate('policy');
    ws.addRow(cols);
    for (const r of [csvRow('x-good'), csvRow('x-bad', { category: 'nonsense' })]) ws.addRow(cols.map((c) => r[c] ?? ''));
    const x = await importContent(tw.store, Buffer.from(await wb.xlsx.writeBuffer()), 'p.xlsx', 'test', new Date());
    assert.ok(x.ok);
    assert.equal(x.report.format, 'xlsx');
    assert.deepEqual([x.report.published, x.report.refused], [1, 1]);
    assert.match(x.report.lines[1]!.message, /^row 3 \(id x-bad\): field category: /);
    const json = JSON.stringify({ items: [{ type: 'policy', id: 'j-good', body: policyBody('JSON') }, { type: 'policy', id: 'j-bad', body: { ...policyBody(), title: { 'zh-CN': '' } } }, { type: 'news', id: 'n' }] });
    const j = await importContent(tw.store, Buffer.from(json), 'p.json', 'test', new Date());
    assert.ok(j.ok);
    assert.deepEqual([j.report.published, j.report.refused], [1, 2]);
    assert.match(j.report.lines[1]!.message, /^row 2 \(id j-bad\): field title\.zh-CN: /);
    assert.match(j.report.lines[2]!.message, /^row 3 \(id n\): field type: expected "policy" or "job"/);
  });

  test('upload on the page', async () => {
    const s = await officialSession(tw, 'wang', 'wang-password');
    const fd = new FormData();
    fd.set('_csrf', s.csrf);
    fd.set('file', new Blob([toCsv([csvRow('up-a'), csvRow('up-b', { 'title.zh-CN': '' })])], { type: 'text/csv' }), 'upload.csv');
    const res = await fetch(`${tw.base}/officials/import`, { method: 'POST', headers: { cookie: s.cookie }, body: fd });
    const text = await res.text();
    assert.equal(res.status, 200, text);
    assert.match(text, /Published 1, unchanged 0, refused 1/);
    assert.match(text, /<li data-row="3">row 3 \(id up-b\): field title\.zh-CN: /);
    assert.ok((await listContent(tw.store, 'policy')).some((r) => r.id === 'up-a'));
    // Without the CSRF token the upload is refused.
    const fd2 = new FormData();
    fd2.set('file', new Blob(['x'], { type: 'text/csv' }), 'x.csv');
    assert.equal((await fetch(`${tw.base}/officials/import`, { method: 'POST', headers: { cookie: s.cookie }, body: fd2 })).status, 403);
  });
});
