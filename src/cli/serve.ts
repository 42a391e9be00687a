// `npm run serve`: the kiosk runtime for any Chromium in kiosk mode.
import { startServedRuntime } from './browser-shell.js';
import { runUntilSignalled } from './lifecycle.js';

const runtime = await startServedRuntime();
runUntilSignalled(() => runtime.stop());
