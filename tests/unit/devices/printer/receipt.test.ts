import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeBlocks } from '#src/devices/printer/escpos.js';
import { PAPER } from '#src/devices/printer/layout.js';
import { receiptBlocks } from '#src/devices/printer/receipt.js';
import { slipBlocks } from '#src/devices/printer/slip.js';
import { textWidth } from '#src/devices/printer/text-width.js';
import { parseEscPos } from '#tests/support/escpos-parse.js';
import { sampleReceipt, sampleSlip } from '#tests/fixtures/printer/receipt-data.js';

for (const width of [58, 80] as const) {
  const paper = PAPER[width];

  test(`${width} mm receipt: Chinese text after FS &, big code, QR of the code, cut`, () => {
    const d = sampleReceipt();
    const job = parseEscPos(encodeBlocks(receiptBlocks(d, 'zh-CN'), paper));
    assert.deepEqual(job.unknown, []);
    // ESC @ first, then FS &, and FS . never.
    assert.deepEqual(job.commands.slice(0, 2), ['ESC @', 'FS &']);
    assert.ok(!job.commands.includes('FS .'), 'FS . would cancel Chinese mode');
    assert.equal(job.highBytesOutsideChinese, 0);
    assert.ok(job.lines.every((l) => l.chinese));

    const text = job.text;
    assert.match(text, /石家庄村便民服务大厅/);
    assert.match(text, /服务申请回执/);
    assert.match(text, /申请事项：老年人补贴/);
    assert.match(text, /2025-03-14 09:30/);
    assert.match(text, /王建国/);
    assert.match(text, /138 1234 5678/);
    assert.match(text, /身份证原件及复印件/);
    assert.match(text, /户口本/);
    assert.match(text, /139\*\*\*\*0021/);
    // "what happens next" may wrap; compare without line breaks.
    assert.match(text.replace(/\n {0,2}/g, ''), /乡镇民政办在3个工作日内审核您的申请，审核后会打电话通知您。/);

    const big = job.lines.filter((l) => l.width === 2 && l.height === 2);
    assert.deepEqual(big.map((l) => l.text), ['7KQ3-MX4P']);
    assert.equal(big[0]!.align, 'center');

    assert.equal(job.qrs.length, 1);
    assert.deepEqual(job.qrs[0], { payload: 'VKR:7KQ3-MX4P', model: 2, moduleSize: paper.qrModuleDots, ec: 'M', printed: true });
    assert.equal(job.cuts, 1);
    assert.ok(job.commands.lastIndexOf('GS V') > job.commands.lastIndexOf('GS ( k 81'), 'the cut comes after the QR code');

    // Every normal-size line fits the paper; double-size lines fit half as many columns.
    for (const l of job.lines) assert.ok(textWidth(l.text) * l.width <= paper.columns, `${JSON.stringify(l.text)} overflows ${width} mm`);
  });
}

test('58 and 80 mm lay out differently: 80 mm lines are longer', () => {
  const d = sampleReceipt({ nextSteps: [{ 'zh-CN': '一'.repeat(40), en: 'x' }] });
  const l58 = parseEscPos(encodeBlocks(receiptBlocks(d, 'zh-CN'), PAPER[58])).lines.filter((l) => l.text.includes('一一'));
  const l80 = parseEscPos(encodeBlocks(receiptBlocks(d, 'zh-CN'), PAPER[80])).lines.filter((l) => l.text.includes('一一'));
  assert.deepEqual(l58.map((l) => textWidth(l.text)), [32, 32, 22]);
  assert.deepEqual(l80.map((l) => textWidth(l.text)), [48, 36]);
  const rule58 = parseEscPos(encodeBlocks([{ t: 'rule' }], PAPER[58])).lines[0]!.text;
  assert.equal(rule58, '-'.repeat(32));
});

test('English receipt: same facts in English, QR payload unchanged', () => {
  const job = parseEscPos(encodeBlocks(receiptBlocks(sampleReceipt(), 'en'), PAPER[80]));
  assert.match(job.text, /Shijiazhuang Village Service Hall/);
  assert.match(job.text, /Request: Subsidy for seniors/);
  assert.match(job.text, /Please bring:/);
  assert.equal(job.qrs[0]!.payload, 'VKR:7KQ3-MX4P');
});

test('a receipt without official or materials leaves those sections out', () => {
  const job = parseEscPos(encodeBlocks(receiptBlocks(sampleReceipt({ official: { name: null, phone: null }, materials: [] }), 'zh-CN'), PAPER[58]));
  assert.doesNotMatch(job.text, /请准备以下材料/);
  assert.doesNotMatch(job.text, /联系电话/);
  assert.match(job.text, /7KQ3-MX4P/);
});

test('policy slip: title, facts, phone, QR VKP:policy:<id>', () => {
  const job = parseEscPos(encodeBlocks(slipBlocks(sampleSlip(), 'zh-CN', '2025-10-01T02:00:00Z'), PAPER[58]));
  assert.match(job.text, /政策信息/);
  assert.match(job.text, /2025年冬季取暖补贴/);
  assert.match(job.text.replace(/\n {0,2}/g, ''), /每户补贴600元，直接打入一卡通/);
  assert.match(job.text, /03517654321/);
  assert.match(job.text, /打印时间：2025-10-01 10:00/);
  assert.deepEqual(job.qrs.map((q) => q.payload), ['VKP:policy:pol-2025-017']);
  assert.equal(job.cuts, 1);
});

test('job slip QR, and no QR at all for an id that is not ASCII', () => {
  const j = parseEscPos(encodeBlocks(slipBlocks(sampleSlip({ kind: 'job', id: 'job-88' }), 'zh-CN', '2025-10-01T02:00:00Z'), PAPER[80]));
  assert.match(j.text, /招工信息/);
  assert.deepEqual(j.qrs.map((q) => q.payload), ['VKP:job:job-88']);
  const noQr = parseEscPos(encodeBlocks(slipBlocks(sampleSlip({ id: '岗位-1' }), 'zh-CN', '2025-10-01T02:00:00Z'), PAPER[58]));
  assert.deepEqual(noQr.qrs, []);
});

test('the parser notices FS . and high bytes outside Chinese mode (the checks above can fail)', () => {
  const bad = Buffer.concat([Buffer.from([0x1b, 0x40, 0x1c, 0x26, 0x1c, 0x2e]), Buffer.from([0xd6, 0xd0, 0x0a])]);
  const job = parseEscPos(bad);
  assert.ok(job.commands.includes('FS .'));
  assert.equal(job.highBytesOutsideChinese, 2);
});
