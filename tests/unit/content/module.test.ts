// The content module's calls: QR only with a public URL, expired/missing postings, as-of.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigSchema } from '#src/config/schema.js';
import { JobSearchInput, PolicySearchInput } from '#contract/content.js';
import { createContentModule } from '#src/content/module.js';
import { createContentStore } from '#src/content/store.js';
import { createLinkMonitor } from '#src/core/link-monitor.js';
import { openDatabase } from '#src/db/open.js';
import { createEventBus } from '#src/events/bus.js';
import { createMemoryLogger } from '#src/log/logger.js';
import { SAMPLE_AS_OF } from '#resources/content/generate.js';

const NOW = new Date(`${SAMPLE_AS_OF}T10:00:00+08:00`);

async function setup(publicUrl: string | null) {
  const db = openDatabase(path.join(mkdtempSync(path.join(os.tmpdir(), 'kiosk-cmod-')), 'kiosk.db'));
  const bus = createEventBus();
  const config = ConfigSchema.parse({ township: { url: null, kioskToken: null, publicKey: null, publicUrl, syncIntervalSeconds: 60 } });
  const m = createContentModule({ config, db, log: createMemoryLogger(), bus, now: () => NOW, link: createLinkMonitor(bus, { configured: false }) });
  await m.start?.();
  return { db, m };
}

test('detail pages carry a QR of the public page only when township.publicUrl is set', async () => {
  const without = await setup(null);
  const list = await without.m.handlers['content.searchPolicies'](PolicySearchInput.parse({ query: '补贴' }));
  const id = list.items[0]!.id;
  const a = await without.m.handlers['content.policy']({ id });
  assert.equal(a.found && a.qr, null);
  assert.deepEqual(list.asOf, { at: SAMPLE_AS_OF, source: 'embedded' });

  const withUrl = await setup('https://xiaxian.example.cn/kiosk/');
  const b = await withUrl.m.handlers['content.policy']({ id });
  assert.ok(b.found && b.qr);
  assert.equal(b.qr.url, `https://xiaxian.example.cn/kiosk/policies/${encodeURIComponent(id)}`);
  assert.match(b.qr.dataUrl, /^data:image\/svg\+xml;base64,/);
  assert.match(Buffer.from(b.qr.dataUrl.split(',')[1]!, 'base64').toString(), /<svg/);
  const jobs = await withUrl.m.handlers['content.searchJobs'](JobSearchInput.parse({}));
  const j = await withUrl.m.handlers['content.job']({ id: jobs.items[0]!.id });
  assert.ok(j.found && j.qr && j.qr.url.endsWith(`/jobs/${jobs.items[0]!.id}`));
  without.db.close();
  withUrl.db.close();
});

test('missing and expired postings answer found: false with the reason', async () => {
  const { db, m } = await setup(null);
  assert.deepEqual(await m.handlers['content.job']({ id: 'nope' }), { found: false, id: 'nope', reason: 'missing' });
  const store = createContentStore(db);
  const any = store.job('j-0001', NOW)!;
  store.upsertJob('old-1', 1, { ...any.body, validThrough: '2020-01-01' }, 'township', 0);
  assert.deepEqual(await m.handlers['content.job']({ id: 'old-1' }), { found: false, id: 'old-1', reason: 'expired' });
  assert.deepEqual(await m.handlers['content.policy']({ id: 'nope' }), { found: false, id: 'nope' });
  const facets = m.handlers['content.jobFacets']({});
  assert.ok(!('then' in facets) && facets.counties.some((c) => c.county === '夏县' && c.name.en === 'Xia County'));
  db.close();
});
