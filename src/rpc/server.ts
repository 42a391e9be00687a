// The loopback HTTP server: the built UI, the RPC calls and the event stream.
// Listens on 127.0.0.1 only. Every request passes the Host/Origin guard; RPC calls and the
// event stream also need the per-launch session token. A bad call gets a 4xx with a message
// written for whoever reads the log, and never takes the runtime down.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { AddressInfo } from 'node:net';
import { calls, events, isCallName, MAX_BODY_BYTES, paths, type CallName, type EventName, type Handlers } from '../contract/index.js';
import type { EventBus } from '../events/bus.js';
import type { Logger } from '../log/logger.js';
import { bearer, hostAllowed, originAllowed, tokenMatches } from './guards.js';
import { CONTENT_SECURITY_POLICY, createStaticSite } from './static.js';
import { HttpProblem } from '../shared/http-problem.js';
import { describeZod } from '../shared/zod-message.js';

export interface RpcServerOptions {
  handlers: Handlers;
  bus: EventBus;
  log: Logger;
  token: string;
  rendererDir: string;
  port: number;
  /** Events sent to each new subscriber first, so a fresh screen knows the current state. */
  snapshot: () => Array<{ name: EventName; payload: unknown }>;
  heartbeatMs?: number;
  /** Whether a token is a live attendant session; calls marked 'attendant' need one. */
  attendantSession?: (token: string) => boolean;
}

export interface RpcServer {
  url: string;
  port: number;
  close(): Promise<void>;
  app: FastifyInstance;
}

export async function startRpcServer(opts: RpcServerOptions): Promise<RpcServer> {
  const log = opts.log.child({ component: 'rpc' });
  const app = Fastify({ bodyLimit: MAX_BODY_BYTES, logger: false, forceCloseConnections: true, return503OnClosing: true });
  let port = opts.port;
  const site = { current: null as ReturnType<typeof createStaticSite> | null };
  const streams = new Set<FastifyReply>();

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
    if (!tokenMatches(bearer(req.headers[paths.tokenHeader]), opts.token)) {
      throw new HttpProblem(401, 'bad-token', 'Missing or wrong session token; reload the kiosk screen.');
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
    if (!tokenMatches(req.query[paths.tokenQuery], opts.token)) {
      throw new HttpProblem(401, 'bad-token', 'Missing or wrong session token; reload the kiosk screen.');
    }
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-content-type-options': 'nosniff',
    });
    const send = (name: EventName, payload: unknown) => {
      const checked = events[name].safeParse(payload);
      if (!checked.success) {
        log.error('bad-event', { eventName: name, message: describeZod(checked.error) });
        return;
      }
      res.write(`event: ${name}\ndata: ${JSON.stringify(checked.data)}\n\n`);
    };
    res.write(': connected\n\n');
    for (const e of opts.snapshot()) send(e.name, e.payload);
    const off = opts.bus.onAny(send);
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

  app.get('/*', async (req, reply) => {
    if (req.url.startsWith(paths.rpcPrefix)) throw new HttpProblem(405, 'use-post', 'RPC calls use POST.');
    const file = site.current!.get(req.url.split('?')[0]!);
    void reply.status(file.status).header('content-type', file.type).header('cache-control', file.cache);
    return file.body;
  });

  await app.listen({ host: '127.0.0.1', port: opts.port });
  port = (app.server.address() as AddressInfo).port;
  site.current = createStaticSite(opts.rendererDir, opts.token);
  const url = `http://127.0.0.1:${port}/`;
  log.info('listening', { url });
  return {
    url,
    port,
    app,
    async close() {
      for (const r of streams) r.raw.end();
      await app.close();
    },
  };
}

export type { CallName };
