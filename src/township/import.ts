// Bulk import of policies and job postings from CSV, XLSX or JSON (the feed's item shape:
// [{ "type": "policy", "id": "...", "body": {...} }] or { "items": [...] }). Each row is
// validated on its own with the protocol schema; every bad row is refused with its own line
// naming the row, the field and what is expected, and every good row is published.
//
// CSV / XLSX columns: `type` (policy | job), `id`, then one column per field, named by its
// path in the body: a text in both languages is two columns (`title.zh-CN`, `title.en`), a
// list (materials, steps) is the same with one item per line or separated by " | ",
// eligibility is comma-separated, yes/no for true/false, empty for "none". importTemplate()
// writes the header row.
import ExcelJS from 'exceljs';
import type { ContentItemType } from '../protocol/content.js';
import type { SqlTarget } from './store/in-tx.js';
import { upsertContent } from './content.js';
import { bodyOf, FIELDS } from './web/content-pages.js';
import { audit } from './audit.js';

export interface ImportLine {
  row: number;
  id: string | null;
  ok: boolean;
  /** For a refused row: "row 3 (id x): field benefit.en: expected ..." */
  message: string;
}

export interface ImportReport {
  format: 'csv' | 'xlsx' | 'json';
  published: number;
  unchanged: number;
  refused: number;
  lines: ImportLine[];
}

export type ImportResult = { ok: true; report: ImportReport } | { ok: false; message: string };

export const IMPORT_MAX_ROWS = 5000;
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;

/** RFC 4180 CSV: quoted fields, doubled quotes, newlines inside quotes; a UTF-8 BOM is dropped. */
export function parseCsv(text: string): string[][] {
  const s = text.replace(/^\ufeff/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') (cell += '"'), i++;
        else quoted = false;
      } else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') (row.push(cell), (cell = ''));
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) (row.push(cell), rows.push(row));
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

const TRUE = new Set(['yes', 'y', 'true', '1', '是', '√', 'x']);

/** One spreadsheet row (header -> cell) as the form values the content form posts. */
function formFromRow(type: ContentItemType, cells: Record<string, string>): Record<string, string> {
  const form: Record<string, string> = {};
  for (const f of FIELDS[type]) {
    if (f.kind === 'text' || f.kind === 'list') {
      for (const l of ['zh-CN', 'en']) {
        const v = cells[`${f.path}.${l}`] ?? '';
        form[`f.${f.path}.${l}`] = f.kind === 'list' ? v.split(/\s+\|\s+|\r?\n/).join('\n') : v;
      }
    } else if (f.kind === 'multi') {
      const chosen = (cells[f.path] ?? '').split(/[,，、\s]+/).filter(Boolean);
      for (const o of f.options) form[`f.${f.path}.${o}`] = chosen.includes(o) ? 'on' : '';
    } else if (f.kind === 'bool') form[`f.${f.path}`] = TRUE.has((cells[f.path] ?? '').trim().toLowerCase()) ? 'on' : '';
    else form[`f.${f.path}`] = cells[f.path] ?? '';
  }
  return form;
}

export function importTemplate(type: ContentItemType): string[] {
  const cols = ['type', 'id'];
  for (const f of FIELDS[type]) {
    if (f.kind === 'text' || f.kind === 'list') cols.push(`${f.path}.zh-CN`, `${f.path}.en`);
    else cols.push(f.path);
  }
  return cols;
}

interface Item {
  row: number;
  type: unknown;
  id: unknown;
  body: unknown;
  /** Form-level problems found before the schema (list line counts). */
  pre: Map<string, string>;
}

function itemsFromTable(table: string[][]): { items: Item[] } | { message: string } {
  if (table.length === 0) return { message: 'the file is empty' };
  const header = table[0]!.map((h) => h.trim());
  if (!header.includes('type') || !header.includes('id')) return { message: `row 1 must be the header, with columns "type" and "id" (found: ${header.slice(0, 6).join(', ')})` };
  const items: Item[] = [];
  table.slice(1).forEach((r, i) => {
    const cells: Record<string, string> = {};
    header.forEach((h, j) => (cells[h] = (r[j] ?? '').trim()));
    const type = cells.type;
    if (type !== 'policy' && type !== 'job') {
      items.push({ row: i + 2, type, id: cells.id, body: null, pre: new Map() });
      return;
    }
    const { body, errors } = bodyOf(type, formFromRow(type, cells));
    items.push({ row: i + 2, type, id: cells.id, body, pre: errors });
  });
  return { items };
}

