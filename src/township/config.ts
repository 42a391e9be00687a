// The township server's configuration: one zod schema with embedded defaults (so
// `npm run township` runs with no file), an optional JSON file and environment overrides.
// Any problem becomes a TownshipConfigError with a one-line message naming key, value and
// what was expected.
import path from 'node:path';
import { z } from 'zod';
import { readLayeredConfig } from '../config/layered.js';
import { TrustProxySetting } from './trusted-proxies.js';

export const TownshipConfigSchema = z
  .object({
    /** Where township.db, the signing key and logs live. Relative paths resolve from the working directory. */
    dataDir: z.string().min(1).default('.township-data'),
    /**
     * Where the township's data lives: unset (the default) for the embedded SQLite file
     * <dataDir>/township.db; a postgres:// (or postgresql://) URL for PostgreSQL, which
     * several township processes can share (issue 13).
     */
    databaseUrl: z
      .string()
      .regex(/^postgres(ql)?:\/\/\S+$/, 'databaseUrl must be a postgres:// or postgresql:// URL (leave it unset for the embedded SQLite database)')
      .optional(),
    /** Shown on the officials' page. */
    name: z.string().min(1).max(80).default('乡镇便民服务中心 Township service centre'),
    http: z
      .object({
        host: z.string().min(1).default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8430),
        /** Optional TLS: both files (PEM) or neither. Without them, put a TLS proxy in front for any non-loopback use. */
        tlsCertFile: z.string().min(1).nullable().default(null),
        tlsKeyFile: z.string().min(1).nullable().default(null),
        /** A client must send its request headers within this time. */
        headersTimeoutSeconds: z.number().min(0.1).max(600).default(10),
        /** ... and the whole request (headers and body) within this time. */
        requestTimeoutSeconds: z.number().min(0.1).max(3600).default(60),
        /** An idle keep-alive connection is closed after this (kiosks poll about every 60 s). */
        keepAliveTimeoutSeconds: z.number().min(0.1).max(3600).default(72),
        /** Open connections from one client address; more are closed at once. */
        maxConnectionsPerAddress: z.number().int().min(1).max(100_000).default(128),
        /** Open connections in all (keep it below the process's file descriptor limit). */
        maxConnections: z.number().int().min(1).max(1_000_000).default(10_000),
        /** Kiosk requests being handled at once; more get 503 + Retry-After (the kiosk retries later). */
        maxRequestsInFlight: z.number().int().min(1).max(100_000).default(512),
        /**
         * Kiosk work being handled at once, in poll units (a poll 1, a PUT 2, a batch about one
         * per item; admission.ts): more gets 503 + Retry-After, so what is admitted is answered fast.
         * 128 measured best on both stores (docs/township-scale.md): 512 let a PostgreSQL township
         * queue over a second of batch work (25,000 kiosks, p99 1.3 s); 128 held 50,000 there.
         */
        maxWorkInFlight: z.number().int().min(1).max(1_000_000).default(128),
        /** Kiosk requests also get 503 + Retry-After while the event loop runs this late (ms): the process is behind. */
        overloadLagMs: z.number().int().min(10).max(60_000).default(200),
        /**
         * Addresses (or CIDR blocks) of a TLS proxy in front of the township. Only their
         * X-Forwarded-For / X-Forwarded-Proto are believed: per-address limits then count the
         * forwarded client address, and cookies are Secure when the proxy says https.
         */
        trustProxy: TrustProxySetting.default([]),
      })
      .strict()
      .default({
        host: '127.0.0.1',
        port: 8430,
        tlsCertFile: null,
        tlsKeyFile: null,
        headersTimeoutSeconds: 10,
        requestTimeoutSeconds: 60,
        keepAliveTimeoutSeconds: 72,
        maxConnectionsPerAddress: 128,
        maxConnections: 10_000,
        maxRequestsInFlight: 512,
        maxWorkInFlight: 128,
        overloadLagMs: 200,
        trustProxy: [],
      }),
    feed: z
      .object({
        /** Tombstones older than this are dropped; kiosks with older cursors get 410 and resync. */
        tombstoneRetentionDays: z.number().min(0).max(3650).default(90),
      })
      .strict()
      .default({ tombstoneRetentionDays: 90 }),
    officials: z
      .object({
        sessionHours: z.number().min(0.01).max(24 * 30).default(12),
        /** Failed logins (per username and per client address) before a lockout. */
        loginMaxFailures: z.number().int().min(1).max(100).default(5),
        loginLockoutSeconds: z.number().int().min(1).max(86400).default(900),
      })
      .strict()
      .default({ sessionHours: 12, loginMaxFailures: 5, loginLockoutSeconds: 900 }),
    /** Public web address of this server's phone pages (posters and kiosk "continue on your phone" codes point here); null = this server's own address. */
    publicUrl: z.string().url('an http(s) URL').nullable().default(null),
    cards: z
      .object({
        /** A household card is refused by kiosks this many days after it was issued. */
        validityDays: z.number().int().min(1).max(3650).default(1825),
      })
      .strict()
      .default({ validityDays: 1825 }),
    pdf: z
      .object({
        /** A font with Chinese glyphs (TTF, OTF or TTC) for cards and posters; null = look in the usual system places (Debian: fonts-noto-cjk). */
        fontFile: z.string().min(1).nullable().default(null),
      })
      .strict()
      .default({ fontFile: null }),
    /**
     * The feed signing key (Ed25519 private key, PEM, mode 0600); null = <dataDir>/signing-key.pem,
     * made on the first start. Township processes serving one PostgreSQL database must all name
     * a copy of the same key (docs/township-postgres.md).
     */
    signingKeyFile: z.string().min(1).nullable().default(null),
    log: z
      .object({
        level: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
      })
      .strict()
      .default({ level: 'info' }),
  })
  .strict()
  .superRefine((c, ctx) => {
    if ((c.http.tlsCertFile === null) !== (c.http.tlsKeyFile === null)) {
      ctx.addIssue({ code: 'custom', path: ['http', 'tlsCertFile'], message: 'http.tlsCertFile and http.tlsKeyFile must be set together' });
    }
  });

