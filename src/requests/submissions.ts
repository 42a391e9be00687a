// What the runtime remembers, in memory, about submission ids whose answer may have been lost
// (issue 8 item 1; docs/requests-submit.md):
//
//   uncertain  submit hit a disk I/O error: the commit may or may not have reached the disk,
//              so lookupSubmission answers "unknown" (never "not saved") until the row shows
//              up or the runtime restarts (SQLite recovery then settles what is on disk).
//   closed     lookupSubmission answered "not saved": a late copy of that submit (still in
//              flight on a cut connection) is refused, so "not saved" stays true.
//
// Memory is the right place: both only concern submits in flight in this process, and a
// restart ends every one of them. Each set is bounded (oldest dropped first).
export interface SubmissionLedger {
  markUncertain(id: string): void;
  isUncertain(id: string): boolean;
  close(id: string): void;
  isClosed(id: string): boolean;
  /** The id is saved: forget it. */
  settle(id: string): void;
}

const MAX_REMEMBERED = 5000;

function boundedSet(): { add(id: string): void; has(id: string): boolean; delete(id: string): void } {
  const set = new Set<string>();
  return {
    add(id) {
      set.delete(id);
      set.add(id);
      if (set.size > MAX_REMEMBERED) set.delete(set.values().next().value!);
    },
    has: (id) => set.has(id),
    delete: (id) => void set.delete(id),
  };
}

export function createSubmissionLedger(): SubmissionLedger {
  const uncertain = boundedSet();
  const closed = boundedSet();
  return {
    markUncertain: (id) => uncertain.add(id),
    isUncertain: (id) => uncertain.has(id),
    close: (id) => closed.add(id),
    isClosed: (id) => closed.has(id),
    settle(id) {
      uncertain.delete(id);
      closed.delete(id);
    },
  };
}
