// Reads the kiosk's config file (if any), applies environment overrides and validates the
// result. Any problem becomes a ConfigError whose message is one line naming the key, the
// value and what was expected, so the person at the kiosk's terminal knows what to fix.
import path from 'node:path';
import { readLayeredConfig } from './layered.js';
import { ConfigSchema, ENV_OVERRIDES, type KioskConfig } from './schema.js';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface LoadConfigOptions {
  /** Path of a JSON config file. A missing file means the embedded defaults, unless `required`. */
  file?: string | undefined;
  required?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Resolve a relative dataDir against this directory (default: process.cwd()). */
  cwd?: string;
}

export function loadConfig(opts: LoadConfigOptions = {}): KioskConfig {
  const config = readLayeredConfig({
    schema: ConfigSchema,
    envOverrides: ENV_OVERRIDES,
    file: opts.file,
    required: opts.required ?? false,
    env: opts.env ?? process.env,
    label: 'config error',
    fail: (message) => new ConfigError(message),
  });
  return { ...config, dataDir: path.resolve(opts.cwd ?? process.cwd(), config.dataDir) };
}

/** KIOSK_CONFIG names a file that must exist; otherwise an optional kiosk.config.json in the working directory. */
export function loadConfigFromEnvironment(env: NodeJS.ProcessEnv = process.env): KioskConfig {
  return loadConfig({ file: env.KIOSK_CONFIG || 'kiosk.config.json', required: Boolean(env.KIOSK_CONFIG), env });
}
