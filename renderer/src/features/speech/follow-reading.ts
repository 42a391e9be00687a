// Keeps the block being read aloud in view, without ever moving the page under a finger.
//
// Following the reading with a smooth scroll while a villager taps the phone keypad turned a
// tap on "2" into a tap on the gap between two keys: the digit was lost (seen in CI on a
// 1366x768 panel, largest text, with voice guidance reading the phone step's hint and note).
// So a touch, a press or a turn of a mouse wheel pauses following for FOLLOW_PAUSE_MS and
// stops a follow scroll already on its way; when the pause ends, the block being read then is
// brought into view. The tap on Read aloud itself does not pause it: `resume()`.

export const FOLLOW_PAUSE_MS = 4000;

const INPUT_EVENTS = ['pointerdown', 'touchstart', 'wheel'] as const;

export interface ReadingFollower {
  /** The block now being read (null: nothing is). Brought into view unless the screen was touched just now. */
  follow(el: HTMLElement | null): void;
  /** Follow from now on even though the screen was just touched: the villager asked for the reading. */
  resume(): void;
  dispose(): void;
}

export function readingFollower(win: Window = window, pauseMs = FOLLOW_PAUSE_MS): ReadingFollower {
  let current: HTMLElement | null = null;
  let touchedAt = Number.NEGATIVE_INFINITY;
  let timer: number | undefined;
  /** A follow scroll may be on its way (cleared when a scroll ends). */
  let scrolling = false;

  const paused = () => win.performance.now() - touchedAt < pauseMs;
  const bring = () => {
    if (!current?.isConnected) return;
    scrolling = true;
    current.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' });
  };
  const later = () => {
    win.clearTimeout(timer);
    timer = win.setTimeout(
      () => {
        timer = undefined;
        if (paused()) later();
        else bring();
      },
      Math.max(0, touchedAt + pauseMs - win.performance.now()),
    );
  };
  const onInput = () => {
    touchedAt = win.performance.now();
    if (scrolling) {
      // A new scroll to where the page is now ends the smooth one in flight.
      scrolling = false;
      win.scrollTo({ left: win.scrollX, top: win.scrollY, behavior: 'instant' });
    }
    if (current) later();
  };
  const onScrollEnd = () => {
    scrolling = false;
  };
  for (const e of INPUT_EVENTS) win.addEventListener(e, onInput, { capture: true, passive: true });
  win.addEventListener('scrollend', onScrollEnd, { passive: true });

  return {
    follow(el) {
      current = el;
      if (!el) {
        win.clearTimeout(timer);
        timer = undefined;
        return;
      }
      if (paused()) later();
      else bring();
    },
    resume() {
      touchedAt = Number.NEGATIVE_INFINITY;
      win.clearTimeout(timer);
      timer = undefined;
    },
    dispose() {
      win.clearTimeout(timer);
      for (const e of INPUT_EVENTS) win.removeEventListener(e, onInput, { capture: true });
      win.removeEventListener('scrollend', onScrollEnd);
      current = null;
    },
  };
}
