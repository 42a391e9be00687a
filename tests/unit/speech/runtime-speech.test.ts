// Through the real runtime and its loopback server: speech.* calls are served, and a policy's
// own custom pinyin (its `pronunciations` field, stored with the content) reaches the voice.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigSchema } from '#src/config/schema.js';
import type { Logger } from '#src/log/logger.js';
import { startRuntime } from '#src/runtime.js';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet, close() {} };
const key = (spoken: string) => createHash('sha256').update(JSON.stringify(['memory', 'memory', 'cmn-latn-pinyin', '130', spoken])).digest('hex');

test("a policy's pronunciations field is applied to its text (任 as a surname is ren2)", async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'speech-runtime-'));
  const rt = await startRuntime(ConfigSchema.parse({ dataDir, http: { port: 0 }, speech: { engine: 'memory' } }), { log: quiet });
  try {
    const call = async (name: string, input: unknown) => {
      const res = await fetch(`${rt.url}rpc/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${rt.token}` }, body: JSON.stringify(input) });
      assert.equal(res.status, 200, await res.clone().text());
      return res.json() as Promise<Record<string, unknown>>;
    };
    const sample = JSON.parse(readFileSync(path.join(import.meta.dirname, '../../../resources/content/policies.json'), 'utf8')) as { items: Array<{ id: string; body: { pronunciations?: Record<string, string> } }> };
    const item = sample.items.find((i) => i.body.pronunciations?.['任有福']);
    assert.ok(item, 'the sample content names a reading for 任有福');

    const cap = await call('speech.capability', {});
    assert.deepEqual(cap.langs, ['zh-CN', 'en']);
    const withSource = await call('speech.speak', { text: '任有福', lang: 'zh-CN', source: { kind: 'policy', id: item.id } });
    const without = await call('speech.speak', { text: '任有福', lang: 'zh-CN' });
    assert.equal(withSource.id, key('ren2 you3 fu2'));
    assert.equal(without.id, key('ren4 you3 fu2'), 'pinyin-pro alone reads the surname ren4');
    assert.match(String(withSource.audio), /^data:audio\/wav;base64,UklGR/);
  } finally {
    await rt.stop();
  }
});
