// Kiosk-facing endpoints: the idempotent relay (PUT + batch) and the signed change feed.
// Auth: Authorization: Bearer <kiosk token>, bound to the kioskId in the URL.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RELAY_BATCH_MAX_BYTES, RELAY_BATCH_MAX_ITEMS } from '../protocol/relay.js';
import { FEED_DEFAULT_LIMIT, FEED_MAX_LIMIT } from '../protocol/feed.js';
import type { SqlStore } from './store/sql-store.js';
import type { TownshipKey } from './keys.js';
import { kioskForToken, touchKiosk, type KioskRow } from './kiosks.js';
import { decodeCursor, encodeCursor, feedDialect, readFeedPage } from './feed.js';
import { feedMarks } from './feed-marks.js';
import { requestWriter } from './request-writer.js';
import type { Logger } from '../log/logger.js';
import { HttpProblem } from '../shared/http-problem.js';

/** A single relayed request is a few KB; this leaves room without inviting abuse. */
export const RELAY_PUT_MAX_BYTES = 64 * 1024;

export interface RelayRouteDeps {
  store: SqlStore;
  key: TownshipKey;
  log: Logger;
  now: () => Date;
}

function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer\s+([A-Za-z0-9._~+/=-]{1,200})$/.exec(header ?? '');
  return m?.[1];
}

/** Kiosks authenticated in onRequest, before their body is read (see registerRelayRoutes). */
const authenticated = new WeakMap<FastifyRequest, KioskRow>();

async function authKiosk(deps: RelayRouteDeps, req: FastifyRequest<{ Params: { kioskId: string } }>): Promise<KioskRow> {
  return authenticated.get(req) ?? (await checkKioskToken(deps, req));
}

async function checkKioskToken(deps: RelayRouteDeps, req: FastifyRequest<{ Params: { kioskId: string } }>): Promise<KioskRow> {
  const token = bearerToken(req.headers.authorization);
  if (!token) throw new HttpProblem(401, 'no-token', 'Send the kiosk token as "Authorization: Bearer <token>".', { 'www-authenticate': 'Bearer' });
  const kiosk = await kioskForToken(deps.store, token);
  if (!kiosk) throw new HttpProblem(401, 'bad-token', 'This kiosk token is not known to the township (revoked or mistyped); issue a new one for this kiosk.', { 'www-authenticate': 'Bearer error="invalid_token"' });
  if (kiosk.kioskId !== req.params.kioskId) {
    throw new HttpProblem(403, 'wrong-kiosk', `This token belongs to kiosk "${kiosk.kioskId}", not "${req.params.kioskId.slice(0, 64)}"; check the kiosk's kioskId and token.`);
  }
  return kiosk;
}

/** The body exactly as received (kept by the JSON parser in server.ts): hashes are checked over it. */
export function rawBodyText(req: FastifyRequest): string {
  return (req as FastifyRequest & { rawBody?: string }).rawBody ?? '';
}

