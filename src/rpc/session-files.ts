// The two files that let the kiosk's own OS user (and nobody else) into the kiosk screen,
// both 0600 in the 0700 data directory:
//   session-token  the loopback API's session token. Kept across restarts, so a browser
//                  that holds the session cookie keeps working after the runtime restarts.
//   launch.json    {url, key}: where the runtime listens and this start's launch-code key
//                  (see launch-codes.ts). Written at start, removed at a clean stop.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { newSessionToken } from './guards.js';
import { launchUrlFor } from './launch-codes.js';

export const SESSION_TOKEN_FILE = 'session-token';
export const LAUNCH_FILE = 'launch.json';

function writePrivate(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  renameSync(tmp, file);
}

/** The token in <dataDir>/session-token, created (0600) when missing or unreadable. */
export function loadOrCreateSessionToken(dataDir: string): string {
  const file = path.join(dataDir, SESSION_TOKEN_FILE);
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8').trim();
    if (/^[A-Za-z0-9_-]{43}$/.test(text)) return text;
  }
  const token = newSessionToken();
  writePrivate(file, token + '\n');
  return token;
}

const LaunchFile = z.object({ url: z.string().url(), key: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });
export type LaunchInfo = z.infer<typeof LaunchFile>;

export function writeLaunchFile(dataDir: string, info: LaunchInfo): void {
  writePrivate(path.join(dataDir, LAUNCH_FILE), JSON.stringify(info) + '\n');
}

export function removeLaunchFile(dataDir: string): void {
  rmSync(path.join(dataDir, LAUNCH_FILE), { force: true });
}

export function readLaunchFile(dataDir: string): LaunchInfo | null {
  try {
    const parsed = LaunchFile.safeParse(JSON.parse(readFileSync(path.join(dataDir, LAUNCH_FILE), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** A fresh one-time launch URL for the runtime using `dataDir`, or null when none is running there. */
export function mintLaunchUrl(dataDir: string, nowMs = Date.now()): string | null {
  const info = readLaunchFile(dataDir);
  return info ? launchUrlFor(info.url, info.key, nowMs) : null;
}
