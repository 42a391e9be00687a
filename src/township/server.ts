// The township server: one fastify app over one SqlStore (SQLite in the data directory, or
// PostgreSQL: store/open-store.ts).
//   /v1/kiosks/...   kiosk-facing relay + signed change feed (relay-routes.ts)
//   /officials/...   the officials' web page (web/officials.ts)
//   /healthz         liveness + the public key
//   /policies, /jobs, /villages, /status   public phone pages (public/pages.ts)
import Fastify, { type FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ensurePrivateDir, securePrivateTree } from '../files/private.js';
import { createFileLogger, type Logger } from '../log/logger.js';
import type { TownshipConfig } from './config.js';
import { openTownshipStore } from './store/open-store.js';
import type { SqlStore } from './store/sql-store.js';
import { compactFeed } from './feed.js';
import { loadOrCreateSigningKey, type TownshipKey } from './keys.js';
import { guardConnections } from './connection-guard.js';
import { admissionControl, type Admission } from './admission.js';
import { logConnectionTrouble } from './connection-log.js';
import { feedMarks } from './feed-marks.js';
import { flushLastSeen } from './kiosks.js';
import { trustedProxies } from './trusted-proxies.js';
import { registerRelayRoutes, RELAY_PUT_MAX_BYTES } from './relay-routes.js';
import { HttpProblem } from '../shared/http-problem.js';
import { registerOfficialRoutes } from './web/officials.js';
import { registerPublicPages } from './public/pages.js';

export interface Township {
  url: string;
  port: number;
  /** The officials' page. */
  officialsUrl: string;
  publicKey: string;
  keyId: string;
  config: TownshipConfig;
  store: SqlStore;
  key: TownshipKey;
  app: FastifyInstance;
  log: Logger;
  admission: Admission;
  /** Writes the in-memory last-seen times now (also done every minute and at stop). */
  flushLastSeen(): Promise<number>;
  stop(): Promise<void>;
}

export interface StartTownshipOptions {
  log?: Logger;
  now?: () => Date;
}