export async function parseImport(bytes: Buffer, filename: string): Promise<{ format: ImportReport['format']; items: Item[] } | { message: string }> {
  if (bytes.length > IMPORT_MAX_BYTES) return { message: `the file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB; split it` };
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  const lower = filename.toLowerCase();
  if (isZip || lower.endsWith('.xlsx')) {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    } catch (e) {
      return { message: `the file is not a readable .xlsx workbook (${(e as Error).message.slice(0, 120)})` };
    }
    const table: string[][] = [];
    const ws = wb.worksheets[0];
    if (!ws) return { message: 'the workbook has no sheet' };
    ws.eachRow({ includeEmpty: false }, (r) => {
      const vals = (r.values as unknown[]).slice(1);
      table.push(vals.map((v) => cellText(v)));
    });
    const t = itemsFromTable(table);
    return 'message' in t ? t : { format: 'xlsx', items: t.items };
  }
  const text = bytes.toString('utf8');
  if (lower.endsWith('.json') || /^\s*[[{]/.test(text)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text.replace(/^\ufeff/, ''));
    } catch (e) {
      return { message: `the file is not valid JSON (${(e as Error).message.slice(0, 120)})` };
    }
    const list = Array.isArray(parsed) ? parsed : typeof parsed === 'object' && parsed !== null && Array.isArray((parsed as { items?: unknown }).items) ? (parsed as { items: unknown[] }).items : null;
    if (!list) return { message: 'the JSON must be a list of items ({"type", "id", "body"}) or {"items": [...]}' };
    return {
      format: 'json',
      items: list.map((it, i) => {
        const o = (typeof it === 'object' && it !== null ? it : {}) as Record<string, unknown>;
        return { row: i + 1, type: o.type, id: o.id, body: o.body, pre: new Map() };
      }),
    };
  }
  const t = itemsFromTable(parseCsv(text));
  return 'message' in t ? t : { format: 'csv', items: t.items };
}

/** A stored value as text: scalars and dates as String() gives them, any other object as JSON (never "[object Object]"). */
function valueText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' || typeof v === 'symbol' || v === null || v === undefined || v instanceof Date) return String(v);
  return JSON.stringify(v);
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { text?: unknown; richText?: Array<{ text: string }>; result?: unknown };
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join('');
    if (o.text !== undefined) return valueText(o.text);
    if (o.result !== undefined) return valueText(o.result);
  }
  return valueText(v);
}

export async function importContent(store: SqlTarget, bytes: Buffer, filename: string, by: string | null, now: Date): Promise<ImportResult> {
  const parsed = await parseImport(bytes, filename);
  if ('message' in parsed) return { ok: false, message: parsed.message };
  if (parsed.items.length > IMPORT_MAX_ROWS) return { ok: false, message: `the file has ${parsed.items.length} rows; at most ${IMPORT_MAX_ROWS} at once` };
  const report: ImportReport = { format: parsed.format, published: 0, unchanged: 0, refused: 0, lines: [] };
  const seen = new Set<string>();
  for (const it of parsed.items) {
    const idText = typeof it.id === 'string' ? it.id : null;
    const where = `row ${it.row}${idText ? ` (id ${idText.slice(0, 64)})` : ''}`;
    const refuse = (field: string, expected: string) => {
      report.refused++;
      report.lines.push({ row: it.row, id: idText, ok: false, message: `${where}: field ${field}: ${expected}` });
    };
    if (it.type !== 'policy' && it.type !== 'job') {
      refuse('type', `expected "policy" or "job", got ${JSON.stringify(it.type ?? '')?.slice(0, 40)}`);
      continue;
    }
    if (!idText) {
      refuse('id', 'expected an item id (lowercase letters, digits and dashes, 1-64)');
      continue;
    }
    const key = `${it.type}:${idText}`;
    if (seen.has(key)) {
      refuse('id', `expected each id once per file; ${idText} is also on an earlier row`);
      continue;
    }
    seen.add(key);
    if (it.pre.size) {
      const [field, msg] = [...it.pre.entries()][0]!;
      refuse(field, msg);
      continue;
    }
    const r = await upsertContent(store, it.type, idText, it.body, by, now);
    if (!r.ok) {
      if (r.code === 'invalid-id') refuse('id', r.message);
      else {
        const first = r.issues[0] ?? { path: 'body', message: r.message };
        refuse(first.path || 'body', first.message + (r.issues.length > 1 ? ` (and ${r.issues.length - 1} more problem${r.issues.length > 2 ? 's' : ''} in this row)` : ''));
      }
      continue;
    }
    if (r.changed) report.published++;
    else report.unchanged++;
    report.lines.push({ row: it.row, id: idText, ok: true, message: `${where}: ${r.changed ? `published as version ${r.version}` : 'unchanged'}` });
  }
  await audit(store, { at: now, by, subjectType: 'content', subjectId: filename.slice(0, 100), action: 'content-imported', detail: { published: report.published, refused: report.refused } });
  return { ok: true, report };
}
