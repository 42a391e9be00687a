// Officials' pages for the household registry: list by village, register, edit, deactivate,
// print the household's card (A6, or an A4 sheet for a whole village), reissue it (which
// revokes the old card at every kiosk), and set the official in charge of a village.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { addHousehold, editHousehold, getHousehold, listHouseholds, type Household } from '../households/registry.js';
import { cardHistory, currentCard, issueCard, setHouseholdActive, type IssuedCard } from '../households/cards.js';
import { HOUSEHOLD_TAG_NAMES, HOUSEHOLD_TAGS } from '../households/tags.js';
import { knownVillages, listOfficials, setVillageOfficial, villageOfficial } from '../accounts.js';
import { cardPdf } from '../pdf/card-pdf.js';
import { findPdfFont } from '../pdf/font.js';
import type { Session } from '../officials.js';
import { beijing } from '../time.js';
import { html, t, type Html } from './html.js';
import { STATUS_LABELS, TYPE_LABELS } from './labels.js';
import type { RequestType } from '../../protocol/relay.js';
import type { RequestStatus } from '../../protocol/feed.js';
import type { OfficialCtx } from './officials.js';

type Form = Record<string, string | undefined>;
export const formOf = (req: FastifyRequest): Form => (typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body) ? (req.body as Form) : {});

/** Sends a PDF, or an HTML page saying why it could not be made. */
export async function sendPdf(ctx: OfficialCtx, reply: FastifyReply, s: Session, filename: string, make: (font: Extract<ReturnType<typeof findPdfFont>, { ok: true }>['font']) => Promise<Buffer>): Promise<FastifyReply> {
  const font = findPdfFont(ctx.config.pdf.fontFile);
  if (!font.ok) return ctx.render(reply, 503, 'PDF', html`<h1>${t('无法生成 PDF', 'Cannot make the PDF')}</h1><p>${font.message}</p>`, { session: s });
  const pdf = await make(font.font);
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `inline; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`)
    .header('cache-control', 'no-store')
    .send(pdf);
}

async function householdFields(s: Session, ctx: OfficialCtx, h: Partial<Household> | null, villages: string[]): Promise<Html> {
  const officials = await listOfficials(ctx.store);
  const tags = new Set(h?.tags ?? []);
  return html`${ctx.csrfField(s)}
<label for="hv">${t('村', 'Village')}</label><input id="hv" type="text" name="village" required maxlength="40" list="villages" value="${h?.village ?? ''}">
<datalist id="villages">${villages.map((v) => html`<option value="${v}"></option>`)}</datalist>
<label for="hn">${t('户主姓名(可不填)', 'Head of household (optional)')}</label><input id="hn" type="text" name="headName" maxlength="20" value="${h?.headName ?? ''}">
<label for="hp">${t('户主电话(可不填)', 'Phone (optional)')}</label><input id="hp" type="tel" name="headPhone" maxlength="12" value="${h?.headPhone ?? ''}">
<fieldset><legend>${t('适用情况', 'Eligibility')}</legend>
${HOUSEHOLD_TAG_NAMES.map((n) => html`<label><input type="checkbox" name="tag.${n}"${tags.has(n) ? html` checked` : ''}> ${t(HOUSEHOLD_TAGS[n].zh, HOUSEHOLD_TAGS[n].en)}</label>`)}
</fieldset>
<label for="ho">${t('负责干部', 'Official in charge')}</label><select id="ho" name="official"><option value="">未指定(用村负责人) none (the village's official)</option>
${officials.map((o) => html`<option value="${o.username}"${o.username === h?.official ? html` selected` : ''}>${o.name} (${o.username})</option>`)}</select>`;
}

const inputOf = (f: Form) => ({
  village: f.village ?? '',
  headName: f.headName ?? '',
  headPhone: (f.headPhone ?? '').replace(/[\s-]/g, ''),
  tags: HOUSEHOLD_TAG_NAMES.filter((n) => f[`tag.${n}`] !== undefined && f[`tag.${n}`] !== ''),
  official: f.official ?? '',
});

