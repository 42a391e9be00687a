// Receipt bytes generation: from ReceiptData to the ESC/POS bytes (layout with CJK-aware
// wrapping, GB18030 encoding, native QR commands), for 58 mm and 80 mm. Target p95 < 5 ms.
import { encodeLines } from '../../src/devices/printer/escpos.js';
import { layout, PAPER } from '../../src/devices/printer/layout.js';
import { previewSvg } from '../../src/devices/printer/preview-svg.js';
import { receiptBlocks } from '../../src/devices/printer/receipt.js';
import { sampleReceipt } from '../fixtures/printer/receipt-data.js';
import { report, summarise } from './support/report.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 2000);
const WARMUP = 200;
const TARGET_MS = 5;

function measure(fn: (i: number) => unknown): number[] {
  for (let i = 0; i < WARMUP; i++) fn(i);
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    fn(i);
    samples.push(performance.now() - t0);
  }
  return samples;
}

// A different code each run, so nothing can be cached between runs.
const ALPHA = '34679ACDEFGHJKMNPQRTWXY';
const code = (i: number) => Array.from({ length: 8 }, (_, k) => ALPHA[(i * 7 + k * 13 + (i >> k)) % ALPHA.length]).join('').replace(/^(.{4})/, '$1-');

let bytes = 0;
for (const width of [58, 80] as const) {
  const samples = measure((i) => {
    const out = encodeLines(layout(receiptBlocks(sampleReceipt({ code: code(i) }), 'zh-CN'), PAPER[width]));
    bytes = out.length;
  });
  const f = summarise(`receipt-bytes-${width}mm`, 'ms', samples, { bytes, targetP95: TARGET_MS });
  report({ ...f, ratio: f.p95! / TARGET_MS });
}

// The preview SVG (attendant screen), from the same layout.
const svg = measure((i) => previewSvg(layout(receiptBlocks(sampleReceipt({ code: code(i) }), 'zh-CN'), PAPER[58]), PAPER[58], 'receipt'));
report(summarise('receipt-preview-svg-58mm', 'ms', svg));
