// Issue 9 §2: request-type labels come from ONE catalogue (src/protocol/request-types.ts).
// Fails when a label exists in only one language, or when another place (a locale file, the
// printer, the requests module, the township) defines request-type labels of its own.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { resources } from '#renderer/src/i18n/resources.js';
import { ConfigSchema } from '#src/config/schema.js';
import { openDatabase } from '#src/db/open.js';
import { encodeBlocks } from '#src/devices/printer/escpos.js';
import { PAPER } from '#src/devices/printer/layout.js';
import { receiptBlocks } from '#src/devices/printer/receipt.js';
import { requestsReceiptSource } from '#src/devices/printer/sources.js';
import { RequestType } from '#protocol/relay.js';
import { REQUEST_TYPE_LABELS } from '#protocol/request-types.js';
import { getReceiptData } from '#src/requests/receipt-data.js';
import { createRequestStore } from '#src/requests/store.js';
import { TYPE_LABELS } from '#src/township/web/labels.js';
import { parseEscPos } from '../../support/escpos-parse.js';

const root = path.join(import.meta.dirname, '../../..');
const CATALOGUE = path.join(root, 'src/protocol/request-types.ts');
const CJK = /[\u3400-\u9fff]/;

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return files(p, ext);
    return ext.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}

test('every request type has a label in both languages, and only request types do', () => {
  assert.deepEqual(Object.keys(REQUEST_TYPE_LABELS).sort(), [...RequestType.options].sort());
  for (const type of RequestType.options) {
    const l = REQUEST_TYPE_LABELS[type];
    assert.deepEqual(Object.keys(l).sort(), ['en', 'zh-CN'], type);
    for (const lang of ['zh-CN', 'en'] as const) {
      // eslint-disable-next-line no-control-regex -- the test asserts that labels carry no control characters
      assert.ok(l[lang] && l[lang] === l[lang].trim() && !/[\u0000-\u001f]/.test(l[lang]), `${type} ${lang}: ${JSON.stringify(l[lang])}`);
    }
    assert.match(l['zh-CN'], CJK, `${type}: the zh-CN label is Chinese`);
    assert.doesNotMatch(l.en, CJK, `${type}: the en label is English`);
  }
  for (const lang of ['zh-CN', 'en'] as const) {
    const all = RequestType.options.map((t) => REQUEST_TYPE_LABELS[t][lang]);
    assert.equal(new Set(all).size, all.length, `${lang} labels are distinct`);
  }
});

test('no locale file defines a request-type label of its own', () => {
  const defined: string[] = [];
  const walk = (node: unknown, at: string[], file: string) => {
    if (typeof node !== 'object' || node === null) {
      const last = at.at(-1)!;
      const typeSegment = at.some((seg) => (RequestType.options as readonly string[]).includes(seg));
      if ((at[0] === 'types' && at.length === 3 && last !== 'hint') || (typeSegment && /^(title|label|name)$/.test(last))) defined.push(`${path.relative(root, file)}: ${at.join('.')}`);
      return;
    }
    for (const [k, v] of Object.entries(node)) walk(v, [...at, k], file);
  };
  for (const file of files(path.join(root, 'renderer/src/locales'), /\.json$/)) walk(JSON.parse(readFileSync(file, 'utf8')), [], file);
  assert.deepEqual(defined, []);
});

test('no module other than the catalogue spells a request-type label or declares a label table for request types', () => {
  const labels = RequestType.options.flatMap((t) => [REQUEST_TYPE_LABELS[t]['zh-CN'], REQUEST_TYPE_LABELS[t].en]);
  const found: string[] = [];
  const sources = [...files(path.join(root, 'src'), /\.ts$/), ...files(path.join(root, 'renderer/src'), /\.tsx?$/)].filter((f) => f !== CATALOGUE);
  assert.ok(sources.length > 50);
  for (const file of sources) {
    const code = readFileSync(file, 'utf8');
    const rel = path.relative(root, file);
    for (const label of labels) for (const q of ["'", '"', '`']) if (code.includes(q + label + q)) found.push(`${rel}: ${q}${label}${q}`);
    for (const m of code.matchAll(/(\w*(?:LABEL|TITLE|NAME)\w*)\s*:\s*(?:Readonly<)?Record<RequestType,[^=]*=\s*\{/gi)) found.push(`${rel}: ${m[1]} is a request-type label table`);
  }
  assert.deepEqual(found, []);
});

test('renderer, printer and township read the same keys and show the same words', () => {
  for (const type of RequestType.options) {
    const l = REQUEST_TYPE_LABELS[type];
    // renderer: requests:types.<type>.title, next to the locale file's hint
    for (const lang of ['zh-CN', 'en'] as const) {
      const entry = (resources[lang].requests.types as Record<string, { title: string; hint: string }>)[type]!;
      assert.equal(entry.title, l[lang], `renderer ${lang} ${type}`);
      assert.ok(entry.hint.trim(), `renderer ${lang} ${type} has its hint`);
    }
    // township
    assert.deepEqual(TYPE_LABELS[type], [l['zh-CN'], l.en], `township ${type}`);
  }
  // printer: a real saved request's receipt prints the catalogue's words after "申请事项："
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'request-types-'));
  const config = ConfigSchema.parse({ dataDir });
  const db = openDatabase(path.join(dataDir, 'kiosk.db'));
  const saved = createRequestStore(db, { kioskId: 'k1' }).submit({ contact: { phone: '13912340021', name: null, householdId: null }, payload: { type: 'senior-subsidy', subsidy: 'injury-care', forWhom: 'family', homeVisitNeeded: true } });
  assert.ok(saved.ok);
  const data = requestsReceiptSource((id) => getReceiptData(db, id, config))(saved.id)!;
  assert.deepEqual(data.typeLabel, REQUEST_TYPE_LABELS['senior-subsidy']);
  const zh = parseEscPos(encodeBlocks(receiptBlocks(data, 'zh-CN'), PAPER[58])).text;
  const en = parseEscPos(encodeBlocks(receiptBlocks(data, 'en'), PAPER[80])).text;
  assert.match(zh, new RegExp(`申请事项：${REQUEST_TYPE_LABELS['senior-subsidy']['zh-CN']}\\n`));
  assert.match(en, new RegExp(`Request: ${REQUEST_TYPE_LABELS['senior-subsidy'].en}\\n`));
  db.close();
});
