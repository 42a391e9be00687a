// What `npm start` launches: Electron when its binary is installed, otherwise the browser
// shell with a kiosk-mode Chromium if there is one. The decisions are pure functions so
// they can be tested both ways without the binaries.
import { spawn } from 'node:child_process';
import path from 'node:path';

export type ElectronDetection = { installed: true; path: string } | { installed: false; reason: string };

/**
 * `load` is `() => require('electron')`: the electron package exports the binary's path,
 * and throws when its download never completed (it writes path.txt only after success).
 */
export function detectElectron(load: () => unknown, exists: (file: string) => boolean): ElectronDetection {
  let resolved: unknown;
  try {
    resolved = load();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') return { installed: false, reason: 'the electron package is not installed' };
    return { installed: false, reason: 'its download failed at install time' };
  }
  if (typeof resolved !== 'string' || resolved === '') return { installed: false, reason: 'the electron package did not name a binary' };
  if (!exists(resolved)) return { installed: false, reason: 'its download failed at install time' };
  return { installed: true, path: resolved };
}

export function fallbackMessage(reason: string): string {
  return `Electron is not installed (${reason}), so the kiosk is starting in the browser shell.`;
}

export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export type ChromiumChoice = { found: true; path: string } | { found: false; reason: string };

/** KIOSK_CHROMIUM names the browser to use; otherwise the usual Linux locations. */
export function findChromium(env: NodeJS.ProcessEnv, exists: (file: string) => boolean): ChromiumChoice {
  const override = env.KIOSK_CHROMIUM;
  if (override) return exists(override) ? { found: true, path: override } : { found: false, reason: `KIOSK_CHROMIUM=${override} does not exist` };
  const hit = CHROMIUM_CANDIDATES.find(exists);
  return hit ? { found: true, path: hit } : { found: false, reason: 'no Chromium is installed' };
}

/** Linux needs an X or Wayland display for a window. */
export function displayProblem(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | null {
  if (platform !== 'linux') return null;
  return env.DISPLAY || env.WAYLAND_DISPLAY ? null : 'there is no display (DISPLAY is not set)';
}

/** Kiosk-mode Chromium on the runtime URL, in its own profile, quiet on a network that refuses most hosts. */
export function chromiumArgs(url: string, dataDir: string, runningAsRoot: boolean): string[] {
  return [
    '--kiosk',
    `--app=${url}`,
    `--user-data-dir=${path.join(dataDir, 'chromium-profile')}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--disable-translate',
    '--noerrdialogs',
    '--password-store=basic',
    '--disable-pinch',
    '--overscroll-history-navigation=0',
    '--autoplay-policy=no-user-gesture-required',
    // Chromium refuses to run as root with its sandbox on.
    ...(runningAsRoot ? ['--no-sandbox'] : []),
  ];
}

/**
 * A page that sends the browser on to a launch link. Chromium is given this file (0600 in the
 * 0700 data directory) instead of the link itself, because a command line is visible to every
 * local user (ps, /proc) and one of them could use the one-time code first.
 */
export function launchPageHtml(launchUrl: string): string {
  const safe = launchUrl.replace(/[^A-Za-z0-9:/?=._~-]/g, '');
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${safe}"><title>Village kiosk</title></head><body></body></html>\n`;
}

export type ChromiumLaunch = { started: true; stop: () => void; onExit: (fn: (code: number | null) => void) => void } | { started: false; reason: string };

/** Spawns Chromium; if it exits or fails within `graceMs` it "could not start". */
export function launchChromium(file: string, args: string[], graceMs = 3000): Promise<ChromiumLaunch> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 4000) stderr += d.toString();
    });
    // Chromium prefixes its log lines with "[pid:tid:time:LEVEL:file:line]"; keep the words.
    const lines = () => stderr.split('\n').map((l) => l.replace(/^\[[^\]]*\]\s*/, '').trim()).filter(Boolean);
    const firstLine = () => lines().find((l) => /error|cannot|missing|fail/i.test(l)) ?? lines()[0] ?? '';
    let settled = false;
    const done = (r: ChromiumLaunch) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const timer = setTimeout(() => {
      const exitFns: Array<(code: number | null) => void> = [];
      child.on('exit', (code) => exitFns.forEach((fn) => fn(code)));
      done({
        started: true,
        stop: () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        },
        onExit: (fn) => exitFns.push(fn),
      });
    }, graceMs);
    child.once('error', (e) => done({ started: false, reason: e.message }));
    // 'exit' can come before the last of stderr has been read (on a busy machine it often
    // does), so the reason is taken when stderr has ended too, or 500 ms after the exit at
    // the latest (a child process Chromium left behind may hold stderr open).
    let stderrEnded = false;
    let exited: string | null = null;
    const failed = () => {
      if (exited === null) return;
      const why = firstLine();
      done({ started: false, reason: `it exited at once with ${exited}${why ? `: ${why.slice(0, 160)}` : ''}` });
    };
    child.stderr.once('end', () => {
      stderrEnded = true;
      failed();
    });
    child.once('exit', (code, signal) => {
      exited = signal ?? `code ${code}`;
      clearTimeout(timer);
      if (stderrEnded) failed();
      else setTimeout(failed, 500).unref();
    });
  });
}
