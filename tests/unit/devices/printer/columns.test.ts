// Issue 8 item 5: columns by encoded width. In Chinese mode every 2-byte GB18030 code prints
// 24 dots wide, so “ ” ‘ ’ … — · × ° ℃ ① → take two columns. The printed bytes are parsed
// back and measured from the bytes alone (tests/support/escpos-parse.ts): no line is wider
// than the paper, and the on-screen preview (SVG) shows the same lines at the same widths.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LocalizedText } from '#contract/core.js';
import { encodeLines } from '#src/devices/printer/escpos.js';
import { layout, PAPER, type Block } from '#src/devices/printer/layout.js';
import { previewSvg } from '#src/devices/printer/preview-svg.js';
import { receiptBlocks } from '#src/devices/printer/receipt.js';
import { slipBlocks } from '#src/devices/printer/slip.js';
import { wrapText } from '#src/devices/printer/text-width.js';
import { parseEscPos } from '#tests/support/escpos-parse.js';
import { sampleReceipt, sampleSlip } from '#tests/fixtures/printer/receipt-data.js';

const t = (zh: string, en: string): LocalizedText => ({ 'zh-CN': zh, en });
const PUNCT = '“”‘’…—·×°℃①→';

const receipt = sampleReceipt({
  typeLabel: t('“老年人”补贴——①号…', '“Senior” subsidy — ① …'),
  nextSteps: [
    t('工作人员会“电话”联系您……请保持电话畅通——谢谢！室温≥18℃，×2份，①→②→③，“身份证”‘户口本’。', 'Staff will “phone” you… keep it on — thanks! ① → ② → ③, ‘ID card’ × 2, 18 °C.'),
    t(PUNCT.repeat(6), PUNCT.repeat(6)),
  ],
  materials: [t('“身份证”原件×1、复印件×2……', '“ID card” × 1, copies × 2…'), t('①户口本→②残疾证→③病历……', '① register → ② card → ③ records…')],
  official: { name: t('王建国（“专干”）', 'Wang Jianguo (“officer”)'), phone: '13812345678' },
});
const slip = sampleSlip({
  title: t('2025年“冬季取暖”补贴——每户600元…', 'Winter heating “subsidy” 2025 — 600 yuan…'),
  facts: [
    { label: t('内容：', 'Benefit: '), value: t('每户补贴600元·室温低于18℃时×1.5倍①→②', '600 yuan per household · ×1.5 below 18 °C ① → ②') },
    { label: t('“说明”：', '“Note”: '), value: t('‘原件’——“复印件”……', '‘original’ — “copy”…') },
    { label: t('温度：', 'Temp: '), value: t('18℃—22℃', '18℃—22℃') },
  ],
  materials: [t('身份证“原件”…', 'ID card “original”…'), t(PUNCT.repeat(3), PUNCT.repeat(3))],
});

function svgTexts(svg: string): Array<{ text: string; x: number; textLength: number }> {
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  return [...svg.matchAll(/<text x="(-?\d+)"[^>]*? textLength="(\d+)"[^>]*>([^<]*)<\/text>/g)].map((m) => ({ x: Number(m[1]), textLength: Number(m[2]), text: unescape(m[3]!) }));
}

for (const width of [58, 80] as const) {
  const paper = PAPER[width];
  for (const lang of ['zh-CN', 'en'] as const) {
    const cases: Array<[string, Block[]]> = [
      ['receipt', receiptBlocks(receipt, lang)],
      ['slip', slipBlocks(slip, lang, '2025-03-14T01:30:00Z')],
      ['plain text', [{ t: 'text', text: '·×°℃①→'.repeat(10) }, { t: 'text', text: PUNCT.repeat(10) }, { t: 'text', text: PUNCT.repeat(4), scale: 2 }, { t: 'field', label: '温度：', value: '18℃—22℃' }, { t: 'bullets', items: [PUNCT.repeat(5)] }]],
    ];
    for (const [name, blocks] of cases) {
      test(`${width} mm ${lang} ${name} full of “ ” … — ℃ ①: no printed line is wider than ${paper.dots} dots, and the preview shows the same lines`, () => {
        const lines = layout(blocks, paper);
        const job = parseEscPos(encodeLines(lines));
        const printed = job.lines.filter((l) => l.text.trim() !== '');
        assert.ok(printed.some((l) => [...PUNCT].some((c) => l.text.includes(c))), 'the punctuation reached the paper');
        for (const l of printed) assert.ok(l.dots <= paper.dots, `${l.dots} dots > ${paper.dots}: "${l.text}"`);
        // A full Chinese line of 16 (58 mm) / 24 (80 mm) two-byte codes is exactly the paper width.
        if (name === 'plain text') assert.equal(printed[0]!.dots, paper.dots);

        const shown = svgTexts(previewSvg(lines, paper, name).svg);
        assert.deepEqual(
          shown.map((s) => s.text),
          printed.map((l) => l.text),
          'the preview has the same lines as the paper',
        );
        shown.forEach((s, i) => {
          assert.equal(s.textLength, printed[i]!.dots, `preview width of "${s.text}" matches the paper`);
          assert.ok(s.x + s.textLength <= paper.dots + 8, `preview line "${s.text}" stays on the paper`);
        });
      });
    }
  }
}

test('“ ‘ never end a line and ” ’ never start one, wherever the line break falls', () => {
  for (const columns of [32, 48]) {
    for (let k = 0; k < 30; k++) {
      for (const quoted of ['“身份证”和‘户口本’', '“身份证”', '‘户口本’，']) {
        const text = '村'.repeat(k) + quoted + '原件及复印件各一份请带齐。';
        const lines = wrapText(text, columns);
        assert.equal(lines.join(''), text);
        for (const l of lines) {
          assert.ok(!/^[”’]/.test(l), `line starts with closing quote (${columns}, k=${k}): ${JSON.stringify(lines)}`);
          assert.ok(!/[“‘]$/.test(l), `line ends with opening quote (${columns}, k=${k}): ${JSON.stringify(lines)}`);
        }
      }
    }
  }
});

test('an English word before a closing quote moves with it, and an accented word is not split', () => {
  const lines = wrapText('Bring the card marked “original”, please.', 20);
  for (const l of lines) assert.ok(!/^[”’,]/.test(l), JSON.stringify(lines));
  assert.ok(lines.some((l) => l.includes('“original”,')), JSON.stringify(lines));
  // é and è are 2-byte GB18030 codes: two columns each, and still part of their word.
  assert.deepEqual(wrapText('Café résumé lève', 14), ['Café résumé', 'lève']);
});
