// Debian's Chromium, never a browser downloaded by Playwright.
import { existsSync } from 'node:fs';

export const CHROMIUM_PATH = process.env.KIOSK_CHROMIUM ?? '/usr/bin/chromium';

export function chromiumLaunchOptions() {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: run "apt-get install -y chromium fonts-noto-cjk" (see .ci/run), or set KIOSK_CHROMIUM`);
  }
  return {
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--autoplay-policy=no-user-gesture-required'],
  };
}