export async function startTownship(config: TownshipConfig, opts: StartTownshipOptions = {}): Promise<Township> {
  // Officials' password hashes, villagers' requests, the signing key: 0700 / 0600, tightened now if looser.
  ensurePrivateDir(config.dataDir);
  securePrivateTree(config.dataDir);
  const log = opts.log ?? createFileLogger({ dir: path.join(config.dataDir, 'logs'), name: 'township.log', level: config.log.level });
  const now = opts.now ?? (() => new Date());
  const key = loadOrCreateSigningKey(config);
  if (key.created) log.info('signing-key-created', { file: key.file, keyId: key.keyId });
  const store = await openTownshipStore(config, log);
  const tls = config.http.tlsCertFile && config.http.tlsKeyFile ? { cert: readFileSync(config.http.tlsCertFile), key: readFileSync(config.http.tlsKeyFile) } : null;

  // Timeouts: headers and the whole request must arrive in time (a slow body is cut), idle
  // keep-alive connections close, and node checks these every second (default: 30 s).
  const h = config.http;
  const proxies = trustedProxies(h.trustProxy);
  const serverOptions = { headersTimeout: h.headersTimeoutSeconds * 1000, requestTimeout: h.requestTimeoutSeconds * 1000, connectionsCheckingInterval: 1000 };
  const app = Fastify({
    logger: false,
    bodyLimit: RELAY_PUT_MAX_BYTES,
    forceCloseConnections: true,
    return503OnClosing: true,
    requestTimeout: h.requestTimeoutSeconds * 1000,
    keepAliveTimeout: h.keepAliveTimeoutSeconds * 1000,
    // A socket with no traffic at all for this long is closed (covers a stalled trickle too).
    connectionTimeout: (Math.max(h.requestTimeoutSeconds, h.keepAliveTimeoutSeconds) + 10) * 1000,
    // req.ip / req.protocol from X-Forwarded-* only when the peer is a configured proxy.
    trustProxy: proxies.fastifyOption,
    ...(tls ? { https: { ...tls, ...serverOptions } } : { http: serverOptions }),
  }) as unknown as FastifyInstance;
  app.server.headersTimeout = serverOptions.headersTimeout;
  app.server.maxConnections = h.maxConnections;
  // (A trusted proxy carries every client: it is not capped here; it limits its own clients.)
  guardConnections(app.server, { maxPerAddress: h.maxConnectionsPerAddress, exempt: (a) => proxies.isTrusted(a), log });
  logConnectionTrouble(app.server, log, { maxConnections: h.maxConnections });
  // First hook: a busy township refuses kiosk calls before any token check or body read.
  const admission = admissionControl(app, { maxInFlight: h.maxRequestsInFlight, maxWorkInFlight: h.maxWorkInFlight, maxLagMs: h.overloadLagMs, retryAfterSeconds: { min: 5, max: 30 }, log });

  // Kiosk calls (/v1/) take JSON; the officials' pages take only HTML forms, whose values are
  // always strings. Anything else is a clear 415 before any handler runs.
  const isOfficials = (url: string) => url === '/officials' || url.startsWith('/officials/');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (isOfficials(req.url)) {
      done(new HttpProblem(415, 'form-only', "The officials' pages take HTML forms only (application/x-www-form-urlencoded), not JSON."), undefined);
      return;
    }
    (req as { rawBody?: string }).rawBody = body as string; // relay hashes check these exact bytes
    try {
      done(null, body === '' ? null : JSON.parse(body as string));
    } catch {
      done(new HttpProblem(422, 'bad-json', 'The body is not valid JSON.'), undefined);
    }
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (req, body, done) => {
    if (!isOfficials(req.url)) {
      done(new HttpProblem(415, 'json-only', 'The kiosk API takes application/json bodies only.'), undefined);
      return;
    }
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  // Cookies are Secure whenever the request came over TLS: directly, or through a trusted
  // proxy that says so (X-Forwarded-Proto: https; req.protocol believes only trusted proxies).
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.protocol !== 'https') return payload;
    const set = reply.getHeader('set-cookie');
    if (set === undefined) return payload;
    const secure = (c: string) => (/;\s*Secure(;|$)/i.test(c) ? c : `${c}; Secure`);
    const cookies = (Array.isArray(set) ? set : [set]).map((c) => secure(String(c)));
    reply.removeHeader('set-cookie'); // (reply.header appends Set-Cookie values)
    void reply.header('set-cookie', cookies);
    return payload;
  });

  app.addHook('onRequest', async (_req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
  });

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    let status = 500;
    let code = 'internal';
    let message = 'The township server hit an unexpected problem with this request. It has been logged.';
    let headers: Record<string, string> = {};
    if (err instanceof HttpProblem) ({ status, code, message, headers } = err);
    else if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      // A single request that big is invalid (park it); a batch that big should be split.
      const isBatch = req.url.includes(':batch');
      [status, code, message] = isBatch ? [413, 'too-large', 'The batch body is larger than 256 KB; send fewer items per batch.'] : [422, 'too-large', `The request body is larger than ${RELAY_PUT_MAX_BYTES} bytes.`];
    } else if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') [status, code, message] = [415, 'bad-content-type', 'Send JSON (application/json) or a form.'];
    else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) [status, code, message] = [err.statusCode, 'bad-request', err.message];
    const fields = { method: req.method, path: req.url.split('?')[0], status, code, message };
    if (status >= 500) log.error('request-failed', { ...fields, error: err });
    else log.warn('request-rejected', fields);
    void reply.status(status).headers(headers).header('content-type', 'application/json; charset=utf-8').send({ error: { code, message } });
  });

  app.get('/healthz', async () => ({ ok: true, publicKey: key.publicKey, keyId: key.keyId }));
  registerRelayRoutes(app, { store, key, log, now });
  const officials = registerOfficialRoutes(app, { store, key, log, now, config });
  registerPublicPages(app, { store, now, townshipName: config.name });

  // Background work never throws out of its timer: a failure is logged and tried again next time.
  const compact = async () => {
    try {
      const n = await compactFeed(store, config.feed.tombstoneRetentionDays, now());
      if (n) log.info('feed-compacted', { tombstonesDropped: n });
    } catch (e) {
      log.error('feed-compaction-failed', { error: e });
    }
  };
  await compact();
  const compactTimer = setInterval(() => void compact(), 6 * 3600_000);
  compactTimer.unref();

  // The feed's in-memory high-water marks (cheap polls): each poll brings them up to date with
  // one table-less statement (feed-marks.ts); loading them now keeps the first poll cheap.
  const marks = feedMarks(store);
  try {
    await marks.refresh();
  } catch (e) {
    log.error('feed-marks-refresh-failed', { error: e });
  }
  const flushSeen = async () => {
    try {
      return await flushLastSeen(store);
    } catch (e) {
      log.error('last-seen-flush-failed', { error: e });
      return 0;
    }
  };
  const seenTimer = setInterval(() => void flushSeen(), 60_000);
  seenTimer.unref();
  const stopTimers = () => {
    clearInterval(compactTimer);
    clearInterval(seenTimer);
    admission.stop();
  };

  try {
    await app.listen({ host: config.http.host, port: config.http.port });
  } catch (e) {
    stopTimers();
    await store.close();
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') throw new Error(`port ${config.http.port} on ${config.http.host} is already in use; set TOWNSHIP_PORT to another port (0 picks a free one)`);
    throw e;
  }
  const port = (app.server.address() as AddressInfo).port;
  const shownHost = config.http.host === '0.0.0.0' || config.http.host === '::' ? '127.0.0.1' : config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host;
  const url = `${tls ? 'https' : 'http'}://${shownHost}:${port}/`;
  officials.setSecureCookies(Boolean(tls));
  log.info('township-started', { url, dataDir: config.dataDir, keyId: key.keyId });
  let stopped = false;
  return {
    url,
    port,
    officialsUrl: `${url}officials/`,
    publicKey: key.publicKey,
    keyId: key.keyId,
    config,
    store,
    key,
    app,
    log,
    admission,
    flushLastSeen: flushSeen,
    async stop() {
      if (stopped) return;
      stopped = true;
      stopTimers();
      await app.close();
      await flushSeen();
      await store.close();
      log.info('township-stopped', {});
      log.close();
    },
  };
}
