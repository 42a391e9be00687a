// The browser shell shared by `npm run serve` and `npm start`'s fallback: start the kiosk
// runtime in this process and print the URL line that tests and scripts parse.
import { ConfigError, loadConfigFromEnvironment } from '../config/load.js';
import { startRuntime, type Runtime } from '../runtime.js';

/** Starts the runtime and prints "Kiosk ready at URL ..."; a bad config exits with code 2, any other failure with 1. */
export async function startServedRuntime(env: NodeJS.ProcessEnv = process.env): Promise<Runtime> {
  try {
    const config = loadConfigFromEnvironment(env);
    const runtime = await startRuntime(config);
    // Tests and scripts read this exact line to find the URL.
    console.log(`Kiosk ready at ${runtime.url}  (open it with: chromium --kiosk ${runtime.url})`);
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
