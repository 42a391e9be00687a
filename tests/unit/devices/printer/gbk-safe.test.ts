// Issue 8 item 7: no 4-byte GB18030 codes. NBSP, •, CJK Extension A (䶮) and emoji go out as
// 4-byte codes (or 2-byte codes outside GBK) that GBK-only printer fonts misprint. They are
// printed as a safe equivalent or "?", and the preview shows the same.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import iconv from 'iconv-lite';
import { encodeLines } from '#src/devices/printer/escpos.js';
import { layout, PAPER } from '#src/devices/printer/layout.js';
import { previewSvg } from '#src/devices/printer/preview-svg.js';
import { printable } from '#src/devices/printer/printable.js';
import { receiptBlocks } from '#src/devices/printer/receipt.js';
import { slipBlocks } from '#src/devices/printer/slip.js';
import { parseEscPos } from '#tests/support/escpos-parse.js';
import { sampleReceipt, sampleSlip } from '#tests/fixtures/printer/receipt-data.js';

const l = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const RISKY = '王\u00a0建国 • 䶮 😀 㐀 ⺁ € − naïve © x\u200by ½';

/** In GBK, as a GBK-only printer font reads it (code page 936), the character round-trips. */
function gbkDrawable(ch: string): boolean {
  if (ch.charCodeAt(0) < 0x80) return true;
  const b = iconv.encode(ch, 'cp936');
  return b.length === 2 && iconv.decode(b, 'cp936') === ch;
}

function svgTexts(svg: string): string[] {
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  return [...svg.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) => unescape(m[1]!));
}

test('safe equivalents: NBSP -> space, • -> ·, − -> -, ï -> i, © -> (C); CJK Extension A, emoji and non-GBK codes -> "?"', () => {
  assert.equal(printable('王\u00a0建国'), '王 建国');
  assert.equal(printable('• 身份证'), '· 身份证');
  assert.equal(printable('䶮'), '?');
  assert.equal(printable('㐀'), '?');
  assert.equal(printable('😀'), '?');
  assert.equal(printable('⺁'), '?', 'a 2-byte GB18030 code (FE50) that GBK does not have');
  assert.equal(printable('−5℃'), '-5℃');
  assert.equal(printable('naïve'), 'naive');
  assert.equal(printable('e\u0301'), 'é', 'composed first: é is in GBK');
  assert.equal(printable('© x\u200by ½ €'), '(C) xy 1/2 EUR');
  assert.equal(printable('“”‘’…—·×°℃①→中文'), '“”‘’…—·×°℃①→中文', 'GBK characters are kept');
});

for (const width of [58, 80] as const) {
  for (const lang of ['zh-CN', 'en'] as const) {
    test(`${width} mm ${lang}: a receipt and a slip full of NBSP, •, 䶮, emoji carry no 4-byte code and nothing outside GBK; the preview shows the same`, () => {
      const receipt = receiptBlocks(
        sampleReceipt({ official: { name: l(RISKY, RISKY), phone: '13812345678' }, typeLabel: l(`补贴${RISKY}`, `Subsidy ${RISKY}`), materials: [l(RISKY, RISKY)] }),
        lang,
      );
      const slip = slipBlocks(sampleSlip({ title: l(`取暖${RISKY}`, `Heating ${RISKY}`), facts: [{ label: l('内容：', 'Benefit: '), value: l(RISKY, RISKY) }] }), lang, '2025-03-14T01:30:00Z');
      for (const blocks of [receipt, slip]) {
        const lines = layout(blocks, PAPER[width]);
        const job = parseEscPos(encodeLines(lines));
        assert.equal(job.lines.reduce((n, x) => n + x.fourByteCodes, 0), 0, 'no 4-byte GB18030 code');
        const bad = [...job.text].filter((c) => c !== '\n' && !gbkDrawable(c));
        assert.deepEqual(bad, [], 'every character is in GBK');
        assert.match(job.text, /· \? \? \? \?/, 'the risky characters became "·" and "?"');
        const printed = job.lines.filter((x) => x.text.trim() !== '').map((x) => x.text);
        assert.deepEqual(svgTexts(previewSvg(lines, PAPER[width], 'p').svg), printed, 'the preview shows the same characters');
      }
    });
  }
}
