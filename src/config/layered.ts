// Reading a JSON config file plus environment overrides against a zod schema, with errors
// in one line naming the key, the value, where it came from and what is expected. The kiosk
// (src/config/load.ts) and the township (src/township/config.ts) both read their settings so.
import { existsSync, readFileSync } from 'node:fs';
import type { z } from 'zod';

export type EnvOverrides = Record<string, { path: string; type: 'string' | 'number' | 'boolean' }>;

export interface LayeredConfigOptions<S extends z.ZodType> {
  schema: S;
  envOverrides: EnvOverrides;
  /** A JSON file. Missing: the schema's defaults, unless `required`. */
  file?: string | undefined;
  required?: boolean;
  env: NodeJS.ProcessEnv;
  /** Starts every message, e.g. "config error". */
  label: string;
  fail: (message: string) => Error;
  /** Rewrites old keys in the raw object (file + environment) before it is checked; `origins` names where each key came from. */
  upgrade?: (raw: Json, origins: ReadonlyMap<string, string>) => void;
}

type Json = Record<string, unknown>;

/** Sets `a.b.c` in a plain object, making the objects on the way. */
export function setPath(obj: Json, dotted: string, value: unknown): void {
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

export function describeIssue(label: string, issue: z.core.$ZodIssue, input: unknown, origins: Map<string, string>): string {
  const key = issue.path.join('.') || '(top level)';
  const origin = origins.get(key);
  const from = origin ? ` (from ${origin})` : '';
  if (issue.code === 'unrecognized_keys') {
    const where = issue.path.length ? `${key}.` : '';
    return `${label}: unknown key ${issue.keys.map((k) => where + k).join(', ')}${from}: expected only the keys listed in README.md`;
  }
  let expected = issue.message;
  if (issue.code === 'invalid_type') expected = `a ${issue.expected}`;
  if (issue.code === 'too_small' || issue.code === 'too_big') expected = issue.message.replace(/^Too (small|big): expected \w+ to (have|be) /, 'a value ');
  if (issue.code === 'invalid_value') expected = `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  return `${label}: ${key} = ${show(getPath(input, issue.path))}${from}: expected ${expected}`;
}

function readFile(o: LayeredConfigOptions<z.ZodType>): Json {
  if (!o.file || !existsSync(o.file)) {
    if (o.file && o.required) throw o.fail(`${o.label}: the config file ${o.file} does not exist`);
    return {};
  }
  let text: string;
  try {
    text = readFileSync(o.file, 'utf8');
  } catch (e) {
    throw o.fail(`${o.label}: cannot read ${o.file}: ${(e as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw o.fail(`${o.label}: ${o.file} is not valid JSON (${(e as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw o.fail(`${o.label}: ${o.file} must hold one JSON object, not ${Array.isArray(parsed) ? 'an array' : typeof parsed}`);
  }
  return parsed as Json;
}

export function readLayeredConfig<S extends z.ZodType>(o: LayeredConfigOptions<S>): z.output<S> {
  const raw = readFile(o);
  const origins = new Map<string, string>();
  for (const [name, spec] of Object.entries(o.envOverrides)) {
    const text = o.env[name];
    if (text === undefined || text === '') continue;
    let value: unknown = text;
    if (spec.type === 'number') value = /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text;
    if (spec.type === 'boolean') value = text === '1' || text === 'true' ? true : text === '0' || text === 'false' ? false : text;
    if (spec.type === 'string' && (text === 'null' || text === 'none')) value = null;
    setPath(raw, spec.path, value);
    origins.set(spec.path, name);
  }
  o.upgrade?.(raw, origins);
  const result = o.schema.safeParse(raw);
  if (!result.success) throw o.fail(describeIssue(o.label, result.error.issues[0]!, raw, origins));
  return result.data;
}
