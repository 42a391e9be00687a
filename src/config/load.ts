// Reads the kiosk's config file (if any), applies environment overrides and validates the
// result. Any problem becomes a ConfigError whose message is one line naming the key, the
// value and what was expected, so the person at the kiosk's terminal knows what to fix.
import path from 'node:path';
import { readLayeredConfig } from './layered.js';
import { upgradeLegacyKeys } from './legacy-keys.js';
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

/** What loading each config said about deprecated keys (one line each), for the runtime to log. */
const deprecations = new WeakMap<KioskConfig, readonly string[]>();

/** The deprecation lines of a config that loadConfig returned (none for any other object). */
export function configDeprecations(config: KioskConfig): readonly string[] {
  return deprecations.get(config) ?? [];
}

export function loadConfig(opts: LoadConfigOptions = {}): KioskConfig {
  const notes: string[] = [];
  const config = readLayeredConfig({
    schema: ConfigSchema,
    envOverrides: ENV_OVERRIDES,
    file: opts.file,
    required: opts.required ?? false,
    env: opts.env ?? process.env,
    label: 'config error',
    fail: (message) => new ConfigError(message),
    upgrade: (raw, origins) => notes.push(...upgradeLegacyKeys(raw, (key) => origins.get(key))),
  });
  const out = { ...config, dataDir: path.resolve(opts.cwd ?? process.cwd(), config.dataDir) };
  if (notes.length) deprecations.set(out, notes);
  return out;
}

/** KIOSK_CONFIG names a file that must exist; otherwise an optional kiosk.config.json in the working directory. */
export function loadConfigFromEnvironment(env: NodeJS.ProcessEnv = process.env): KioskConfig {
  return loadConfig({ file: env.KIOSK_CONFIG || 'kiosk.config.json', required: Boolean(env.KIOSK_CONFIG), env });
}
