// Reads the config file (if any), applies environment overrides and validates the result.
// Any problem becomes a ConfigError whose message is one line naming the key, the value
// and what was expected, so the person at the kiosk's terminal knows what to fix.
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
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

type Json = Record<string, unknown>;

function setPath(obj: Json, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let cur = obj;
  for (const k of keys.slice(0, -1)) {
    if (typeof cur[k] !== 'object' || cur[k] === null) cur[k] = {};
    cur = cur[k] as Json;
  }
  cur[keys[keys.length - 1]!] = value;
}

function getPath(obj: unknown, keys: readonly PropertyKey[]): unknown {
  let cur = obj;
  for (const k of keys) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[k];
  }
  return cur;
}

function show(value: unknown): string {
  if (value === undefined) return '(missing)';
  const s = JSON.stringify(value);
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown, origins: Map<string, string>): string {
  const key = issue.path.join('.') || '(top level)';
  const origin = origins.get(key);
  const from = origin ? ` (from ${origin})` : '';
  if (issue.code === 'unrecognized_keys') {
    const where = issue.path.length ? `${key}.` : '';
    return `config error: unknown key ${issue.keys.map((k) => where + k).join(', ')}${from}: expected only the keys listed in README.md`;
  }
  const value = getPath(input, issue.path);
  let expected = issue.message;
  if (issue.code === 'invalid_type') expected = `a ${issue.expected}`;
  if (issue.code === 'too_small' || issue.code === 'too_big') expected = issue.message.replace(/^Too (small|big): expected \w+ to (have|be) /, 'a value ');
  if (issue.code === 'invalid_value') expected = `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  return `config error: ${key} = ${show(value)}${from}: expected ${expected}`;
}

export function loadConfig(opts: LoadConfigOptions = {}): KioskConfig {
  const env = opts.env ?? process.env;
  const origins = new Map<string, string>();
  let raw: Json = {};
  if (opts.file && existsSync(opts.file)) {
    let text: string;
    try {
      text = readFileSync(opts.file, 'utf8');
    } catch (e) {
      throw new ConfigError(`config error: cannot read ${opts.file}: ${(e as Error).message}`);
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new ConfigError(`config error: ${opts.file} must hold one JSON object, not ${Array.isArray(parsed) ? 'an array' : typeof parsed}`);
      }
      raw = parsed as Json;
    } catch (e) {
      if (e instanceof ConfigError) throw e;
      throw new ConfigError(`config error: ${opts.file} is not valid JSON (${(e as Error).message})`);
    }
  } else if (opts.file && opts.required) {
    throw new ConfigError(`config error: the config file ${opts.file} does not exist`);
  }

  for (const [name, spec] of Object.entries(ENV_OVERRIDES)) {
    const text = env[name];
    if (text === undefined || text === '') continue;
    let value: unknown = text;
    if (spec.type === 'number') value = /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text;
    if (spec.type === 'boolean') value = text === '1' || text === 'true' ? true : text === '0' || text === 'false' ? false : text;
    if (spec.type === 'string' && (text === 'null' || text === 'none')) value = null;
    setPath(raw, spec.path, value);
    origins.set(spec.path, name);
  }

  const result = ConfigSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(describeIssue(result.error.issues[0]!, raw, origins));
  }
  const config = result.data;
  return { ...config, dataDir: path.resolve(opts.cwd ?? process.cwd(), config.dataDir) };
}

/** KIOSK_CONFIG names a file that must exist; otherwise an optional kiosk.config.json in the working directory. */
export function loadConfigFromEnvironment(env: NodeJS.ProcessEnv = process.env): KioskConfig {
  return loadConfig({ file: env.KIOSK_CONFIG ?? 'kiosk.config.json', required: Boolean(env.KIOSK_CONFIG), env });
}
