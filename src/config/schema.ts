// The kiosk's configuration: one schema, with the embedded defaults that let
// `npm start` run with no config file at all.
import { z } from 'zod';
import { Pronunciations } from '../protocol/pronunciations.js';

/** An http:// or https:// address (zod's url() alone also takes ftp:, javascript: and the like). */
const httpUrl = () => z.string().url('an http(s) URL').regex(/^https?:\/\//i, 'an http(s) URL');

const localized = (zh: string, en: string) => z.object({ 'zh-CN': z.string().min(1), en: z.string().min(1) }).default({ 'zh-CN': zh, en });

/** A USB id as a number or a hex/decimal string ("0x1eab", "7851"); null = not set. */
const usbId = z
  .union([z.number().int().min(0).max(0xffff), z.string().regex(/^(0x[0-9a-fA-F]{1,4}|\d{1,5})$/, 'a USB id such as 0x1eab').transform((s) => Number(s))])
  .refine((n) => n >= 0 && n <= 0xffff, 'a USB id is 0-0xffff')
  .nullable();

// ---- scanner (hardware feature; see resources/udev/99-village-kiosk.rules) ----------------
const SCANNER_DEFAULTS = { mode: 'auto' as const, vendorId: null, productId: null, hidBackend: 'auto' as const, simulatorPath: null, stateFile: null, encoding: 'auto' as const };
export const ScannerConfigSchema = z
  .object({
    /** auto: HID POS (usage page 0x8C) or a known scanner vendor's keyboard interface. */
    mode: z
      .enum(['auto', 'hid-pos', 'hid-keyboard', 'simulator', 'state-file', 'none'])
      .nullable()
      .default('auto')
      .transform((m) => m ?? 'none'), // env "none" arrives as null
    vendorId: usbId.default(null),
    productId: usbId.default(null),
    /** Linux node-hid backend. auto = libusb for hid-keyboard (exclusive: keystrokes do not leak), hidraw otherwise. */
    hidBackend: z.enum(['auto', 'hidraw', 'libusb']).default('auto'),
    /** mode simulator: a file or FIFO with one payload per line. */
    simulatorPath: z.string().min(1).nullable().default(null),
    /** mode state-file: JSON {connected, pendingScans} that tests and the dev panel flip. */
    stateFile: z.string().min(1).nullable().default(null),
    /** How scanned bytes are read: auto (the more plausible of UTF-8 and GB18030), or pinned. */
    encoding: z.enum(['auto', 'utf-8', 'gb18030']).default('auto'),
  })
  .strict()
  .default(SCANNER_DEFAULTS);

// ---- printer (src/devices/printer/module.ts; udev: resources/udev/99-village-kiosk-printer.rules)
const PRINTER_DEFAULTS = {
  sink: 'none' as const,
  path: null,
  queue: null,
  host: null,
  port: 9100,
  paperWidth: 58 as const,
  statusTimeoutMs: 1000,
  disconnectDebounceMs: 3000,
  pollSeconds: 5,
};
export const PrinterConfigSchema = z
  .object({
    /** none: printing hidden. device: a device file (/dev/usb/lp0). cups: `lp -d queue -o raw`. tcp: host:9100. state-file / memory: fakes. */
    sink: z
      .enum(['none', 'device', 'cups', 'tcp', 'state-file', 'memory'])
      .nullable()
      .default('none')
      .transform((m) => m ?? 'none'), // env "none" arrives as null
    /** sink device: the device file (default /dev/usb/lp0); sink state-file: the JSON state file (default <dataDir>/printer-state.json). */
    path: z.string().min(1).nullable().default(null),
    /** sink cups: the CUPS queue name. */
    queue: z.string().regex(/^[A-Za-z0-9._-]{1,127}$/, 'a CUPS queue name (letters, digits, dot, dash, underscore)').nullable().default(null),
    /** sink tcp: the printer's address. */
    host: z.string().min(1).max(253).nullable().default(null),
    port: z.number().int().min(1).max(65535).default(9100),
    /** 58 mm (384 dots, 32 columns) or 80 mm (576 dots, 48 columns) paper. */
    paperWidth: z.union([z.literal(58), z.literal(80)]).default(58),
    /** How long to wait for each DLE EOT status answer (and a TCP connect). */
    statusTimeoutMs: z.number().int().min(50).max(10_000).default(1000),
    /** "Disconnected" must last this long before the UI shows it (and a print retries within it). */
    disconnectDebounceMs: z.number().int().min(0).max(60_000).default(3000),
    /** How often the printer's status is read. */
    pollSeconds: z.number().min(0.2).max(3600).default(5),
  })
  .strict()
  .default(PRINTER_DEFAULTS);

const ATTENDANT_DEFAULTS = { demoBadge: null, demoPin: null, sessionMinutes: 15, idleSignOutSeconds: 120 };
export const AttendantConfigSchema = z
  .object({
    /** Seeds this badge with demoPin on first run (no badges yet). For demos and tests only. */
    demoBadge: z.string().regex(/^[A-Za-z0-9-]{3,40}$/).nullable().default(null),
    demoPin: z.string().regex(/^\d{4,8}$/, '4-8 digits').nullable().default(null),
    sessionMinutes: z.number().int().min(1).max(240).default(15),
    /** The attendant screen signs out after this long without a touch. */
    idleSignOutSeconds: z.number().int().min(30).max(3600).default(120),
  })
  .strict()
  .default(ATTENDANT_DEFAULTS);

// ---- service requests and their relay (requests feature; src/requests, src/relay) --------
const RELAY_DEFAULTS = { backoffBaseSeconds: 30, backoffCapSeconds: 900, backoffMinSeconds: 1, timeoutSeconds: 20, batchThreshold: 5 };
const REQUESTS_DEFAULTS = {
  hallPhone: null,
  cancelWindowMinutes: 10,
  purgeAfterDays: 30,
  villages: [
    { 'zh-CN': '南大里村', en: 'Nandali' },
    { 'zh-CN': '张家湾村', en: 'Zhangjiawan' },
    { 'zh-CN': '小李村', en: 'Xiaoli' },
    { 'zh-CN': '龙泉村', en: 'Longquan' },
  ],
  relay: RELAY_DEFAULTS,
};
export const RequestsConfigSchema = z
  .object({
    /** The hall's phone, printed on receipts when no official's phone is known. Digits only. */
    hallPhone: z.string().regex(/^\d{5,15}$/, 'digits only, e.g. 03595551234').nullable().default(null),
    /** How long an unsent request can be cancelled. */
    cancelWindowMinutes: z.number().int().min(0).max(60).default(10),
    /** Days after the township acknowledged a request until the kiosk removes its phone, name and household id (src/requests/purge.ts). */
    purgeAfterDays: z.number().int().min(1).max(3650).default(30),
    /** Villages offered as big choices on the agronomist form (the zh-CN name is what is sent). */
    villages: z.array(z.object({ 'zh-CN': z.string().min(1).max(40), en: z.string().min(1).max(40) })).min(1).max(40).default(REQUESTS_DEFAULTS.villages),
    relay: z
      .object({
        /** Ceiling of the first retry delay; doubles per attempt up to backoffCapSeconds (full jitter). */
        backoffBaseSeconds: z.number().min(0.01).max(3600).default(30),
        backoffCapSeconds: z.number().min(0.01).max(86400).default(900),
        backoffMinSeconds: z.number().min(0).max(600).default(1),
        timeoutSeconds: z.number().min(0.1).max(600).default(20),
        /** Use the batch endpoint when more than this many requests are waiting. */
        batchThreshold: z.number().int().min(0).max(10000).default(5),
      })
      .strict()
      .default(RELAY_DEFAULTS),
  })
  .strict()
  .default(REQUESTS_DEFAULTS);

// ---- read aloud (src/speech; docs/speech.md) ---------------------------------------------
/** Voices that must never be used: on Debian 12 they read letters and tone digits aloud. */
const BROKEN_ZH_VOICES = ['cmn', 'zh', 'zh-cmn', 'cmn-latn', 'sit/cmn'];
const SPEECH_DEFAULTS = {
  engine: 'auto' as const,
  espeakPath: 'espeak-ng',
  voices: { 'zh-CN': 'cmn-latn-pinyin', en: 'en-us' },
  rate: 130,
  timeoutMs: 8000,
  cacheMaxMb: 64,
  pronunciations: {},
};
export const SpeechConfigSchema = z
  .object({
    /** auto: espeak-ng when it is installed, else read-aloud off. memory: test tones (tests, demos). none: off. */
    engine: z
      .enum(['auto', 'espeak-ng', 'memory', 'none'])
      .nullable()
      .default('auto')
      .transform((m) => m ?? 'none'), // env "none" arrives as null
    /** The espeak-ng executable: a name on PATH or a full path (Windows: C:\\Program Files\\eSpeak NG\\espeak-ng.exe). */
    espeakPath: z.string().min(1).max(500).default('espeak-ng'),
    voices: z
      .object({
        'zh-CN': z
          .string()
          .regex(/^[A-Za-z0-9/_-]{1,60}$/)
          .refine((v) => !BROKEN_ZH_VOICES.includes(v.toLowerCase()), 'espeak-ng\'s "cmn"/"zh" voices read letters and tone digits aloud on Debian 12; use "cmn-latn-pinyin"')
          .default('cmn-latn-pinyin'),
        en: z.string().regex(/^[A-Za-z0-9/_-]{1,60}$/).default('en-us'),
      })
      .strict()
      .default(SPEECH_DEFAULTS.voices),
    /** Words per minute; espeak-ng's default 175 is too fast for older listeners. */
    rate: z.number().int().min(80).max(174).default(130),
    /** One sentence must be synthesised within this time, or espeak-ng is stopped. */
    timeoutMs: z.number().int().min(500).max(60_000).default(8000),
    /** Size limit of the audio cache in <dataDir>/speech-cache. */
    cacheMaxMb: z.number().min(1).max(4096).default(64),
    /** Local place and person names: word -> tone-numbered pinyin ({"曾家庄": "zeng1 jia1 zhuang1"}). */
    pronunciations: Pronunciations.default({}),
  })
  .strict()
  .default(SPEECH_DEFAULTS);

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
        /** Text size each villager's session starts with (they can change it in the header). */
        defaultTextSize: z.enum(['normal', 'large', 'largest']).default('normal'),
        /**
         * The one default volume: the volume step (1 = quietest of 4, 4 = loudest) every villager
         * starts on, for read-aloud and the scan tones alike; the idle wipe goes back to it.
         * (Replaces speech.defaultVolume and the old 0-100 percentage: src/config/legacy-keys.ts.)
         */
        defaultVolume: z.number().int().min(1, 'a volume step 1-4 (1 = quietest)').max(4, 'a volume step 1-4 (4 = loudest)').default(3),
      })
      .strict()
      .default({ idleWarnSeconds: 90, idleResetSeconds: 30, devPanel: false, defaultTextSize: 'normal', defaultVolume: 3 }),
    /**
     * Hall opening hours, local time "HH:MM". The Electron shell keeps the display awake
     * between them (power-save blocker); outside them the screen may sleep and wakes on a touch.
     * null: always awake.
     */
    hallHours: z
      .object({
        open: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time such as "08:00"'),
        close: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time such as "18:00"'),
      })
      .strict()
      .nullable()
      .default({ open: '08:00', close: '18:00' }),
    township: z
      .object({
        /** Base URL of the township server; null runs the kiosk on its own (requests stay queued). */
        url: httpUrl().nullable().default(null),
        /** Per-kiosk token issued by the township. */
        kioskToken: z.string().min(16, 'at least 16 characters').nullable().default(null),
        /** The township's Ed25519 public key, base64 of the 32 raw bytes. */
        publicKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'base64 of a 32-byte Ed25519 public key').nullable().default(null),
        /** Public web address for "continue on your phone" QR codes; null hides them. */
        publicUrl: httpUrl().nullable().default(null),
        syncIntervalSeconds: z.number().int().min(5).max(86400).default(60),
      })
      .strict()
      .default({ url: null, kioskToken: null, publicKey: null, publicUrl: null, syncIntervalSeconds: 60 }),
    // Hardware. The printer adds its own key beside `scanner`.
    devices: z
      .object({
        scanner: ScannerConfigSchema,
        printer: PrinterConfigSchema,
      })
      .strict()
      .default({ scanner: SCANNER_DEFAULTS, printer: PRINTER_DEFAULTS }),
    attendant: AttendantConfigSchema,
    requests: RequestsConfigSchema,
    speech: SpeechConfigSchema,
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
  KIOSK_DEFAULT_TEXT_SIZE: { path: 'ui.defaultTextSize', type: 'string' },
  KIOSK_DEFAULT_VOLUME: { path: 'ui.defaultVolume', type: 'number' },
  KIOSK_ATTENDANT_IDLE_SECONDS: { path: 'attendant.idleSignOutSeconds', type: 'number' },
  KIOSK_TOWNSHIP_URL: { path: 'township.url', type: 'string' },
  KIOSK_TOWNSHIP_TOKEN: { path: 'township.kioskToken', type: 'string' },
  KIOSK_TOWNSHIP_PUBLIC_KEY: { path: 'township.publicKey', type: 'string' },
  KIOSK_TOWNSHIP_PUBLIC_URL: { path: 'township.publicUrl', type: 'string' },
  KIOSK_SYNC_INTERVAL_SECONDS: { path: 'township.syncIntervalSeconds', type: 'number' },
  KIOSK_LOG_LEVEL: { path: 'log.level', type: 'string' },
  KIOSK_SCANNER_MODE: { path: 'devices.scanner.mode', type: 'string' },
  KIOSK_SCANNER_VENDOR_ID: { path: 'devices.scanner.vendorId', type: 'string' },
  KIOSK_SCANNER_PRODUCT_ID: { path: 'devices.scanner.productId', type: 'string' },
  KIOSK_SCANNER_HID_BACKEND: { path: 'devices.scanner.hidBackend', type: 'string' },
  KIOSK_SCANNER_SIMULATOR_PATH: { path: 'devices.scanner.simulatorPath', type: 'string' },
  KIOSK_SCANNER_STATE_FILE: { path: 'devices.scanner.stateFile', type: 'string' },
  KIOSK_SCANNER_ENCODING: { path: 'devices.scanner.encoding', type: 'string' },
  KIOSK_ATTENDANT_DEMO_BADGE: { path: 'attendant.demoBadge', type: 'string' },
  KIOSK_ATTENDANT_DEMO_PIN: { path: 'attendant.demoPin', type: 'string' },
  KIOSK_PRINTER_SINK: { path: 'devices.printer.sink', type: 'string' },
  KIOSK_PRINTER_PATH: { path: 'devices.printer.path', type: 'string' },
  KIOSK_PRINTER_QUEUE: { path: 'devices.printer.queue', type: 'string' },
  KIOSK_PRINTER_HOST: { path: 'devices.printer.host', type: 'string' },
  KIOSK_PRINTER_PORT: { path: 'devices.printer.port', type: 'number' },
  KIOSK_PRINTER_PAPER_WIDTH: { path: 'devices.printer.paperWidth', type: 'number' },
  KIOSK_PRINTER_POLL_SECONDS: { path: 'devices.printer.pollSeconds', type: 'number' },
  KIOSK_SPEECH_ENGINE: { path: 'speech.engine', type: 'string' },
  KIOSK_SPEECH_ESPEAK_PATH: { path: 'speech.espeakPath', type: 'string' },
  KIOSK_SPEECH_RATE: { path: 'speech.rate', type: 'number' },
  /** Deprecated: read as ui.defaultVolume (src/config/legacy-keys.ts). */
  KIOSK_SPEECH_VOLUME: { path: 'speech.defaultVolume', type: 'number' },
  KIOSK_HALL_PHONE: { path: 'requests.hallPhone', type: 'string' },
  KIOSK_PURGE_AFTER_DAYS: { path: 'requests.purgeAfterDays', type: 'number' },
  KIOSK_RELAY_BACKOFF_BASE_SECONDS: { path: 'requests.relay.backoffBaseSeconds', type: 'number' },
  KIOSK_RELAY_BACKOFF_CAP_SECONDS: { path: 'requests.relay.backoffCapSeconds', type: 'number' },
} as const satisfies Record<string, { path: string; type: 'string' | 'number' | 'boolean' }>;
