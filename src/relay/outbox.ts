// The outbox as the relay worker sees it: which requests are due, and recording each
// attempt's outcome. Each function is one transaction. States:
//
//   queued --beginAttempt--> attempting --sent--> sent
//                                       --409/422--> needs-attention (kept forever, shown to staff)
//                                       --transient--> queued (next_attempt_ms in the future)
//   queued --cancel (villager, within 10 min, nothing possibly delivered)--> cancelled
//
// 'attempting' is written (and the payload frozen) BEFORE the network call, so a crash
// mid-send leaves a row that recoverInterrupted() puts back in the queue: it is resent with
// the same id and bytes, and the township answers 200 with the same acknowledgement.
import type { Db } from '../db/open.js';

export interface DueItem {
  id: string;
  body: string;
  attempts: number;
}

export type AttemptOutcome =
  | { id: string; kind: 'sent'; ack: string; townshipRef: string; townshipDate: string | null }
  /** 409/422: parked for an attendant, never dropped and never retried automatically. */
  | { id: string; kind: 'attention'; httpStatus: number; reason: string }
  /** Transient failure: back to the queue. maybeDelivered: the request may have reached the township. */
  | { id: string; kind: 'retry'; nextAttemptMs: number; error: string; maybeDelivered: boolean }
  /** Back to the queue with no attempt counted (queue paused, batch endpoint unavailable). */
  | { id: string; kind: 'release'; nextAttemptMs: number; note: string };

export interface QueueCounts {
  queued: number;
  attempting: number;
  sent: number;
  needsAttention: number;
  cancelled: number;
}

export interface Outbox {
  /** Queued requests whose next attempt time has come, oldest (kioskSeq) first. */
  due(nowMs: number, limit: number): DueItem[];
  countDue(nowMs: number): number;
  /** Marks rows 'attempting' and freezes their payload; returns the ids that were still queued. */
  beginAttempt(ids: string[], at: Date): Set<string>;
  /** Records the outcomes of one call (one PUT, or every item of a batch) in one transaction. */
  record(outcomes: AttemptOutcome[], at: Date): void;
  /** After a crash: rows left 'attempting' go back to the queue, due now. Returns how many. */
  recoverInterrupted(nowMs: number): number;
  /** Makes every queued request due now (link came back). Returns how many were waiting. */
  makeAllDue(nowMs: number): number;
  nextDueMs(): number | null;
  counts(): QueueCounts;
}

export function createOutbox(db: Db): Outbox {
  const dueStmt = db.prepare<[number, number], DueItem>(
    `SELECT o.request_id AS id, r.body AS body, o.attempts AS attempts FROM outbox o JOIN requests r ON r.id = o.request_id
     WHERE o.state = 'queued' AND o.next_attempt_ms <= ? ORDER BY r.kiosk_seq LIMIT ?`,
  );
  const countDueStmt = db.prepare<[number], { n: number }>("SELECT COUNT(*) AS n FROM outbox WHERE state = 'queued' AND next_attempt_ms <= ?");
  const toAttempting = db.prepare("UPDATE outbox SET state = 'attempting', attempts = attempts + 1, last_attempt_at = ? WHERE request_id = ? AND state = 'queued'");
  const freeze = db.prepare('UPDATE requests SET frozen_at = ? WHERE id = ? AND frozen_at IS NULL');
  const toSent = db.prepare("UPDATE outbox SET state = 'sent', last_error = NULL WHERE request_id = ? AND state = 'attempting'");
  const stampSent = db.prepare('UPDATE requests SET sent_at = ?, ack = ?, township_ref = ?, township_date = ? WHERE id = ?');
  const toAttention = db.prepare(
    "UPDATE outbox SET state = 'needs-attention', maybe_delivered = 1, attention_status = ?, attention_reason = ?, attention_at = ?, last_error = ? WHERE request_id = ? AND state = 'attempting'",
  );
  const toRetry = db.prepare("UPDATE outbox SET state = 'queued', next_attempt_ms = ?, last_error = ?, maybe_delivered = MAX(maybe_delivered, ?) WHERE request_id = ? AND state = 'attempting'");
  const toReleased = db.prepare("UPDATE outbox SET state = 'queued', attempts = MAX(attempts - 1, 0), next_attempt_ms = ?, last_error = ? WHERE request_id = ? AND state = 'attempting'");
  const recover = db.prepare("UPDATE outbox SET state = 'queued', next_attempt_ms = ?, maybe_delivered = 1, last_error = 'interrupted: the kiosk stopped during a send' WHERE state = 'attempting'");
  const allDue = db.prepare("UPDATE outbox SET next_attempt_ms = ? WHERE state = 'queued' AND next_attempt_ms > ?");
  const nextDue = db.prepare<[], { t: number | null }>("SELECT MIN(next_attempt_ms) AS t FROM outbox WHERE state = 'queued'");
  const countsStmt = db.prepare<[], { state: string; n: number }>('SELECT state, COUNT(*) AS n FROM outbox GROUP BY state');

  const beginTx = db.transaction((ids: string[], at: string) => {
    const ok = new Set<string>();
    for (const id of ids) {
      if (toAttempting.run(at, id).changes === 1) {
        freeze.run(at, id);
        ok.add(id);
      }
    }
    return ok;
  });
  const recordTx = db.transaction((outcomes: AttemptOutcome[], at: string) => {
    for (const o of outcomes) {
      switch (o.kind) {
        case 'sent':
          if (toSent.run(o.id).changes === 1) stampSent.run(at, o.ack, o.townshipRef, o.townshipDate, o.id);
          break;
        case 'attention':
          toAttention.run(o.httpStatus, o.reason, at, `HTTP ${o.httpStatus}: ${o.reason}`, o.id);
          break;
        case 'retry':
          toRetry.run(o.nextAttemptMs, o.error, o.maybeDelivered ? 1 : 0, o.id);
          break;
        case 'release':
          toReleased.run(o.nextAttemptMs, o.note, o.id);
          break;
      }
    }
  });

  return {
    due: (nowMs, limit) => dueStmt.all(nowMs, limit),
    countDue: (nowMs) => countDueStmt.get(nowMs)!.n,
    beginAttempt: (ids, at) => beginTx(ids, at.toISOString()),
    record: (outcomes, at) => recordTx(outcomes, at.toISOString()),
    recoverInterrupted: (nowMs) => recover.run(nowMs).changes,
    makeAllDue: (nowMs) => allDue.run(nowMs, nowMs).changes,
    nextDueMs: () => nextDue.get()!.t,
    counts() {
      const c: QueueCounts = { queued: 0, attempting: 0, sent: 0, needsAttention: 0, cancelled: 0 };
      for (const r of countsStmt.all()) {
        if (r.state === 'queued') c.queued = r.n;
        else if (r.state === 'attempting') c.attempting = r.n;
        else if (r.state === 'sent') c.sent = r.n;
        else if (r.state === 'needs-attention') c.needsAttention = r.n;
        else if (r.state === 'cancelled') c.cancelled = r.n;
      }
      return c;
    },
  };
}
