// A scriptable stand-in for the township's relay endpoints, on a real HTTP server
// (127.0.0.1:0). It follows src/protocol/relay.ts (201 / 200 identical / 409 different /
// 422 invalid / 401 bad token) and lets a test script odd answers per request id
// (503 + Retry-After, truncated bodies, dropped connections).
import Fastify, { type FastifyReply } from 'fastify';
import type { AddressInfo } from 'node:net';
import { canonicalRequestBytes, RelayRequest, type RelayAck } from '#protocol/relay.js';
import { createHash } from 'node:crypto';

export type Scripted = { status: number; body?: unknown; headers?: Record<string, string> } | 'truncate' | 'destroy';

export interface FakeTownship {
  url: string;
  token: string;
  /** Stored requests by id (what a real township would hold). */
  stored: Map<string, { body: string; ack: RelayAck }>;
  /** Every call: method, request id (or 'batch'), status answered. */
  calls: Array<{ method: string; id: string; status: number | string; items?: number }>;
  /** Answer for the next call(s) about one request id; consumed in order. */
  script: Map<string, Scripted[]>;
  /** Answer for the next call(s) of any kind, before per-id scripts. */
  global: Scripted[];
  batchEnabled: boolean;
  rawBytes: number[];
  close(): Promise<void>;
}

export async function startFakeTownship(opts: { token?: string; kioskId?: string } = {}): Promise<FakeTownship> {
  const token = opts.token ?? 'kiosk-token-0123456789abcdef';
  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    (req as unknown as { rawBody: string }).rawBody = body as string;
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(null, undefined);
    }
  });
  let n = 0;
  const ft: FakeTownship = {
    url: '',
    token,
    stored: new Map(),
    calls: [],
    script: new Map(),
    global: [],
    batchEnabled: true,
    rawBytes: [],
    close: () => app.close(),
  };

  function applyScripted(s: Scripted, reply: FastifyReply): void {
    if (s === 'destroy') {
      reply.hijack();
      reply.raw.socket?.destroy();
      return;
    }
    if (s === 'truncate') {
      reply.hijack();
      const full = JSON.stringify({ id: 'x', receivedAt: new Date().toISOString(), townshipRef: 'T-1' });
      reply.raw.writeHead(201, { 'content-type': 'application/json', 'content-length': String(full.length) });
      reply.raw.write(full.slice(0, 10));
      setTimeout(() => reply.raw.socket?.destroy(), 20);
      return;
    }
    void reply.status(s.status).headers(s.headers ?? {}).send(s.body ?? { error: { code: `http-${s.status}`, message: `scripted ${s.status}` } });
  }

  /** One item, as the real township would judge it. */
  function judge(value: unknown, raw: string | null): { status: 200 | 201 | 409 | 422; ack?: RelayAck; error?: { code: string; message: string }; id: string | null } {
    const parsed = RelayRequest.safeParse(value);
    if (!parsed.success) return { status: 422, id: (value as { id?: string })?.id ?? null, error: { code: 'invalid', message: parsed.error.issues[0]?.message ?? 'invalid' } };
    const r = parsed.data;
    const { sha256, ...rest } = r;
    const calc = createHash('sha256').update(canonicalRequestBytes(rest)).digest('hex');
    if (calc !== sha256) return { status: 422, id: r.id, error: { code: 'bad-sha256', message: 'sha256 does not match the canonical body' } };
    const existing = ft.stored.get(r.id);
    if (existing) {
      if (JSON.parse(existing.body).sha256 === sha256) return { status: 200, ack: existing.ack, id: r.id };
      return { status: 409, id: r.id, error: { code: 'conflict', message: 'same id, different content' } };
    }
    const ack: RelayAck = { id: r.id, receivedAt: new Date().toISOString(), townshipRef: `T-${++n}` };
    ft.stored.set(r.id, { body: raw ?? JSON.stringify(r), ack });
    return { status: 201, ack, id: r.id };
  }

  app.put<{ Params: { kioskId: string; id: string } }>('/v1/kiosks/:kioskId/requests/:id', async (req, reply) => {
    ft.rawBytes.push(Buffer.byteLength((req as unknown as { rawBody: string }).rawBody ?? ''));
    const g = ft.global.shift();
    const s = g ?? ft.script.get(req.params.id)?.shift();
    if (s) {
      ft.calls.push({ method: 'PUT', id: req.params.id, status: typeof s === 'string' ? s : s.status });
      return applyScripted(s, reply);
    }
    if (req.headers.authorization !== `Bearer ${token}`) {
      ft.calls.push({ method: 'PUT', id: req.params.id, status: 401 });
      return reply.status(401).send({ error: { code: 'bad-token', message: 'unknown kiosk token' } });
    }
    const j = judge(req.body, (req as unknown as { rawBody: string }).rawBody);
    ft.calls.push({ method: 'PUT', id: req.params.id, status: j.status });
    if (j.ack) return reply.status(j.status).send(j.ack);
    return reply.status(j.status).send({ error: j.error });
  });

  app.post<{ Params: { kioskId: string } }>('/v1/kiosks/:kioskId/requests::batch', async (req, reply) => {
    const items = ((req.body as { items?: unknown[] })?.items ?? []);
    const g = ft.global.shift();
    if (g) {
      ft.calls.push({ method: 'POST', id: 'batch', status: typeof g === 'string' ? g : g.status, items: items.length });
      return applyScripted(g, reply);
    }
    if (!ft.batchEnabled) {
      ft.calls.push({ method: 'POST', id: 'batch', status: 404, items: items.length });
      return reply.status(404).send({ error: { code: 'not-found', message: 'no batch endpoint' } });
    }
    if (req.headers.authorization !== `Bearer ${token}`) {
      ft.calls.push({ method: 'POST', id: 'batch', status: 401, items: items.length });
      return reply.status(401).send({ error: { code: 'bad-token', message: 'unknown kiosk token' } });
    }
    ft.calls.push({ method: 'POST', id: 'batch', status: 200, items: items.length });
    const results = items.map((it) => {
      const id = (it as { id?: string })?.id ?? null;
      const s = id ? ft.script.get(id)?.shift() : undefined;
      if (s && typeof s !== 'string' && s.status >= 400) return { ok: false, id, status: s.status === 409 || s.status === 422 ? s.status : 500, error: { code: `http-${s.status}`, message: 'scripted' } };
      const j = judge(it, JSON.stringify(it));
      return j.ack ? { ok: true, id: j.id, status: j.status, ack: j.ack } : { ok: false, id: j.id, status: j.status, error: j.error };
    });
    return reply.status(200).send({ results });
  });

  await app.listen({ host: '127.0.0.1', port: 0 });
  ft.url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return ft;
}
