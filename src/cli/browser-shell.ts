// The browser shell shared by `npm run serve` and `npm start`'s fallback: start the kiosk
// runtime in this process and print the URL line that tests and scripts parse. The URL
// carries a one-time launch code (launch-codes.ts): the browser that opens it first gets the
// session cookie; `npm run kiosk-url` prints another.
import { ConfigError, loadConfigFromEnvironment } from '../config/load.js';
import { startRuntime, type Runtime } from '../runtime.js';

/** Starts the runtime and prints "Kiosk ready at LAUNCH-URL ..."; a bad config exits with code 2, any other failure with 1. */
export async function startServedRuntime(env: NodeJS.ProcessEnv = process.env): Promise<Runtime> {
  try {
    const config = loadConfigFromEnvironment(env);
    const runtime = await startRuntime(config);
    // Tests and scripts read this exact line to find the URL.
    const launch = runtime.launchUrl();
    console.log(`Kiosk ready at ${launch}  (a one-time link: open it with chromium --kiosk '${launch}'; npm run kiosk-url prints another)`);
    return runtime;
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    console.error(`The kiosk could not start: ${(e as Error).message}`);
    process.exit(1);
  }
}
