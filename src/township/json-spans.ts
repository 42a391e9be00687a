// Where each element of a JSON array sits in the text it was parsed from, so the township can
// hash the exact bytes of every item of a relay batch (issue 8 item 3) instead of
// re-serialising parsed objects. Works on text that JSON.parse has already accepted.

/** The source text of each element of the array under top-level key `key`, or null if there is none. */
export function arrayElementTexts(text: string, key: string): string[] | null {
  let i = 0;
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  };
  const skipString = () => {
    i++; // opening quote
    while (i < text.length) {
      const c = text[i]!;
      if (c === '\\') i += 2;
      else if (c === '"') {
        i++;
        return;
      } else i++;
    }
  };
  /** Skips one value; returns [start, end). */
  const skipValue = (): [number, number] => {
    ws();
    const start = i;
    const c = text[i];
    if (c === '"') skipString();
    else if (c === '{' || c === '[') {
      let depth = 0;
      while (i < text.length) {
        const d = text[i]!;
        if (d === '"') {
          skipString();
          continue;
        }
        if (d === '{' || d === '[') depth++;
        else if (d === '}' || d === ']') {
          depth--;
          if (depth === 0) {
            i++;
            break;
          }
        }
        i++;
      }
    } else while (i < text.length && !',}] \n\r\t'.includes(text[i]!)) i++;
    return [start, i];
  };

  ws();
  if (text[i] !== '{') return null;
  i++;
  for (;;) {
    ws();
    if (text[i] === '}' || i >= text.length) return null;
    const [ks, ke] = skipValue();
    const name = JSON.parse(text.slice(ks, ke)) as string;
    ws();
    i++; // ':'
    ws();
    if (name === key && text[i] === '[') {
      i++;
      const out: string[] = [];
      for (;;) {
        ws();
        if (text[i] === ']') return out;
        const [s, e] = skipValue();
        out.push(text.slice(s, e));
        ws();
        if (text[i] === ',') i++;
      }
    }
    skipValue();
    ws();
    if (text[i] === ',') i++;
  }
}
