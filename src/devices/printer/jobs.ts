// The print_jobs table (migration 004): every printout is recorded BEFORE its bytes go to the
// printer, so a failure or a crash mid-print leaves a job an attendant can reprint.
import { randomUUID } from 'node:crypto';
import type { Lang } from '../../contract/core.js';
import type { PrintJobView } from '../../contract/printer.js';
import type { Db } from '../../db/open.js';

export type PrintJobKind = PrintJobView['kind'];
export type PrintJobStatus = PrintJobView['status'];

export interface PrintJobRow {
  id: string;
  kind: PrintJobKind;
  target_id: string;
  label: string;
  lang: Lang;
  paper_width: 58 | 80;
  bytes: Buffer;
  status: PrintJobStatus;
  reason: string | null;
  message: string | null;
  attempts: number;
  created_at: string;
  updated_at: string;
  printed_at: string | null;
}

export interface PrintJobStore {
  create(j: { kind: PrintJobKind; targetId: string; label: string; lang: Lang; paperWidth: 58 | 80; bytes: Buffer }): PrintJobRow;
  get(id: string): PrintJobRow | null;
  /** Marks an attempt as started (status printing, attempts + 1). */
  attempt(id: string): void;
  printed(id: string): void;
  failed(id: string, status: 'reprint-pending' | 'failed', reason: string, message: string): void;
  pending(): PrintJobRow[];
  pendingCount(): number;
  /** The latest job for a request/policy/job, if any. */
  latestFor(kind: PrintJobKind, targetId: string): PrintJobRow | null;
  /** After a crash: receipts left 'printing' become 'reprint-pending' (interrupted); returns how many. */
  recoverInterrupted(): number;
}

export function toView(r: PrintJobRow): PrintJobView {
  return { id: r.id, kind: r.kind, targetId: r.target_id, label: r.label, status: r.status, reason: r.reason, attempts: r.attempts, createdAt: r.created_at, updatedAt: r.updated_at };
}

export function createPrintJobStore(db: Db, now: () => Date): PrintJobStore {
  const insert = db.prepare(
    `INSERT INTO print_jobs (id, kind, target_id, label, lang, paper_width, bytes, status, attempts, created_at, updated_at)
     VALUES (@id, @kind, @targetId, @label, @lang, @paperWidth, @bytes, 'printing', 0, @at, @at)`,
  );
  const byId = db.prepare<[string], PrintJobRow>('SELECT * FROM print_jobs WHERE id = ?');
  const attemptStmt = db.prepare("UPDATE print_jobs SET status = 'printing', attempts = attempts + 1, updated_at = ? WHERE id = ?");
  const printedStmt = db.prepare("UPDATE print_jobs SET status = 'printed', reason = NULL, message = NULL, printed_at = ?, updated_at = ? WHERE id = ?");
  const failedStmt = db.prepare('UPDATE print_jobs SET status = ?, reason = ?, message = ?, updated_at = ? WHERE id = ?');
  const pendingStmt = db.prepare<[], PrintJobRow>("SELECT * FROM print_jobs WHERE status = 'reprint-pending' ORDER BY created_at, id");
  const pendingCountStmt = db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM print_jobs WHERE status = 'reprint-pending'");
  const latestStmt = db.prepare<[string, string], PrintJobRow>('SELECT * FROM print_jobs WHERE kind = ? AND target_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1');
  const recoverReceipts = db.prepare("UPDATE print_jobs SET status = 'reprint-pending', reason = 'interrupted', message = 'the kiosk stopped while this receipt was printing', updated_at = ? WHERE status = 'printing' AND kind = 'receipt'");
  const recoverSlips = db.prepare("UPDATE print_jobs SET status = 'failed', reason = 'interrupted', message = 'the kiosk stopped while this slip was printing', updated_at = ? WHERE status = 'printing'");
  const at = () => now().toISOString();
  return {
    create(j) {
      const id = randomUUID();
      insert.run({ id, kind: j.kind, targetId: j.targetId, label: j.label, lang: j.lang, paperWidth: j.paperWidth, bytes: j.bytes, at: at() });
      return byId.get(id)!;
    },
    get: (id) => byId.get(id) ?? null,
    attempt: (id) => void attemptStmt.run(at(), id),
    printed(id) {
      const a = at();
      printedStmt.run(a, a, id);
    },
    failed: (id, status, reason, message) => void failedStmt.run(status, reason, message.slice(0, 500), at(), id),
    pending: () => pendingStmt.all(),
    pendingCount: () => pendingCountStmt.get()!.n,
    latestFor: (kind, targetId) => latestStmt.get(kind, targetId) ?? null,
    recoverInterrupted() {
      const a = at();
      const n = recoverReceipts.run(a).changes;
      recoverSlips.run(a);
      return n;
    },
  };
}