export function registerRelayRoutes(app: FastifyInstance, deps: RelayRouteDeps): void {
  const log = deps.log.child({ component: 'relay' });
  // Concurrent PUTs and batches share one transaction; each is answered after it commits.
  const writer = requestWriter(deps.store);

  // Every kiosk call is authenticated from its headers alone, before any of its body is read:
  // a client without a valid token gets its 401 at once and the connection is closed, so
  // slow bodies without a token cannot hold connections open.
  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.routeOptions.url?.startsWith('/v1/kiosks/')) return;
    try {
      authenticated.set(req, await checkKioskToken(deps, req as FastifyRequest<{ Params: { kioskId: string } }>));
    } catch (e) {
      void reply.header('connection', 'close');
      throw e;
    }
  });

  app.put('/v1/kiosks/:kioskId/requests/:requestId', { bodyLimit: RELAY_PUT_MAX_BYTES }, async (req: FastifyRequest<{ Params: { kioskId: string; requestId: string } }>, reply: FastifyReply) => {
    const kiosk = await authKiosk(deps, req);
    const now = deps.now();
    const r = await writer.put(kiosk.kioskId, kiosk.village, req.params.requestId, req.body, rawBodyText(req), now);
    touchKiosk(deps.store, kiosk.kioskId, now);
    if (r.ok) {
      if (r.status === 201) log.info('request-stored', { kioskId: kiosk.kioskId, requestId: r.ack.id, townshipRef: r.ack.townshipRef });
      return reply.status(r.status).send(r.ack);
    }
    log.warn('request-refused', { kioskId: kiosk.kioskId, requestId: r.id, status: r.status, message: r.message });
    return reply.status(r.status).send({ error: { code: r.code, message: r.message } });
  });

  app.post('/v1/kiosks/:kioskId/requests::batch', { bodyLimit: RELAY_BATCH_MAX_BYTES }, async (req: FastifyRequest<{ Params: { kioskId: string } }>, reply: FastifyReply) => {
    const kiosk = await authKiosk(deps, req);
    const body = req.body as { items?: unknown } | null;
    if (typeof body !== 'object' || body === null || !Array.isArray(body.items)) throw new HttpProblem(422, 'invalid', 'The batch body must be {"items": [ ...requests ]}.');
    if (body.items.length === 0) throw new HttpProblem(422, 'invalid', 'The batch has no items.');
    if (body.items.length > RELAY_BATCH_MAX_ITEMS) throw new HttpProblem(413, 'batch-too-large', `A batch holds at most ${RELAY_BATCH_MAX_ITEMS} items; this one has ${body.items.length}. Send smaller batches.`);
    const now = deps.now();
    const items: unknown[] = body.items;
    const result = await writer.batch(kiosk.kioskId, kiosk.village, items, rawBodyText(req), now);
    touchKiosk(deps.store, kiosk.kioskId, now);
    const created = result.results.filter((x) => x.ok && x.status === 201).length;
    const failed = result.results.filter((x) => !x.ok).length;
    log.info('batch-stored', { kioskId: kiosk.kioskId, items: body.items.length, created, failed });
    return reply.status(200).send(result);
  });

  app.get('/v1/kiosks/:kioskId/changes', async (req: FastifyRequest<{ Params: { kioskId: string }; Querystring: Record<string, string | undefined> }>, reply: FastifyReply) => {
    const kiosk = await authKiosk(deps, req);
    const limitText = req.query.limit;
    let limit = FEED_DEFAULT_LIMIT;
    if (limitText !== undefined) {
      if (!/^\d{1,4}$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > FEED_MAX_LIMIT) throw new HttpProblem(400, 'bad-limit', `limit must be a whole number from 1 to ${FEED_MAX_LIMIT}.`);
      limit = Number(limitText);
    }
    const cursor = req.query.cursor === undefined || req.query.cursor === '' ? null : req.query.cursor;
    const now = deps.now();
    touchKiosk(deps.store, kiosk.kioskId, now);
    // Nothing new for this kiosk since its cursor: answered from memory, no database read.
    const d = feedDialect(deps.store);
    const c = cursor === null ? null : decodeCursor(d, cursor);
    const marks = feedMarks(deps.store);
    // Every poll brings the marks up to date (one statement that reads no table when nothing changed).
    await marks.refresh();
    if (c && cursor !== null && marks.isCurrent(kiosk.kioskId, c)) {
      return reply.status(200).header('cache-control', 'no-store').send(marks.currentPage(kiosk.kioskId, cursor, c, deps.key.privateKey, deps.key.keyId, (pos, epoch) => encodeCursor(d, pos, epoch), now));
    }
    const r = await readFeedPage(deps.store, deps.key, kiosk.kioskId, cursor, limit, now);
    if (!r.ok) throw new HttpProblem(r.status, r.code, r.message);
    return reply.status(200).header('cache-control', 'no-store').send(r.signed);
  });
}
