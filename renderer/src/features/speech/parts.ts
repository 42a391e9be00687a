// What "read this screen" reads: the screen's text blocks in document order (title, then
// each heading, paragraph and list item, which for a policy is: title, who qualifies, what
// you get, materials, steps, where to go, the official and phone), each cut into sentences
// so the first sound comes quickly. Markup hints:
//   data-speak="..."     read this element (a button's digits, say), with this text if given;
//   data-speak-choices   read the labels of the buttons inside (a request step's answers);
//   data-speak-skip      never read this (the read-aloud bar itself, a QR code's URL).

export interface SpeechPart {
  el: HTMLElement;
  text: string;
}

const BLOCKS = 'h1, h2, h3, p, li, dt, dd, [data-speak], [data-speak-choices]';

const visible = (el: HTMLElement) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

export function collectParts(root: HTMLElement, listSeparator: string): SpeechPart[] {
  const all = [...root.querySelectorAll<HTMLElement>(BLOCKS)].filter((el) => {
    if (el.closest('[data-speak-skip], [role="dialog"], [aria-hidden="true"]')) return false;
    if (!visible(el)) return false;
    // Inside a button only what is marked (the phone number's digits), never the button's label.
    if (el.closest('button') && !el.hasAttribute('data-speak')) return false;
    // Inside a choices group the group speaks for its buttons.
    const group = el.parentElement?.closest('[data-speak-choices]');
    return !group || !root.contains(group);
  });
  const kept = all.filter((el) => !el.hasAttribute('data-speak-choices') ? !all.some((o) => o !== el && el.contains(o)) : true);
  const parts: SpeechPart[] = [];
  for (const el of kept) {
    let text: string;
    if (el.hasAttribute('data-speak-choices')) {
      text = [...el.querySelectorAll<HTMLElement>('button')]
        .filter(visible)
        .map((b) => squash(b.innerText))
        .filter(Boolean)
        .join(listSeparator);
    } else text = squash(el.getAttribute('data-speak') || el.innerText);
    if (text) parts.push({ el, text });
  }
  return parts;
}

/** Cuts a text into sentences of at most `max` characters (at 。！？；, then at commas). */
export function sentences(text: string, max = 60): string[] {
  const out: string[] = [];
  const pieces = text.match(/[^。！？；!?;]+[。！？；!?;]*|[。！？；!?;]+/g) ?? [text];
  for (const piece of pieces.flatMap((p) => p.split(/(?<=\.)\s+(?=[A-Z])/))) {
    let rest = piece.trim();
    while (rest.length > max) {
      const window = rest.slice(0, max);
      const cut = Math.max(window.lastIndexOf('，'), window.lastIndexOf(', '), window.lastIndexOf('、'), window.lastIndexOf(' '));
      const at = cut > max / 3 ? cut + 1 : max;
      out.push(rest.slice(0, at).trim());
      rest = rest.slice(at).trim();
    }
    if (rest && /[\p{L}\p{N}]/u.test(rest)) out.push(rest);
  }
  return out;
}
