// Reads every log file the e2e suite's kiosks and townships wrote (their logs/ folders and the
// saved process output) and lists each line that holds a phone number, a household card, a
// payment code, a PIN or a token. Independent of src/log/scrub.ts on purpose: it checks the
// bytes on disk, whatever wrote them.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const RULES: Array<[string, RegExp]> = [
  ['phone number', /(?<![0-9])1[3-9]\d{9}(?![0-9])/],
  ['household card', /VKH1\.[A-Za-z0-9_-]{8,}/],
  ['payment code', /(?<![0-9])(?:1[0-5]|2[5-9]|30)\d{14,22}(?![0-9])/],
  ['bearer token', /Bearer [A-Za-z0-9._~+/=-]{8,}/],
  ['secret field', /"(pin|newPin|password|token|sessionToken|kioskToken|authorization|cookie|phone|x-attendant-session)":\s*"(?!\[redacted\])[^"]+"/i],
  ['random token', /(?<![A-Za-z0-9_-])(?=[A-Za-z0-9_-]*[A-Z])(?=[A-Za-z0-9_-]*[a-z])(?=[A-Za-z0-9_-]*[0-9])[A-Za-z0-9_-]{32,}(?![A-Za-z0-9_-])/],
];

/**
 * The serve shell prints a one-time launch link for the person who started it ("Kiosk ready at
 * …/?launch=CODE", see docs/security.md): the code is single-use and expires, so it is taken out
 * before the rules run. Nothing else that looks like a token is excused.
 */
const LAUNCH_LINK = /([?&]launch=)[A-Za-z0-9._~-]+/g;

export interface LogFinding {
  file: string;
  line: number;
  rule: string;
  excerpt: string;
}

function logFiles(dir: string, depth = 0): string[] {
  if (depth > 3 || !existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    let st;
    try {
      st = statSync(full);
    } catch {
      continue;
    }
    if (st.isDirectory()) out.push(...logFiles(full, depth + 1));
    else if (/\.log(\.\d+)?$/.test(name)) out.push(full);
  }
  return out;
}

export function scanLogDirs(dirs: readonly string[]): { files: number; lines: number; findings: LogFinding[] } {
  const findings: LogFinding[] = [];
  let files = 0;
  let lines = 0;
  for (const dir of new Set(dirs)) {
    for (const file of logFiles(dir)) {
      files++;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((raw, i) => {
          if (!raw) return;
          const text = raw.replace(LAUNCH_LINK, '$1[one-time]');
          lines++;
          for (const [rule, re] of RULES) {
            const m = re.exec(text);
            if (m) findings.push({ file, line: i + 1, rule, excerpt: text.slice(Math.max(0, m.index - 40), m.index + 60) });
          }
        });
    }
  }
  return { files, lines, findings };
}
