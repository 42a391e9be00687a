// Structured logging: one JSON object per line, appended to <dataDir>/logs/kiosk.log and
// rotated by size (kiosk.log -> kiosk.log.1 -> ... -> kiosk.log.N, oldest dropped).
// Warnings and errors are also printed to stderr as one readable line. Every record is
// scrubbed first (scrub.ts): no phone number, card, payment code, PIN or token is written.
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, tightenIfPresent } from '../files/private.js';
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

/** While a failed rotation is retried, lines go on into the current (oversized) file. */
const ROTATE_RETRY_MS = 60_000;

class RotatingFile {
  /** -1 while no file is open: never a number the process may have handed to another file. */
  private fd = -1;
  private size = 0;
  private retryRotateAt = 0;
  constructor(
    private readonly file: string,
    private readonly maxBytes: number,
    private readonly maxFiles: number,
  ) {
    mkdirSync(path.dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
    this.open();
  }
  private open(): void {
    // Logs can hold request ids and error details: 0600 like the data (rotated files keep it).
    this.fd = openSync(this.file, 'a', PRIVATE_FILE_MODE);
    tightenIfPresent(this.file);
    this.size = fstatSync(this.fd).size;
  }
  write(line: string): void {
    const bytes = Buffer.byteLength(line);
    if (this.size > 0 && this.size + bytes > this.maxBytes && Date.now() >= this.retryRotateAt) this.rotate();
    if (this.fd < 0) this.open();
    writeSync(this.fd, line);
    this.size += bytes;
  }
  private rotate(): void {
    closeSync(this.fd);
    this.fd = -1;
    try {
      const oldest = `${this.file}.${this.maxFiles}`;
      if (existsSync(oldest)) rmSync(oldest);
      for (let i = this.maxFiles - 1; i >= 1; i--) {
        if (existsSync(`${this.file}.${i}`)) renameSync(`${this.file}.${i}`, `${this.file}.${i + 1}`);
      }
      renameSync(this.file, `${this.file}.1`);
    } catch (e) {
      // Keep appending to the current file and try again later; say so once per failure.
      this.retryRotateAt = Date.now() + ROTATE_RETRY_MS;
      process.stderr.write(`warning: log rotation of ${this.file} failed (${(e as Error).message}); still writing to it\n`);
    }
    this.open();
  }
  close(): void {
    if (this.fd < 0) return;
    try {
      closeSync(this.fd);
    } catch {
      /* already closed */
    }
    this.fd = -1;
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
