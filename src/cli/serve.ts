// `npm run serve`: the kiosk runtime for any Chromium in kiosk mode.
import { ConfigError, loadConfigFromEnvironment } from '../config/load.js';
import { startRuntime } from '../runtime.js';
import { runUntilSignalled } from './lifecycle.js';

try {
  const config = loadConfigFromEnvironment();
  const runtime = await startRuntime(config);
  // Tests and scripts read this exact line to find the URL.
  console.log(`Kiosk ready at ${runtime.url}  (open it with: chromium --kiosk ${runtime.url})`);
  runUntilSignalled(() => runtime.stop());
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(2);
  }
  console.error(`The kiosk could not start: ${(e as Error).message}`);
  process.exit(1);
}
