// The loopback HTTP server: the built UI, the RPC calls and the event stream.
// Listens on 127.0.0.1 only. Every request passes the Host/Origin guard; RPC calls and the
// event stream also need the session token, either as the HttpOnly SameSite=Strict cookie a
// one-time launch code is swapped for (GET /?launch=CODE, see launch-codes.ts), or as
// "Authorization: Bearer" from a client the kiosk's own OS user runs. The page itself never
// carries the token. A bad call gets a 4xx with a message written for whoever reads the log,
// and never takes the runtime down.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { AddressInfo } from 'node:net';
import { calls, events, isCallName, MAX_BODY_BYTES, paths, type CallName, type EventName, type Handlers } from '../contract/index.js';
import type { EventBus } from '../events/bus.js';
import type { Logger } from '../log/logger.js';
import { bearer, hostAllowed, originAllowed, tokenMatches } from './guards.js';
import { createLaunchCodeRedeemer, LAUNCH_QUERY, launchUrlFor, newLaunchKey } from './launch-codes.js';
import { CONTENT_SECURITY_POLICY, createStaticSite } from './static.js';
import { createScanHold } from './scan-hold.js';
import { HttpProblem } from '../shared/http-problem.js';
import { describeZod } from '../shared/zod-message.js';

export interface RpcServerOptions {
  handlers: Handlers;
  bus: EventBus;
  log: Logger;
  token: string;
  /** Key for one-time launch codes (launch-codes.ts); a random one when not given. */
  launchKey?: string;
  rendererDir: string;
  port: number;
  /** Events sent to each new subscriber first, so a fresh screen knows the current state. */
  snapshot: () => Array<{ name: EventName; payload: unknown }>;
  heartbeatMs?: number;
  /** Whether a token is a live attendant session; calls marked 'attendant' need one. */
  attendantSession?: (token: string) => boolean;
  /** How long a routed scan is held for a screen that is (re)connecting (default 5 s). */
  scanHoldMs?: number;
}

export interface RpcServer {
  url: string;
  port: number;
  /** The name of the session cookie (per port: cookies do not tell ports apart). */
  cookieName: string;
  /** The URL with a fresh one-time launch code. */
  launchUrl(): string;
  close(): Promise<void>;
  app: FastifyInstance;
}

