// The attendant's "test print": a page that says what the kiosk knows about its printer
// (status, paper width, columns, link), with a column ruler and a QR code, so the attendant
// can see at once whether the paper width is set right and the QR prints readably.
// Not stored as a print job (it is no villager's receipt); it queues with the other jobs.
// Kept in its own file so the printer module only hands over what it has (see module.ts).
import type { Lang, LocalizedText } from '../../contract/core.js';
import type { PaperWidth, PrintFailureReason, PrinterSinkKind } from '../../contract/printer.js';
import type { PrinterStatus, PrintResult } from './types.js';
import { layout, PAPER, type Block, type Line } from './layout.js';

const t = (zh: string, en: string): LocalizedText => ({ 'zh-CN': zh, en });
const W = {
  title: t('打印机测试页', 'Printer test page'),
  kiosk: t('终端：', 'Kiosk: '),
  hall: t('大厅：', 'Hall: '),
  time: t('时间：', 'Time: '),
  link: t('连接方式：', 'Link: '),
  status: t('状态：', 'Status: '),
  paper: t('纸宽：', 'Paper: '),
  ruler: t('下面一行应正好占满纸宽：', 'The next line should fill the paper exactly:'),
  qr: t('用手机扫描此码应能读出 “VKT:TEST”', 'A phone should read this code as "VKT:TEST"'),
  ok: t('如能看清本页，打印机工作正常。', 'If this page is clear, the printer works.'),
};

export interface TestPageFacts {
  kioskId: string;
  hallName: LocalizedText;
  at: string;
  sink: PrinterSinkKind;
  paperWidth: PaperWidth;
  status: PrinterStatus | { state: 'not-configured' };
}

export function testPageBlocks(f: TestPageFacts, lang: Lang): Block[] {
  const spec = PAPER[f.paperWidth];
  const ruler = '1234567890'.repeat(Math.ceil(spec.columns / 10)).slice(0, spec.columns);
  return [
    { t: 'text', text: W.title[lang], align: 'center', scale: 2, bold: true },
    { t: 'rule' },
    { t: 'field', label: W.kiosk[lang], value: f.kioskId },
    { t: 'field', label: W.hall[lang], value: f.hallName[lang] },
    { t: 'field', label: W.time[lang], value: f.at },
    { t: 'field', label: W.link[lang], value: f.sink },
    { t: 'field', label: W.status[lang], value: f.status.state },
    { t: 'field', label: W.paper[lang], value: `${f.paperWidth} mm, ${spec.dots} dots, ${spec.columns} columns` },
    { t: 'text', text: W.ruler[lang] },
    { t: 'text', text: ruler },
    { t: 'qr', payload: 'VKT:TEST' },
    { t: 'text', text: W.qr[lang], align: 'center' },
    { t: 'text', text: W.ok[lang] },
    { t: 'feed', lines: 3 },
    { t: 'cut' },
  ];
}

export interface TestPrintDeps {
  facts: () => Promise<TestPageFacts>;
  encode: (lines: Line[]) => Buffer;
  /** Sends bytes through the printer's job queue; null when no printer is configured. */
  print: ((bytes: Buffer) => Promise<PrintResult>) | null;
}

export type TestPrintOutcome =
  | { ok: true; status: string; paperWidth: PaperWidth; sink: PrinterSinkKind; bytes: number }
  | { ok: false; reason: PrintFailureReason; message: string; status: string; paperWidth: PaperWidth; sink: PrinterSinkKind };

export async function printTestPage(deps: TestPrintDeps, lang: Lang): Promise<TestPrintOutcome> {
  const f = await deps.facts();
  const base = { status: f.status.state, paperWidth: f.paperWidth, sink: f.sink };
  if (!deps.print) return { ok: false, reason: 'not-configured', message: 'no printer is configured (devices.printer.sink is "none")', ...base };
  const bytes = deps.encode(layout(testPageBlocks(f, lang), PAPER[f.paperWidth]));
  const r = await deps.print(bytes);
  if (r.ok) return { ok: true, ...base, bytes: bytes.length };
  return { ok: false, reason: r.reason, message: r.message, ...base };
}
