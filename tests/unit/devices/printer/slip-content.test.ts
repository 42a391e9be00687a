import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { loadEmbeddedContent } from '#src/content/embedded.js';
import { createContentStore } from '#src/content/store.js';
import { openDatabase } from '#src/db/open.js';
import { encodeBlocks } from '#src/devices/printer/escpos.js';
import type { Logger } from '#src/log/logger.js';
import { PAPER } from '#src/devices/printer/layout.js';
import { slipBlocks } from '#src/devices/printer/slip.js';
import { contentSlipSource } from '#src/devices/printer/sources.js';
import { textWidth } from '#src/devices/printer/text-width.js';
import { parseEscPos } from '#tests/support/escpos-parse.js';
import { HALL } from '#tests/fixtures/printer/receipt-data.js';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet, close() {} };

test('slips from the real content store (embedded policies and jobs) print their title, phone and QR', () => {
  const db = openDatabase(path.join(mkdtempSync(path.join(os.tmpdir(), 'printer-slip-')), 'kiosk.db'));
  const store = createContentStore(db);
  const now = new Date('2025-06-01T02:00:00Z');
  loadEmbeddedContent(db, store, quiet, now);
  const policyId = (db.prepare('SELECT id FROM policies LIMIT 1').get() as { id: string }).id;
  const jobId = (db.prepare('SELECT id FROM jobs LIMIT 1').get() as { id: string }).id;
  const source = contentSlipSource(store, HALL, () => now);
  const policy = store.policy(policyId)!.body;

  const p = source('policy', policyId)!;
  for (const w of [58, 80] as const) {
    const job = parseEscPos(encodeBlocks(slipBlocks(p, 'zh-CN', now.toISOString()), PAPER[w]));
    assert.match(job.text.replace(/\n {0,2}/g, ''), new RegExp(policy.title['zh-CN'].replace(/[()（）]/g, '.')));
    assert.match(job.text.replace(/ /g, ''), new RegExp(policy.official.phone));
    assert.deepEqual(job.qrs.map((q) => q.payload), [`VKP:policy:${policyId}`]);
    assert.equal(job.highBytesOutsideChinese, 0);
    for (const l of job.lines) assert.ok(textWidth(l.text) * l.width <= PAPER[w].columns);
  }
  const j = source('job', jobId)!;
  const jobText = parseEscPos(encodeBlocks(slipBlocks(j, 'zh-CN', now.toISOString()), PAPER[58]));
  assert.match(jobText.text, /工资：/);
  assert.deepEqual(jobText.qrs.map((q) => q.payload), [`VKP:job:${jobId}`]);
  assert.equal(source('policy', 'no-such-policy'), null);
});