export async function startRpcServer(opts: RpcServerOptions): Promise<RpcServer> {
  const log = opts.log.child({ component: 'rpc' });
  const app = Fastify({ bodyLimit: MAX_BODY_BYTES, logger: false, forceCloseConnections: true, return503OnClosing: true });
  let port = opts.port;
  const launchKey = opts.launchKey ?? newLaunchKey();
  const launchCodes = createLaunchCodeRedeemer(launchKey);
  const cookieName = () => `kiosk_session_${port}`;
  const cookieToken = (req: FastifyRequest): string | undefined => {
    const name = cookieName();
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const i = part.indexOf('=');
      if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
    }
    return undefined;
  };
  const hasSession = (req: FastifyRequest, presented: string | undefined) => tokenMatches(presented, opts.token) || tokenMatches(cookieToken(req), opts.token);
  const site = { current: null as ReturnType<typeof createStaticSite> | null };
  const streams = new Set<FastifyReply>();
  const scanHold = createScanHold(opts.bus, opts.scanHoldMs !== undefined ? { holdMs: opts.scanHoldMs } : {});

  // Only JSON bodies: a cross-site form post cannot send one without a CORS preflight, which we never answer.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, body === '' ? {} : JSON.parse(body as string));
    } catch {
      done(new HttpProblem(400, 'bad-json', 'The request body is not valid JSON.'), undefined);
    }
  });

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('cross-origin-resource-policy', 'same-origin');
    if (!hostAllowed(req.headers.host, port)) {
      throw new HttpProblem(403, 'bad-host', `Host "${req.headers.host ?? ''}" is not this kiosk; open http://127.0.0.1:${port}/ instead.`);
    }
    if (!originAllowed(req.headers.origin, port)) {
      throw new HttpProblem(403, 'bad-origin', `Requests from origin "${req.headers.origin}" are not allowed.`);
    }
  });

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    let status = 500;
    let code = 'internal';
    let message = 'The kiosk hit an unexpected problem with this request. It has been logged.';
    if (err instanceof HttpProblem) ({ status, code, message } = err);
    else if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') [status, code, message] = [413, 'too-large', `The request body is larger than ${MAX_BODY_BYTES} bytes.`];
    else if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') [status, code, message] = [415, 'bad-content-type', 'Send the call as application/json.'];
    else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) [status, code, message] = [err.statusCode, 'bad-request', err.message];
    const fields = { method: req.method, path: req.url.split('?')[0], status, code, message };
    if (status >= 500) log.error('request-failed', { ...fields, error: err });
    else log.warn('request-rejected', fields);
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send({ error: { code, message } });
  });

  app.post(`${paths.rpcPrefix}:name`, async (req: FastifyRequest<{ Params: { name: string } }>, reply) => {
    if (!hasSession(req, bearer(req.headers[paths.tokenHeader]))) {
      throw new HttpProblem(401, 'bad-token', 'Missing or wrong session token: open the kiosk through a launch link (npm run kiosk-url prints one).');
    }
    const name = req.params.name;
    if (!isCallName(name)) throw new HttpProblem(404, 'unknown-call', `There is no call named "${name.slice(0, 80)}".`);
    const spec = calls[name];
    if (spec.access === 'attendant') {
      const session = req.headers[paths.attendantHeader];
      if (typeof session !== 'string' || !opts.attendantSession?.(session)) {
        throw new HttpProblem(403, 'attendant-only', `Only a signed-in hall attendant can use ${name}: scan a staff badge and enter the PIN.`);
      }
    }
    const parsed = spec.input.safeParse(req.body ?? {});
    if (!parsed.success) throw new HttpProblem(400, 'bad-input', `Bad input for ${name}: ${describeZod(parsed.error)}`);
    const handler = opts.handlers[name] as (input: unknown) => unknown;
    const output = await handler(parsed.data);
    const checked = spec.output.safeParse(output);
    if (!checked.success) {
      log.error('bad-output', { call: name, message: describeZod(checked.error) });
      throw new HttpProblem(500, 'internal', `The kiosk produced an invalid answer to ${name}. It has been logged.`);
    }
    void reply.header('cache-control', 'no-store');
    return checked.data;
  });

  app.get(paths.events, (req: FastifyRequest<{ Querystring: Record<string, string | undefined> }>, reply) => {
    if (!hasSession(req, req.query[paths.tokenQuery])) {
      throw new HttpProblem(401, 'bad-token', 'Missing or wrong session token: open the kiosk through a launch link (npm run kiosk-url prints one).');
    }
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-content-type-options': 'nosniff',
    });
    const send = (name: EventName, payload: unknown, seq: number | null = name === 'scanRouted' ? scanHold.seqOf(payload) : null) => {
      const checked = events[name].safeParse(payload);
      if (!checked.success) {
        log.error('bad-event', { eventName: name, message: describeZod(checked.error) });
        return;
      }
      // Routed scans carry their number as the SSE id: a reconnecting EventSource sends it back.
      res.write(`${seq !== null ? `id: ${seq}\n` : ''}event: ${name}\ndata: ${JSON.stringify(checked.data)}\n\n`);
      if (seq !== null && name === 'scanRouted') scanHold.delivered(seq);
    };
    res.write(': connected\n\n');
    for (const e of opts.snapshot()) send(e.name, e.payload);
    const lastId = /^\d{1,15}$/.exec(String(req.headers['last-event-id'] ?? ''))?.[0];
    for (const h of scanHold.replay(lastId ? Number(lastId) : null)) send('scanRouted', h.payload, h.seq);
    const off = opts.bus.onAny((name, payload) => send(name, payload));
    const beat = setInterval(() => res.write(': keep-alive\n\n'), opts.heartbeatMs ?? 15_000);
    streams.add(reply);
    const done = () => {
      off();
      clearInterval(beat);
      streams.delete(reply);
    };
    req.raw.on('close', done);
    res.on('error', done);
  });

  // GET /?launch=CODE: a valid, unused code becomes the session cookie, then a redirect to /
  // so the code is not left in the address or the history. A used, expired or forged code
  // gets nothing (a browser that already holds the cookie is simply sent on to /).
  app.get('/', async (req: FastifyRequest<{ Querystring: Record<string, string | undefined> }>, reply) => {
    const code = req.query[LAUNCH_QUERY];
    if (code === undefined) {
      const file = site.current!.get('/');
      return reply.status(file.status).header('content-type', file.type).header('cache-control', file.cache).send(file.body);
    }
    const result = launchCodes.redeem(code);
    void reply.header('cache-control', 'no-store');
    if (result === 'ok') {
      log.info('launch-code-redeemed');
      return reply
        .status(303)
        .header('set-cookie', `${cookieName()}=${opts.token}; Path=/; HttpOnly; SameSite=Strict`)
        .header('location', '/')
        .send();
    }
    log.warn('launch-code-refused', { reason: result });
    if (tokenMatches(cookieToken(req), opts.token)) return reply.status(303).header('location', '/').send();
    const why = result === 'used' ? 'has already been used' : result === 'expired' ? 'has expired' : 'is not valid';
    return reply
      .status(403)
      .header('content-type', 'text/html; charset=utf-8')
      .send(
        `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>链接无效 Link not valid</title></head><body><h1>这个启动链接已失效</h1><p lang="en">This kiosk launch link ${why}. Staff: run <code>npm run kiosk-url</code> on the kiosk computer for a new one.</p></body></html>`,
      );
  });

  app.get('/*', async (req, reply) => {
    if (req.url.startsWith(paths.rpcPrefix)) throw new HttpProblem(405, 'use-post', 'RPC calls use POST.');
    const file = site.current!.get(req.url.split('?')[0]!);
    void reply.status(file.status).header('content-type', file.type).header('cache-control', file.cache);
    return file.body;
  });

  await app.listen({ host: '127.0.0.1', port: opts.port });
  port = (app.server.address() as AddressInfo).port;
  site.current = createStaticSite(opts.rendererDir);
  const url = `http://127.0.0.1:${port}/`;
  log.info('listening', { url });
  return {
    url,
    port,
    cookieName: cookieName(),
    launchUrl: () => launchUrlFor(url, launchKey),
    app,
    async close() {
      scanHold.dispose();
      for (const r of streams) r.raw.end();
      await app.close();
    },
  };
}

export type { CallName };
