// Officials' page: poster, sticker sheet and village-code PDFs (posters.ts), linked from the
// content list and the households page.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ContentItemType } from '../../protocol/content.js';
import { makePoster, POSTER_KINDS, publicBaseOf, type PosterKind } from '../posters.js';
import { html, t, type Html } from './html.js';
import type { OfficialCtx } from './officials.js';

export function posterLinks(type: ContentItemType, id: string): Html {
  const e = encodeURIComponent(id);
  return type === 'policy'
    ? html`<a href="/officials/posters/policy/${e}" data-poster="policy-${id}">${t('海报', 'Poster')}</a> · <a href="/officials/posters/stickers/${e}" data-poster="stickers-${id}">${t('贴纸', 'Stickers')}</a>`
    : html`<a href="/officials/posters/job/${e}" data-poster="job-${id}">${t('海报', 'Poster')}</a>`;
}

/** Without publicUrl, the QR points at the address this page was opened at. */
export function requestBase(req: FastifyRequest): string {
  return `${req.protocol}://${req.headers.host ?? 'localhost'}`;
}

export function registerPosterPages(app: FastifyInstance, ctx: OfficialCtx): void {
  app.get('/officials/posters/:kind/:id', async (req: FastifyRequest<{ Params: { kind: string; id: string }; Querystring: Record<string, string | undefined> }>, reply) => {
    const s = await ctx.requireSession(req, reply);
    if (!s) return reply;
    if (!POSTER_KINDS.includes(req.params.kind as PosterKind)) return ctx.render(reply, 404, '404', html`<h1>${t('没有这种海报', 'No such poster')}</h1>`, { session: s });
    const r = await makePoster(ctx.store, ctx.config, publicBaseOf(ctx.config, requestBase(req)), req.params.kind as PosterKind, req.params.id.slice(0, 64), { count: Number(req.query.count) || 24 });
    if (!r.ok) return ctx.render(reply, r.status, 'PDF', html`<h1>${t('无法生成 PDF', 'Cannot make the PDF')}</h1><p>${r.message}</p>`, { session: s });
    return reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="${r.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`).header('cache-control', 'no-store').send(r.pdf);
  });
}
