// Posters, sticker sheets and village codes: each PDF is rendered to PNG and its QR read
// back (pdftoppm + zbarimg); the QR is the phone-page URL with the kiosk code inside, which
// the kiosk's scan router opens as that policy / job / village, and a phone opens as the page.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { policyBody, startTestTownship, type TestTownship } from './helpers.js';
import { upsertContent } from '#src/township/content.js';
import { setVillageOfficial, setProfile } from '#src/township/accounts.js';
import { addOfficial } from '#src/township/officials.js';
import { makePoster } from '#src/township/posters.js';
import { routeScanText } from '#src/scan/route.js';
import { readPdf } from '../../support/pdf-qr.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';

describe('posters', () => {
  let tw: TestTownship;
  let jobId: string;
  before(async () => {
    tw = await startTestTownship({ publicUrl: 'https://fuwu.example.cn/' });
    const now = new Date();
    assert.ok((await upsertContent(tw.store, 'policy', 'clean-heating', { ...policyBody('清洁取暖补贴'), benefit: { 'zh-CN': '每户每年补贴 2000 元电费', en: '2,000 yuan a year' } }, 't', now)).ok);
    const jobs = JSON.parse(readFileSync(path.join(import.meta.dirname, '../../../resources/content/jobs.json'), 'utf8')) as { items: Array<{ id: string; body: Record<string, unknown> }> };
    jobId = jobs.items[0]!.id;
    const r = await upsertContent(tw.store, 'job', jobId, { ...jobs.items[0]!.body, validThrough: '2099-12-31' }, 't', now);
    assert.ok(r.ok, !r.ok ? r.message : '');
    assert.ok((await addOfficial(tw.store, 'wang', 'wang-password')).ok);
    await setProfile(tw.store, 'wang', { name: '王干部', phone: '13800001111' });
    assert.ok((await setVillageOfficial(tw.store, '西坡村', 'wang', now)).ok);
  });
  after(() => tw.cleanup());

  test('a policy poster: title, who qualifies, benefit, official and phone, and a QR that opens the policy on a kiosk and the page on a phone', async () => {
    const r = await makePoster(tw.store, tw.config, 'https://fuwu.example.cn', 'policy', 'clean-heating');
    assert.ok(r.ok);
    const read = readPdf(r.pdf);
    assert.equal(read.pages, 1);
    assert.deepEqual(read.codes, [['https://fuwu.example.cn/policies/clean-heating?vk=VKP:policy:clean-heating']]);
    assert.match(read.text, /清洁取暖补贴/);
    assert.match(read.text, /谁可以申请/);
    assert.match(read.text, /每户每年补贴 2000 元电费/);
    assert.match(read.text, /张主任\s+电话 03575551234/);
    assert.match(read.fonts, /\+NotoSansCJKsc-Regular.*yes yes yes/);
    assert.deepEqual(routeScanText(read.codes[0]![0]!, null), { kind: 'policy', id: 'clean-heating' });
    // The phone opens the same URL: the page is served (the ?vk= is ignored there).
    const phone = await fetch(`${tw.base}/policies/clean-heating?vk=VKP:policy:clean-heating`);
    assert.equal(phone.status, 200);
  });

  test('a sticker sheet has 24 readable codes; a job poster and a village code open their targets', async () => {
    const st = await makePoster(tw.store, tw.config, 'https://fuwu.example.cn', 'stickers', 'clean-heating');
    assert.ok(st.ok);
    const sheet = readPdf(st.pdf, 200);
    assert.equal(sheet.codes[0]!.length, 24);
    assert.ok(sheet.codes[0]!.every((c) => c === st.qrText));
    const job = await makePoster(tw.store, tw.config, 'https://fuwu.example.cn', 'job', jobId);
    assert.ok(job.ok);
    assert.deepEqual(routeScanText(readPdf(job.pdf).codes[0]![0]!, null), { kind: 'job', id: jobId });
    const v = await makePoster(tw.store, tw.config, 'https://fuwu.example.cn', 'village', '西坡村');
    assert.ok(v.ok);
    const vr = readPdf(v.pdf);
    assert.equal(vr.codes[0]![0], `https://fuwu.example.cn/villages/${encodeURIComponent('西坡村')}?vk=VKP:village:${encodeURIComponent('西坡村')}`);
    assert.deepEqual(routeScanText(vr.codes[0]![0], null), { kind: 'village', name: '西坡村' });
    assert.match(vr.text, /王干部\s+电话 13800001111/);
    assert.equal((await makePoster(tw.store, tw.config, 'x', 'policy', 'nope')).ok, false);
    // A card or badge code inside a URL is not honoured: it stays a link.
    assert.equal(routeScanText('https://evil.example/x?vk=VKB:badge-1', null).kind, 'url');
  });
});
