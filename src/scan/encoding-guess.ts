// Which reading of scanned bytes is meant when they are valid both as UTF-8 and as GB18030
// (issue 8 item 9). 1,920 GB18030 two-byte codes (lead 0xC2-0xDF, trail 0x80-0xBF) are also a
// valid UTF-8 sequence, so short Chinese GB18030 payloads used to come out as mojibake
// (职业学校 -> ְҵѧУ, 平顺 -> ƽ˳). The other way round, UTF-8 Chinese is sometimes valid
// GB18030 too (中文 -> 涓枃). Each reading gets a plausibility score, character by character:
//
//   ASCII                                                       0
//   a hanzi of GB2312 level 1 (the 3,755 most common)           +3
//   a hanzi of GB2312 level 2 (3,008 less common)               +2
//   CJK or full-width punctuation                              +1
//   an accented Latin letter next to an ASCII letter (café)     +4
//   an accented Latin letter next to another one                +1
//   a Greek, Cyrillic, Hebrew, Arabic... letter in a same-script run of 2   +1, of 3 or more +2
//   anything else (rare hanzi, combining marks, modifier letters, lone letters of another
//   script, symbols, controls)                                  -2
//
// The higher score wins; on a tie a reading made only of GB2312 hanzi (and ASCII) wins, else
// UTF-8. Known cost: a Greek or Arabic word whose UTF-8 bytes also read as common hanzi may
// come out as Chinese; a kiosk that expects such codes pins devices.scanner.encoding. A scanner profile or the config can pin the
// encoding instead (devices.scanner.encoding, HidPosProfile.encoding). Browser-safe.
/** What a GB18030 TextDecoder offers; structural, so it holds with and without DOM types. */
type Decoder = { decode(input: Uint8Array): string };

let hanziLevels: Map<number, 1 | 2> | null = null;

/** The GB2312 hanzi: level 1 (rows 0xB0-0xD7, the 3,755 most common) and level 2 (0xD8-0xF7). */
function commonHanzi(decoder: Decoder): Map<number, 1 | 2> {
  if (hanziLevels) return hanziLevels;
  const map = new Map<number, 1 | 2>();
  for (let lead = 0xb0; lead <= 0xf7; lead++) {
    const bytes: number[] = [];
    for (let trail = 0xa1; trail <= 0xfe; trail++) bytes.push(lead, trail);
    for (const ch of decoder.decode(Uint8Array.from(bytes))) {
      const cp = ch.codePointAt(0)!;
      if (cp >= 0x4e00 && cp <= 0x9fff) map.set(cp, lead <= 0xd7 ? 1 : 2);
    }
  }
  hanziLevels = map;
  return map;
}

type Script = 'latin' | 'greek' | 'cyrillic' | 'armenian' | 'hebrew' | 'arabic' | 'syriac' | 'thaana' | 'nko' | null;

function letterScript(cp: number): Script {
  if ((cp >= 0xc0 && cp <= 0x24f && cp !== 0xd7 && cp !== 0xf7) || (cp >= 0x1e00 && cp <= 0x1eff)) return 'latin';
  // Modern Greek and the Cyrillic of living languages only: Coptic, historic and rare
  // Cyrillic letters are what GB18030 hanzi turn into when misread as UTF-8.
  if (cp >= 0x386 && cp <= 0x3ce && cp !== 0x387) return 'greek';
  if ((cp >= 0x400 && cp <= 0x45f) || cp === 0x490 || cp === 0x491 || cp === 0x492 || cp === 0x493 || cp === 0x49a || cp === 0x49b || cp === 0x4ae || cp === 0x4af || cp === 0x4b0 || cp === 0x4b1 || cp === 0x4ba || cp === 0x4bb || cp === 0x4d8 || cp === 0x4d9 || cp === 0x4e8 || cp === 0x4e9)
    return 'cyrillic';
  if (cp >= 0x531 && cp <= 0x58a) return 'armenian';
  if (cp >= 0x5d0 && cp <= 0x5ea) return 'hebrew';
  if ((cp >= 0x620 && cp <= 0x64a) || (cp >= 0x66e && cp <= 0x6d3)) return 'arabic';
  if (cp >= 0x710 && cp <= 0x72f) return 'syriac';
  if (cp >= 0x780 && cp <= 0x7a5) return 'thaana';
  if (cp >= 0x7ca && cp <= 0x7ea) return 'nko';
  return null;
}

const isAsciiLetter = (cp: number | undefined) => cp !== undefined && ((cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a));

/** Plausibility of a decoded text (higher is more likely what was meant). Linear in its length. */
export function plausibility(text: string, gbDecoder: Decoder): number {
  const hanzi = commonHanzi(gbDecoder);
  const cps: number[] = [];
  for (const c of text) cps.push(c.codePointAt(0)!);
  const n = cps.length;
  const scripts: Script[] = new Array<Script>(n);
  for (let i = 0; i < n; i++) scripts[i] = cps[i]! < 0x80 ? null : letterScript(cps[i]!);
  // Length of the same-script run each letter is in.
  const run = new Array<number>(n).fill(0);
  for (let i = 0; i < n; ) {
    let j = i;
    if (scripts[i] !== null) while (j + 1 < n && scripts[j + 1] === scripts[i]) j++;
    for (let k = i; k <= j; k++) run[k] = j - i + 1;
    i = j + 1;
  }
  let score = 0;
  for (let i = 0; i < n; i++) {
    const cp = cps[i]!;
    if (cp < 0x80) continue;
    const level = hanzi.get(cp);
    if (level !== undefined) {
      score += level === 1 ? 3 : 2;
      continue;
    }
    if ((cp >= 0x3000 && cp <= 0x303f) || (cp >= 0xff01 && cp <= 0xff5e) || cp === 0x2014 || cp === 0x2026 || (cp >= 0x2018 && cp <= 0x201d)) {
      score += 1;
      continue;
    }
    const script = scripts[i];
    if (script === 'latin') {
      if (isAsciiLetter(cps[i - 1]) || isAsciiLetter(cps[i + 1])) score += 4;
      else if (run[i]! >= 2) score += 1;
      else score -= 2;
      continue;
    }
    if (script !== null && run[i]! >= 3) score += 2;
    else if (script !== null && run[i] === 2) score += 1;
    else score -= 2;
  }
  return score;
}

/** Picks between two valid readings of the same bytes. */
export function chooseReading(utf8Text: string, gbText: string, gbDecoder: Decoder): 'utf-8' | 'gb18030' {
  if (utf8Text === gbText) return 'utf-8';
  const gb = plausibility(gbText, gbDecoder);
  const u = plausibility(utf8Text, gbDecoder);
  if (gb !== u) return gb > u ? 'gb18030' : 'utf-8';
  // A tie: this is a Chinese kiosk, so a reading made only of GB2312 hanzi (and ASCII) wins.
  const hanzi = commonHanzi(gbDecoder);
  return Array.from(gbText).every((c) => c.codePointAt(0)! < 0x80 || hanzi.has(c.codePointAt(0)!)) ? 'gb18030' : 'utf-8';
}
