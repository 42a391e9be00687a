// The kiosk's configuration: one schema, with the embedded defaults that let
// `npm start` run with no config file at all.
import { z } from 'zod';

const localized = (zh: string, en: string) => z.object({ 'zh-CN': z.string().min(1), en: z.string().min(1) }).default({ 'zh-CN': zh, en });

export const ConfigSchema = z
  .object({
    kioskId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, dot, dash or underscore (1-64)').default('demo-kiosk'),
    hallName: localized('村便民服务大厅', 'Village Service Hall'),
    /** Where the database, logs and keys live. Relative paths are resolved from the working directory. */
    dataDir: z.string().min(1).default('.kiosk-data'),
    http: z
      .object({
        port: z.number().int().min(0).max(65535).default(8420),
      })
      .strict()
      .default({ port: 8420 }),
    ui: z
      .object({
        idleWarnSeconds: z.number().int().min(10).max(3600).default(90),
        idleResetSeconds: z.number().int().min(5).max(600).default(30),
        devPanel: z.boolean().default(false),
      })
      .strict()
      .default({ idleWarnSeconds: 90, idleResetSeconds: 30, devPanel: false }),
    township: z
      .object({
        /** Base URL of the township server; null runs the kiosk on its own (requests stay queued). */
        url: z.string().url('an http(s) URL').nullable().default(null),
        /** Per-kiosk token issued by the township. */
        kioskToken: z.string().min(16, 'at least 16 characters').nullable().default(null),
        /** The township's Ed25519 public key, base64 of the 32 raw bytes. */
        publicKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'base64 of a 32-byte Ed25519 public key').nullable().default(null),
        /** Public web address for "continue on your phone" QR codes; null hides them. */
        publicUrl: z.string().url('an http(s) URL').nullable().default(null),
        syncIntervalSeconds: z.number().int().min(5).max(86400).default(60),
      })
      .strict()
      .default({ url: null, kioskToken: null, publicKey: null, publicUrl: null, syncIntervalSeconds: 60 }),
    log: z
      .object({
        level: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
        maxFileBytes: z.number().int().min(10_000).default(5_000_000),
        maxFiles: z.number().int().min(1).max(50).default(5),
      })
      .strict()
      .default({ level: 'info', maxFileBytes: 5_000_000, maxFiles: 5 }),
  })
  .strict();

export type KioskConfig = z.output<typeof ConfigSchema>;

/**
 * Environment overrides: each variable sets one key. The type says how the text is read.
 * README.md lists these; tests/unit/config checks the README does.
 */
export const ENV_OVERRIDES = {
  KIOSK_ID: { path: 'kioskId', type: 'string' },
  KIOSK_DATA_DIR: { path: 'dataDir', type: 'string' },
  KIOSK_HTTP_PORT: { path: 'http.port', type: 'number' },
  KIOSK_IDLE_WARN_SECONDS: { path: 'ui.idleWarnSeconds', type: 'number' },
  KIOSK_IDLE_RESET_SECONDS: { path: 'ui.idleResetSeconds', type: 'number' },
  KIOSK_DEV_PANEL: { path: 'ui.devPanel', type: 'boolean' },
  KIOSK_TOWNSHIP_URL: { path: 'township.url', type: 'string' },
  KIOSK_TOWNSHIP_TOKEN: { path: 'township.kioskToken', type: 'string' },
  KIOSK_TOWNSHIP_PUBLIC_KEY: { path: 'township.publicKey', type: 'string' },
  KIOSK_TOWNSHIP_PUBLIC_URL: { path: 'township.publicUrl', type: 'string' },
  KIOSK_SYNC_INTERVAL_SECONDS: { path: 'township.syncIntervalSeconds', type: 'number' },
  KIOSK_LOG_LEVEL: { path: 'log.level', type: 'string' },
} as const satisfies Record<string, { path: string; type: 'string' | 'number' | 'boolean' }>;
