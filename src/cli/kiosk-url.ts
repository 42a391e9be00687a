// `npm run kiosk-url`: prints a fresh one-time launch link for the kiosk running on this
// data directory (same KIOSK_DATA_DIR / config as the kiosk). Only the kiosk's own OS user
// can: the link is minted from <dataDir>/launch.json, which is 0600 in a 0700 directory.
import { ConfigError, loadConfigFromEnvironment } from '../config/load.js';
import { LAUNCH_CODE_TTL_MS } from '../rpc/launch-codes.js';
import { mintLaunchUrl } from '../rpc/session-files.js';

try {
  const config = loadConfigFromEnvironment(process.env);
  const url = mintLaunchUrl(config.dataDir);
  if (!url) {
    console.error(`No kiosk is running on ${config.dataDir} (there is no launch.json there, or it is not readable by this user). Start it with npm run serve.`);
    process.exit(1);
  }
  console.log(url);
  console.error(`(one-time link, valid for ${LAUNCH_CODE_TTL_MS / 60_000} minutes: open it in the kiosk's browser)`);
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(2);
  }
  throw e;
}