export type TownshipConfig = z.output<typeof TownshipConfigSchema>;

export const TOWNSHIP_ENV_OVERRIDES = {
  TOWNSHIP_DATA_DIR: { path: 'dataDir', type: 'string' },
  TOWNSHIP_DATABASE_URL: { path: 'databaseUrl', type: 'string' },
  TOWNSHIP_NAME: { path: 'name', type: 'string' },
  TOWNSHIP_HOST: { path: 'http.host', type: 'string' },
  TOWNSHIP_PORT: { path: 'http.port', type: 'number' },
  TOWNSHIP_TLS_CERT_FILE: { path: 'http.tlsCertFile', type: 'string' },
  TOWNSHIP_TLS_KEY_FILE: { path: 'http.tlsKeyFile', type: 'string' },
  TOWNSHIP_HEADERS_TIMEOUT_SECONDS: { path: 'http.headersTimeoutSeconds', type: 'number' },
  TOWNSHIP_REQUEST_TIMEOUT_SECONDS: { path: 'http.requestTimeoutSeconds', type: 'number' },
  TOWNSHIP_KEEP_ALIVE_TIMEOUT_SECONDS: { path: 'http.keepAliveTimeoutSeconds', type: 'number' },
  TOWNSHIP_MAX_CONNECTIONS_PER_ADDRESS: { path: 'http.maxConnectionsPerAddress', type: 'number' },
  TOWNSHIP_MAX_CONNECTIONS: { path: 'http.maxConnections', type: 'number' },
  TOWNSHIP_MAX_REQUESTS_IN_FLIGHT: { path: 'http.maxRequestsInFlight', type: 'number' },
  TOWNSHIP_MAX_WORK_IN_FLIGHT: { path: 'http.maxWorkInFlight', type: 'number' },
  TOWNSHIP_OVERLOAD_LAG_MS: { path: 'http.overloadLagMs', type: 'number' },
  TOWNSHIP_TRUST_PROXY: { path: 'http.trustProxy', type: 'string' },
  TOWNSHIP_TOMBSTONE_RETENTION_DAYS: { path: 'feed.tombstoneRetentionDays', type: 'number' },
  TOWNSHIP_SESSION_HOURS: { path: 'officials.sessionHours', type: 'number' },
  TOWNSHIP_LOGIN_MAX_FAILURES: { path: 'officials.loginMaxFailures', type: 'number' },
  TOWNSHIP_LOGIN_LOCKOUT_SECONDS: { path: 'officials.loginLockoutSeconds', type: 'number' },
  TOWNSHIP_LOG_LEVEL: { path: 'log.level', type: 'string' },
  TOWNSHIP_PUBLIC_URL: { path: 'publicUrl', type: 'string' },
  TOWNSHIP_CARD_VALIDITY_DAYS: { path: 'cards.validityDays', type: 'number' },
  TOWNSHIP_PDF_FONT_FILE: { path: 'pdf.fontFile', type: 'string' },
  TOWNSHIP_SIGNING_KEY_FILE: { path: 'signingKeyFile', type: 'string' },
} as const satisfies Record<string, { path: string; type: 'string' | 'number' }>;

export class TownshipConfigError extends Error {
  override name = 'TownshipConfigError';
}

export interface LoadTownshipConfigOptions {
  file?: string | undefined;
  required?: boolean;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export function loadTownshipConfig(opts: LoadTownshipConfigOptions = {}): TownshipConfig {
  const config = readLayeredConfig({
    schema: TownshipConfigSchema,
    envOverrides: TOWNSHIP_ENV_OVERRIDES,
    file: opts.file,
    required: opts.required ?? false,
    env: opts.env ?? process.env,
    label: 'township config error',
    fail: (message) => new TownshipConfigError(message),
  });
  return { ...config, dataDir: path.resolve(opts.cwd ?? process.cwd(), config.dataDir) };
}

/** TOWNSHIP_CONFIG names a file that must exist; otherwise an optional township.config.json in the working directory. */
export function loadTownshipConfigFromEnvironment(env: NodeJS.ProcessEnv = process.env): TownshipConfig {
  return loadTownshipConfig({ file: env.TOWNSHIP_CONFIG || 'township.config.json', required: Boolean(env.TOWNSHIP_CONFIG), env });
}
