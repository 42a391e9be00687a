// The one sanitiser every text passes on its way to the printer (layout.ts applies it to
// every laid-out line, and the encoder applies it again to whatever it is given), so the
// preview and the paper show the same characters and no text can carry a printer command.
//
// Any byte below 0x20 inside text IS a command to an ESC/POS printer: GS V (0x1d 0x56) cuts
// the paper, ESC p (0x1b 0x70) kicks a cash drawer, DLE EOT asks for status. Control
// characters (C0, DEL, C1, the Unicode line and paragraph separators) therefore become a
// space. Text from outside (township content, config) is also refused at the boundary
// (src/protocol/content.ts), but the printer does not rely on that.

/** Printable form of one line of text: never contains a byte below 0x20 once encoded. */
export function printable(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp === 0x2028 || cp === 0x2029) out += ' ';
    else if (cp > 0xffff) out += '?';
    else out += ch;
  }
  return out;
}
