// Keyboard-wedge fallback: a scanner in keyboard mode "types" its payload much faster than a
// person can, ending with Enter (or Tab). Keystrokes are caught at window level before any
// field sees them and held for a moment: a burst of >= 6 characters with gaps under 35 ms,
// ended by Enter/Tab, is a scan (sent to the runtime, never typed into the field); anything
// slower is released into the field it was meant for. Gaps are measured on the keys' own time
// stamps (when the device sent them), so a busy page does not turn a scan into typing.
export const WEDGE_MIN_CHARS = 6;
export const WEDGE_MAX_GAP_MS = 35;
/**
 * How long held keys wait, on the page's clock, for the next key before they are released as
 * typing. Longer than the gap: on a busy kiosk a scanner's keys reach the page in clumps (one
 * clump 135 ms after the other was measured under a CPU hog) although their time stamps are
 * 4 ms apart. Only the last key a person types waits this long; every earlier one is released
 * as soon as the next key shows the gap.
 */
export const WEDGE_HOLD_MS = 300;

export type TerminatorDecision = { kind: 'scan'; text: string } | { kind: 'release'; text: string } | { kind: 'none' };

/** The timing logic, free of the DOM (unit-tested). Times in ms, any monotonic clock. */
export class WedgeBuffer {
  private chars: string[] = [];
  private last = 0;
  private first = 0;
  private maxGap = 0;
  /** When the newest key was handled (the page's clock), which can be long after its time stamp. */
  private handled = 0;

  constructor(
    private readonly minChars = WEDGE_MIN_CHARS,
    private readonly gapMs = WEDGE_MAX_GAP_MS,
    private readonly holdMs = WEDGE_HOLD_MS,
  ) {}

  get size(): number {
    return this.chars.length;
  }

  /**
   * A printable key. `t` is its time stamp (when the keyboard or scanner sent it); `handledAt`
   * is when the page got to it, later on a busy machine. Returns text to release first when the
   * previous burst went stale.
   */
  char(ch: string, t: number, handledAt: number = t): string | null {
    let released: string | null = null;
    if (this.chars.length && t - this.last > this.gapMs) released = this.take();
    if (this.chars.length === 0) {
      this.first = t;
      this.maxGap = 0;
    } else this.maxGap = Math.max(this.maxGap, t - this.last);
    this.chars.push(ch);
    this.last = t;
    this.handled = handledAt;
    return released;
  }

  /** Enter or Tab arrived. */
  terminator(t: number): TerminatorDecision {
    if (this.chars.length === 0) return { kind: 'none' };
    const fast = this.maxGap < this.gapMs && t - this.last < this.gapMs;
    const text = this.take();
    return fast && text.length >= this.minChars ? { kind: 'scan', text } : { kind: 'release', text };
  }

  /**
   * Called by a timer (`now` on the clock `handledAt` uses): a burst that stopped without Enter
   * was typed by a person. Measured from when the last key was HANDLED (not its time stamp),
   * and after WEDGE_HOLD_MS: on a busy kiosk a scanner's keys are handled late and in clumps.
   */
  expire(now: number): string | null {
    if (this.chars.length && now - this.handled >= this.holdMs) return this.take();
    return null;
  }

  private take(): string {
    const s = this.chars.join('');
    this.chars = [];
    return s;
  }
}

function isEditable(el: Element | null): el is HTMLInputElement | HTMLTextAreaElement {
  if (!el) return false;
  if (el instanceof HTMLTextAreaElement) return !el.readOnly && !el.disabled;
  if (el instanceof HTMLInputElement) return !el.readOnly && !el.disabled && ['text', 'search', 'tel', 'number', 'email', 'url', 'password', ''].includes(el.type);
  return false;
}

/** Puts released characters into the field they were typed at, as typing would. */
function insertInto(target: Element | null, text: string): void {
  if (!text || !isEditable(target)) return;
  if (document.activeElement !== target) target.focus();
  let ok = false;
  try {
    ok = document.execCommand('insertText', false, text);
  } catch {
    ok = false;
  }
  if (!ok) {
    const start = target.selectionStart ?? target.value.length;
    const end = target.selectionEnd ?? target.value.length;
    target.setRangeText(text, start, end, 'end');
    target.dispatchEvent(new Event('input', { bubbles: true }));
  }
}

/** Installs the window-level listener; returns the uninstaller. */
export function installWedgeListener(onScan: (text: string) => void): () => void {
  const buffer = new WedgeBuffer();
  let target: Element | null = null;
  let timer: number | null = null;

  const arm = () => {
    if (timer !== null) window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      timer = null;
      const text = buffer.expire(performance.now());
      if (text) insertInto(target, text);
    }, WEDGE_HOLD_MS + 5);
  };

  const onKey = (e: KeyboardEvent) => {
    if (e.isComposing || e.ctrlKey || e.altKey || e.metaKey) return;
    if (e.key === 'Enter' || e.key === 'Tab') {
      const d = buffer.terminator(e.timeStamp);
      if (timer !== null) window.clearTimeout(timer);
      timer = null;
      if (d.kind === 'scan') {
        e.preventDefault();
        e.stopPropagation();
        onScan(d.text);
      } else if (d.kind === 'release') {
        insertInto(target, d.text); // then Enter/Tab does what it normally does
      }
      return;
    }
    if (e.key.length !== 1 && [...e.key].length !== 1) return; // Shift, arrows, F-keys ...
    e.preventDefault();
    e.stopPropagation();
    const released = buffer.char(e.key, e.timeStamp, performance.now());
    if (released) insertInto(target, released);
    if (buffer.size === 1) target = document.activeElement;
    arm();
  };

  window.addEventListener('keydown', onKey, { capture: true });
  return () => {
    window.removeEventListener('keydown', onKey, { capture: true });
    if (timer !== null) window.clearTimeout(timer);
  };
}