export function registerHouseholdPages(app: FastifyInstance, ctx: OfficialCtx): void {
  const { store, now } = ctx;
  const log = ctx.log.child({ component: 'households' });

  const listPage = async (reply: FastifyReply, s: Session, village: string | undefined, status: number, error: Html | null, form: Form | null) => {
    const villages = await knownVillages(store);
    const rows = await listHouseholds(store, { village, includeInactive: true });
    const officials = await listOfficials(store);
    const villageOfficials = new Map<string, string | null>();
    for (const v of villages) villageOfficials.set(v, await villageOfficial(store, v));
    return ctx.render(
      reply,
      status,
      '户 Households',
      html`<h1>${t('户籍登记', 'Households')} (${rows.length})</h1>
<form method="get" action="/officials/households" class="filters"><div><label for="fv">${t('村', 'Village')}</label><select id="fv" name="village"><option value="">全部 all</option>${villages.map((v) => html`<option value="${v}"${v === village ? html` selected` : ''}>${v}</option>`)}</select></div><button type="submit">${t('筛选', 'Filter')}</button></form>
${village ? html`<p><a href="/officials/villages/${encodeURIComponent(village)}/cards.pdf">${t(`打印${village}全部户卡(A4)`, `Print every card of ${village} (A4 sheets)`)}</a> · <a href="/officials/posters/village/${encodeURIComponent(village)}">${t('村二维码海报', 'Village QR poster')}</a></p>` : ''}
${
  rows.length === 0
    ? html`<p>${t('还没有登记的户。', 'No households yet.')}</p>`
    : html`<table><thead><tr><th>${t('户号', 'Household')}</th><th>${t('村', 'Village')}</th><th>${t('户主', 'Head')}</th><th>${t('适用情况', 'Tags')}</th><th>${t('负责干部', 'Official')}</th><th>${t('状态', 'State')}</th></tr></thead><tbody>
${rows.map((h) => html`<tr><td><a class="mono" href="/officials/households/${encodeURIComponent(h.id)}">${h.id}</a></td><td>${h.village}</td><td>${h.headName ?? '—'}</td><td>${h.tags.map((n) => HOUSEHOLD_TAGS[n]?.zh ?? n).join('、') || '—'}</td><td>${h.official ?? '—'}</td><td>${h.active ? t('有效', 'active') : t('已停用', 'deactivated')}</td></tr>`)}
</tbody></table>`
}
<h2 id="add">${t('登记新户', 'Register a household')}</h2>
<p>${t('只记最少的信息:不记身份证号、住址或收入。', 'Keep the minimum: no ID numbers, addresses or incomes.')}</p>
<form method="post" action="/officials/households">${await householdFields(s, ctx, form ? inputOf(form) : null, villages)}
<button type="submit">${t('登记并生成户卡', 'Register and make the card')}</button></form>
<h2>${t('村负责干部', "Villages' officials")}</h2>
<p>${t('没有指定负责干部的户,请求默认分给村负责干部。', 'Requests from a household without its own official go to the village official.')}</p>
<table><tbody>${villages.map((v) => html`<tr><td>${v}</td><td><form method="post" action="/officials/villages/${encodeURIComponent(v)}/official" class="filters">${ctx.csrfField(s)}<div><label for="vo-${v}">${t('负责干部', 'Official')}</label><select id="vo-${v}" name="official"><option value="">—</option>${officials.map((o) => html`<option value="${o.username}"${o.username === villageOfficials.get(v) ? html` selected` : ''}>${o.name} (${o.username})</option>`)}</select></div><button type="submit">${t('保存', 'Save')}</button></form></td></tr>`)}</tbody></table>
<form method="post" action="/officials/villages" class="filters">${ctx.csrfField(s)}<div><label for="nv">${t('新增村', 'Add a village')}</label><input id="nv" type="text" name="village" maxlength="40" required></div><button type="submit">${t('添加', 'Add')}</button></form>`,
      { session: s, error },
    );
  };

  app.get('/officials/households', async (req: FastifyRequest<{ Querystring: Record<string, string | undefined> }>, reply) => {
    const s = await ctx.requireSession(req, reply);
    if (!s) return reply;
    return listPage(reply, s, req.query.village?.slice(0, 40) || undefined, 200, null, null);
  });

  app.post('/officials/households', async (req, reply) => {
    const s = await ctx.requirePost(req, reply);
    if (!s) return reply;
    const f = formOf(req);
    const r = await addHousehold(store, inputOf(f), s.username, now());
    if (!r.ok) return listPage(reply, s, undefined, 422, html`${r.message}`, f);
    const c = await issueCard(store, ctx.key, r.household.id, ctx.config.cards.validityDays, s.username, now());
    log.info('household-added', { id: r.household.id, by: s.username, card: c.ok ? c.card.cardId : null });
    return reply.status(303).header('location', `/officials/households/${encodeURIComponent(r.household.id)}?done=added`).send();
  });

  app.post('/officials/villages', async (req, reply) => {
    const s = await ctx.requirePost(req, reply);
    if (!s) return reply;
    const r = await setVillageOfficial(store, formOf(req).village ?? '', null, now());
    if (!r.ok) return listPage(reply, s, undefined, 422, html`${r.message}`, null);
    return reply.status(303).header('location', '/officials/households').send();
  });

  app.post('/officials/villages/:name/official', async (req: FastifyRequest<{ Params: { name: string } }>, reply) => {
    const s = await ctx.requirePost(req, reply);
    if (!s) return reply;
    const r = await setVillageOfficial(store, req.params.name, formOf(req).official || null, now());
    if (!r.ok) return listPage(reply, s, undefined, 422, html`${r.message}`, null);
    return reply.status(303).header('location', '/officials/households').send();
  });

  const FLASH: Record<string, Html> = {
    added: t('已登记,户卡已生成。打印后交给这户人家。', 'Registered and the card is made. Print it and give it to the household.'),
    saved: t('已保存。村、适用情况或负责干部改了的话,请重新发卡。', 'Saved. If the village, tags or official changed, reissue the card.'),
    reissued: t('新户卡已生成,旧卡在各终端下次同步后作废。', 'New card made; the old card stops working at each kiosk after its next sync.'),
    deactivated: t('已停用,户卡已作废。', 'Deactivated; its card is revoked.'),
    activated: t('已恢复,请重新发卡。', 'Active again; reissue the card.'),
  };

  const householdPage = async (reply: FastifyReply, s: Session, id: string, status: number, error: Html | null, flash: Html | null, form: Form | null) => {
    const h = await getHousehold(store, id);
    if (!h) return ctx.render(reply, 404, '404', html`<h1>${t('找不到这户', 'Household not found')}</h1><p><a href="/officials/households">${t('返回', 'Back')}</a></p>`, { session: s });
    const card = await currentCard(store, h.id);
    const enc = encodeURIComponent(h.id);
    const requests = await store.all<{ id: string; code: string; type: string; status: string; received_at: string }>(`SELECT id, code, type, status, received_at FROM requests WHERE household_id = ? ORDER BY ref DESC LIMIT 50`, [h.id]);
    return ctx.render(
      reply,
      status,
      h.id,
      html`<p><a href="/officials/households">← ${t('返回户列表', 'Back to households')}</a></p>
<h1>${t('户', 'Household')} <span class="mono">${h.id}</span> · ${h.village}${h.active ? '' : html` · ${t('已停用', 'deactivated')}`}</h1>
<h2>${t('户卡', 'Card')}</h2>
${
  card
    ? html`<p>${t('当前户卡', 'Current card')} <span class="mono" data-card-id="${card.cardId}">${card.cardId}</span> · ${t('发卡', 'issued')} ${beijing(card.issuedAt)} · ${t('有效至', 'valid until')} ${beijing(card.expiresAt)}</p>
<p><a href="/officials/households/${enc}/card.pdf?layout=a6" id="card-a6">${t('打印户卡 (A6)', 'Print the card (A6)')}</a> · <a href="/officials/households/${enc}/card.pdf?layout=a4" id="card-a4">${t('A4 纸打印', 'Print on A4')}</a></p>`
    : html`<p>${t('没有有效的户卡。', 'No valid card.')}</p>`
}
${h.active ? html`<form method="post" action="/officials/households/${enc}/card">${ctx.csrfField(s)}<button type="submit">${card ? t('补发新卡(旧卡作废)', 'Reissue (revokes the old card)') : t('生成户卡', 'Make a card')}</button></form>` : ''}
<details><summary>${t('发卡记录', 'Card history')}</summary><ul>${(await cardHistory(store, h.id)).map((c) => html`<li class="mono">${c.cardId} · ${beijing(c.issuedAt)}${c.revokedAt ? html` · ${t('已作废', 'revoked')} ${beijing(c.revokedAt)}` : ''}</li>`)}</ul></details>
<h2>${t('这户的请求', "This household's requests")}</h2>
${requests.length === 0 ? html`<p>${t('还没有。', 'None yet.')}</p>` : html`<ul>${requests.map((r) => html`<li><a class="mono" href="/officials/requests/${encodeURIComponent(r.id)}">${r.code}</a> · ${t(...(TYPE_LABELS[r.type as RequestType] ?? [r.type, '']))} · ${t(...(STATUS_LABELS[r.status as RequestStatus] ?? [r.status, '']))} · ${beijing(r.received_at)}</li>`)}</ul>`}
<h2>${t('修改', 'Edit')}</h2>
<form method="post" action="/officials/households/${enc}">${await householdFields(s, ctx, form ? inputOf(form) : h, await knownVillages(store))}<button type="submit">${t('保存', 'Save')}</button></form>
<form method="post" action="/officials/households/${enc}/${h.active ? 'deactivate' : 'activate'}">${ctx.csrfField(s)}<button type="submit">${h.active ? t('停用这户(户卡作废)', 'Deactivate (revokes the card)') : t('恢复', 'Activate again')}</button></form>`,
      { session: s, error, flash },
    );
  };

  app.get('/officials/households/:id', async (req: FastifyRequest<{ Params: { id: string }; Querystring: Record<string, string | undefined> }>, reply) => {
    const s = await ctx.requireSession(req, reply);
    if (!s) return reply;
    return householdPage(reply, s, req.params.id, 200, null, FLASH[req.query.done ?? ''] ?? null, null);
  });

  app.post('/officials/households/:id', async (req: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const s = await ctx.requirePost(req, reply);
    if (!s) return reply;
    const f = formOf(req);
    const r = await editHousehold(store, req.params.id, inputOf(f), s.username, now());
    if (!r.ok) return householdPage(reply, s, req.params.id, r.code === 'not-found' ? 404 : 422, html`${r.message}`, null, f);
    return reply.status(303).header('location', `/officials/households/${encodeURIComponent(req.params.id)}?done=saved`).send();
  });

  app.post('/officials/households/:id/card', async (req: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const s = await ctx.requirePost(req, reply);
    if (!s) return reply;
    const r = await issueCard(store, ctx.key, req.params.id, ctx.config.cards.validityDays, s.username, now());
    if (!r.ok) return householdPage(reply, s, req.params.id, r.code === 'not-found' ? 404 : 422, html`${r.message}`, null, null);
    log.info('card-issued', { household: req.params.id, card: r.card.cardId, revoked: r.revoked.length, by: s.username });
    return reply.status(303).header('location', `/officials/households/${encodeURIComponent(req.params.id)}?done=reissued`).send();
  });

  for (const action of ['deactivate', 'activate'] as const) {
    app.post(`/officials/households/:id/${action}`, async (req: FastifyRequest<{ Params: { id: string } }>, reply) => {
      const s = await ctx.requirePost(req, reply);
      if (!s) return reply;
      const r = await setHouseholdActive(store, req.params.id, action === 'activate', s.username, now());
      if (!r.ok) return householdPage(reply, s, req.params.id, 404, html`${r.message}`, null, null);
      return reply.status(303).header('location', `/officials/households/${encodeURIComponent(req.params.id)}?done=${action}d`).send();
    });
  }

  app.get('/officials/households/:id/card.pdf', async (req: FastifyRequest<{ Params: { id: string }; Querystring: Record<string, string | undefined> }>, reply) => {
    const s = await ctx.requireSession(req, reply);
    if (!s) return reply;
    const card = await currentCard(store, req.params.id);
    if (!card) return householdPage(reply, s, req.params.id, 404, t('这户没有有效的户卡,请先生成。', 'This household has no valid card; make one first.'), null, null);
    const layout = req.query.layout === 'a4' ? 'a4' : 'a6';
    return await sendPdf(ctx, reply, s, `card-${card.householdId}.pdf`, (font) => cardPdf(font, ctx.config.name, [card], layout));
  });

  app.get('/officials/villages/:name/cards.pdf', async (req: FastifyRequest<{ Params: { name: string } }>, reply) => {
    const s = await ctx.requireSession(req, reply);
    if (!s) return reply;
    const cards: IssuedCard[] = [];
    for (const h of await listHouseholds(store, { village: req.params.name })) {
      const c = await currentCard(store, h.id);
      if (c) cards.push(c);
    }
    if (cards.length === 0) return listPage(reply, s, req.params.name, 404, t('这个村没有有效的户卡。', 'No valid cards in this village.'), null);
    return await sendPdf(ctx, reply, s, 'cards.pdf', (font) => cardPdf(font, ctx.config.name, cards, 'a4'));
  });
}
