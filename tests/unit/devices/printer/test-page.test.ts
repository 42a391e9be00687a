// The attendant's test page: says the status and paper width, fills the paper's columns,
// and goes to the real printer path (a memory printer) only when one is configured.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeLines } from '#src/devices/printer/escpos.js';
import { layout, PAPER } from '#src/devices/printer/layout.js';
import { printTestPage, testPageBlocks, type TestPageFacts } from '#src/devices/printer/test-page.js';

const facts = (paperWidth: 58 | 80, state = 'connected'): TestPageFacts => ({
  kioskId: 'k-7',
  hallName: { 'zh-CN': '南大里村便民服务大厅', en: 'Nandali Service Hall' },
  at: '2026-05-01T08:00:00.000Z',
  sink: 'state-file',
  paperWidth,
  status: { state } as TestPageFacts['status'],
});

test('the test page names status and paper width, and its ruler is exactly the paper\'s columns', () => {
  for (const w of [58, 80] as const) {
    const lines = layout(testPageBlocks(facts(w, 'paper-near-end'), 'en'), PAPER[w]);
    const text = lines.flatMap((l) => (l.t === 'text' ? [l.text] : []));
    assert.ok(text.some((l) => l.includes(`${w} mm, ${PAPER[w].dots} dots, ${PAPER[w].columns} columns`)));
    assert.ok(text.some((l) => l.includes('paper-near-end')));
    assert.ok(text.includes('1234567890'.repeat(5).slice(0, PAPER[w].columns)));
    assert.ok(lines.some((l) => l.t === 'qr' && l.payload === 'VKT:TEST'));
    assert.equal(lines.at(-1)?.t, 'cut');
  }
});

test('printTestPage sends the encoded page, reports a printer failure, and says when there is no printer', async () => {
  const sent: Buffer[] = [];
  const ok = await printTestPage({ facts: async () => facts(58), encode: encodeLines, print: async (b) => (sent.push(b), { ok: true }) }, 'zh-CN');
  assert.deepEqual({ ...ok, bytes: undefined }, { ok: true, status: 'connected', paperWidth: 58, sink: 'state-file', bytes: undefined });
  assert.equal(sent.length, 1);
  assert.ok(sent[0]!.includes(Buffer.from([0x1d, 0x56])), 'ends with a cut (GS V)');
  const out = await printTestPage({ facts: async () => facts(80, 'paper-out'), encode: encodeLines, print: async () => ({ ok: false, reason: 'paper-out', message: 'out of paper' }) }, 'en');
  assert.deepEqual(out, { ok: false, reason: 'paper-out', message: 'out of paper', status: 'paper-out', paperWidth: 80, sink: 'state-file' });
  const none = await printTestPage({ facts: async () => ({ ...facts(58), sink: 'none', status: { state: 'not-configured' } }), encode: encodeLines, print: null }, 'en');
  assert.equal(none.ok, false);
  assert.equal(!none.ok && none.reason, 'not-configured');
});
