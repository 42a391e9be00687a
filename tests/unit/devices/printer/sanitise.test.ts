// Issue 8 item 6: no control bytes reach the printer. A policy official's title of
// `专干\x1dV\x00` printed a second cut mid-slip (GS V), `\x1bp` kicks a cash drawer. Every
// text reaching the encoder passes one sanitiser, whichever layout path it took; the bytes
// are parsed back to prove no command was smuggled in.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeLines } from '#src/devices/printer/escpos.js';
import { layout, PAPER, type Block } from '#src/devices/printer/layout.js';
import { previewSvg } from '#src/devices/printer/preview-svg.js';
import { receiptBlocks } from '#src/devices/printer/receipt.js';
import { policySlipData, slipBlocks } from '#src/devices/printer/slip.js';
import { parseEscPos } from '#tests/support/escpos-parse.js';
import { policyBody } from '../../township/helpers.js';
import { HALL, sampleReceipt } from '#tests/fixtures/printer/receipt-data.js';

const CUT = '\x1dV\x00';
const DRAWER = '\x1bp\x00\x19\xfa';
const l = (zh: string, en: string) => ({ 'zh-CN': zh, en });

function assertNoSmuggledCommands(bytes: Buffer, expectedCuts = 1) {
  const job = parseEscPos(bytes);
  assert.equal(job.cuts, expectedCuts, 'one cut, at the end');
  assert.deepEqual(job.unknown, [], 'no unknown command (ESC p, stray control bytes)');
  assert.ok(!job.commands.includes('ESC p'));
  // Between the commands the encoder itself sends, no text byte is below 0x20 except LF.
  // eslint-disable-next-line no-control-regex -- the test asserts that no control bytes reach the printer
  for (const line of job.lines) assert.ok(!/[\u0000-\u001f\u007f-\u009f]/.test(line.text), JSON.stringify(line.text));
  return job;
}

for (const width of [58, 80] as const) {
  test(`${width} mm policy slip: an official's title "专干\\x1dV\\x00" (fits on one line) prints as text, with no second cut`, () => {
    const body = policyBody();
    body.official.title = l(`专干${CUT}`, `Officer${CUT}`);
    body.official.name = l(`张${DRAWER}`, `Zhang${DRAWER}`);
    for (const lang of ['zh-CN', 'en'] as const) {
      const blocks = slipBlocks(policySlipData('p-001', body, HALL), lang, '2025-03-14T01:30:00Z');
      const lines = layout(blocks, PAPER[width]);
      const job = assertNoSmuggledCommands(encodeLines(lines));
      assert.match(job.text, lang === 'zh-CN' ? /张 p {2}ú（专干 V ）/ : /Zhang p {2}ú \(Officer V \)/);
      const svg = previewSvg(lines, PAPER[width], 'slip').svg;
      // eslint-disable-next-line no-control-regex -- the test asserts that the preview has no control characters
      assert.ok(!/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(svg), 'the preview carries no control characters either');
    }
  });

  test(`${width} mm receipt: control characters in every kind of block (field, text, bullets) are neutralised`, () => {
    const d = sampleReceipt({
      typeLabel: l(`补贴${DRAWER}`, `Subsidy${DRAWER}`),
      nextSteps: [l(`等电话${CUT}\t请保持畅通\r\n第二行`, `Wait${CUT}\tfor a call\u2028second`)],
      materials: [l(`身份证${CUT}`, `ID${CUT}`)],
      official: { name: l(`王${'\x10\x04\x01'}`, `Wang${'\x10\x04\x01'}`), phone: '13812345678' },
      hallName: l(`大厅\x1b@`, `Hall\x1b@`),
    });
    for (const lang of ['zh-CN', 'en'] as const) {
      const job = assertNoSmuggledCommands(encodeLines(layout(receiptBlocks(d, lang), PAPER[width])));
      assert.deepEqual(job.statusQueries, [], 'no DLE EOT smuggled into the job');
      assert.equal(job.commands.filter((c) => c === 'ESC @').length, 1, 'only the initialize the encoder sends');
    }
  });
}

test('the encoder sanitises even lines that did not come through layout()', () => {
  const bytes = encodeLines([{ t: 'text', text: `raw${CUT}${DRAWER}line`, align: 'left', scale: 1, bold: false }, { t: 'cut' }]);
  const job = assertNoSmuggledCommands(bytes);
  assert.equal(job.lines[0]!.text, 'raw V  p  úline');
});

test('a field with a newline in its value is wrapped, not printed as one line with a raw newline', () => {
  const blocks: Block[] = [{ t: 'field', label: '地点：', value: '村委会\n二楼' }];
  const lines = layout(blocks, PAPER[58]);
  assert.deepEqual(
    lines.map((x) => (x.t === 'text' ? x.text : x.t)),
    ['地点：', '  村委会', '  二楼'],
  );
});
