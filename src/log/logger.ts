// Structured logging: one JSON object per line, appended to <dataDir>/logs/kiosk.log and
// rotated by size (kiosk.log -> kiosk.log.1 -> ... -> kiosk.log.N, oldest dropped).
// Warnings and errors are also printed to stderr as one readable line. Every record is
// scrubbed first (scrub.ts): no phone number, card, payment code, PIN or token is written.
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { scrubRecord, scrubText } from './scrub.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  child(bindings: LogFields): Logger;
  close(): void;
}

export interface FileLoggerOptions {
  dir: string;
  name?: string;
  level?: LogLevel;
  maxFileBytes?: number;
  maxFiles?: number;
  /** Echo warnings and errors to stderr (default true). */
  stderr?: boolean;
}

function serialiseError(value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, code: (value as NodeJS.ErrnoException).code, stack: value.stack };
  return value;
}

class RotatingFile {
  private fd: number;
  private size: number;
  constructor(
    private readonly file: string,
    private readonly maxBytes: number,
    private readonly maxFiles: number,
  ) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.fd = openSync(file, 'a');
    this.size = fstatSync(this.fd).size;
  }
  write(line: string): void {
    const bytes = Buffer.byteLength(line);
    if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
    writeSync(this.fd, line);
    this.size += bytes;
  }
  private rotate(): void {
    closeSync(this.fd);
    const oldest = `${this.file}.${this.maxFiles}`;
    if (existsSync(oldest)) rmSync(oldest);
    for (let i = this.maxFiles - 1; i >= 1; i--) {
      if (existsSync(`${this.file}.${i}`)) renameSync(`${this.file}.${i}`, `${this.file}.${i + 1}`);
    }
    renameSync(this.file, `${this.file}.1`);
    this.fd = openSync(this.file, 'a');
    this.size = 0;
  }
  close(): void {
    try {
      closeSync(this.fd);
    } catch {
      /* already closed */
    }
  }
}

export function createFileLogger(opts: FileLoggerOptions): Logger {
  const min = RANK[opts.level ?? 'info'];
  const echo = opts.stderr ?? true;
  let file: RotatingFile | null = null;
  try {
    file = new RotatingFile(path.join(opts.dir, opts.name ?? 'kiosk.log'), opts.maxFileBytes ?? 5_000_000, opts.maxFiles ?? 5);
  } catch (e) {
    process.stderr.write(`warning: cannot write logs to ${opts.dir} (${(e as Error).message}); logging to stderr only\n`);
  }
  const make = (bindings: LogFields): Logger => {
    const emit = (level: LogLevel, event: string, fields: LogFields = {}) => {
      if (RANK[level] < min) return;
      const record: LogFields = { time: new Date().toISOString(), level, event, ...bindings };
      for (const [k, v] of Object.entries(fields)) if (!(k in record)) record[k] = serialiseError(v);
      const clean = scrubRecord(record);
      const line = JSON.stringify(clean) + '\n';
      try {
        file?.write(line);
      } catch {
        // A full disk must not take the kiosk down because of a log line.
      }
      if (echo && RANK[level] >= RANK.warn) {
        const msg = typeof clean.message === 'string' ? `: ${clean.message}` : '';
        process.stderr.write(`${level}: ${scrubText(event)}${msg}\n`);
      }
    };
    return {
      debug: (e, f) => emit('debug', e, f),
      info: (e, f) => emit('info', e, f),
      warn: (e, f) => emit('warn', e, f),
      error: (e, f) => emit('error', e, f),
      child: (b) => make({ ...bindings, ...b }),
      close: () => file?.close(),
    };
  };
  return make({});
}

/** A logger that keeps records in memory, for unit tests that assert what was logged. */
export function createMemoryLogger(): Logger & { records: LogFields[] } {
  const records: LogFields[] = [];
  const make = (bindings: LogFields): Logger => {
    const emit = (level: LogLevel) => (event: string, fields: LogFields = {}) => {
      records.push(scrubRecord({ ...fields, ...bindings, level, event }));
    };
    return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error'), child: (b) => make({ ...bindings, ...b }), close: () => {} };
  };
  return Object.assign(make({}), { records });
}
