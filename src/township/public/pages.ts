// Public phone pages: no login, no cookies, no script, no personal data.
//   /policies, /policies/:id   a policy in plain words, its official and phone (tel: link)
//   /jobs, /jobs/:id           a job posting
//   /villages/:name            a village: its official in charge, the policies and jobs
//   /status, /status/:code     "check my request": status and timeline only (never a phone
//                              number or a name); rate-limited per address, in the store
//                              (rate-limit.ts), so several processes share one limit
// ?lang=en switches to English (zh-CN by default). These are the URLs the kiosk's
// "continue on your phone" codes (township.publicUrl + /policies/<id>) and posters use.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { JobBody, PolicyBody } from '../../protocol/content.js';
import { endOfDayMs } from '../../protocol/content.js';
import { CODE_PATTERN, type RequestType } from '../../protocol/relay.js';
import type { RequestStatus } from '../../protocol/feed.js';
import type { SqlStore } from '../store/sql-store.js';
import { getContent, listContent } from '../content.js';
import { getOfficial, villageOfficial } from '../accounts.js';
import { beijing } from '../time.js';
import { STATUS_LABELS, TYPE_LABELS } from '../web/labels.js';
import { html, type Html } from '../web/html.js';
import { langOf, pick, PUBLIC_CSP, publicPage, type Lang } from './layout.js';
import { AddressRateLimit } from './rate-limit.js';
import { jobPath, policyPath, statusPath } from './urls.js';

export const STATUS_LOOKUPS_PER_WINDOW = 20;
export const STATUS_WINDOW_MS = 10 * 60_000;

export interface PublicDeps {
  store: SqlStore;
  now: () => Date;
  townshipName: string;
  /** Overridable for tests (default: STATUS_LOOKUPS_PER_WINDOW per address, in the store). */
  limiter?: AddressRateLimit;
}

type Q = { Querystring: Record<string, string | undefined> };

const PAY_UNIT: Record<JobBody['pay']['unit'], [string, string]> = { day: ['天', 'day'], month: ['月', 'month'], piece: ['件', 'piece'], hour: ['小时', 'hour'] };

function tel(phone: string, label: string): Html {
  return html`<a class="tel" href="tel:${phone}">☎ ${label} ${phone}</a>`;
}

function policyBody(p: PolicyBody, lang: Lang): Html {
  const L = (x: { 'zh-CN': string; en: string }) => x[lang];
  return html`<h1>${L(p.title)}</h1>
<p>${L(p.summary)}</p>
<h2>${pick(lang, '谁可以申请', 'Who qualifies')}</h2><p>${L(p.whoQualifies)}</p>
<h2>${pick(lang, '能得到什么', 'What you get')}</h2><p class="big">${L(p.benefit)}</p>
${p.deadline ? html`<p>${pick(lang, '截止日期', 'Deadline')}: <strong>${p.deadline}</strong></p>` : html`<p>${pick(lang, '全年可以办理。', 'Open all year.')}</p>`}
${p.materials.length ? html`<h2>${pick(lang, '要带的材料', 'What to bring')}</h2><ul>${p.materials.map((m) => html`<li>${L(m)}</li>`)}</ul>` : ''}
${p.steps.length ? html`<h2>${pick(lang, '怎么办', 'What to do')}</h2><ol>${p.steps.map((m) => html`<li>${L(m)}</li>`)}</ol>` : ''}
<h2>${pick(lang, '到哪里办', 'Where to go')}</h2><p>${L(p.whereToGo)}</p>
${p.homeVisitBookable ? html`<p>${pick(lang, '行动不便可以预约上门办理:在村里的服务终端申请,或打下面的电话。', 'If you cannot travel, book a home visit at the village kiosk or call the number below.')}</p>` : ''}
<h2>${pick(lang, '负责人', 'Official in charge')}</h2>
<p><strong>${L(p.official.name)}</strong> · ${L(p.official.title)}</p>
<p>${tel(p.official.phone, pick(lang, '打电话', 'Call'))}</p>
<p class="muted">${pick(lang, '来源', 'Source')}: ${L(p.source)} · ${pick(lang, '核实于', 'checked')} ${p.updatedAt}</p>`;
}

function jobBody(j: JobBody, lang: Lang, closed: boolean): Html {
  const L = (x: { 'zh-CN': string; en: string }) => x[lang];
  const pay = j.pay.min === j.pay.max ? `${j.pay.min}` : `${j.pay.min}–${j.pay.max}`;
  const yes = (b: boolean) => (b ? pick(lang, '是', 'yes') : pick(lang, '否', 'no'));
  return html`<h1>${L(j.title)}</h1>
${closed ? html`<p class="error">${pick(lang, '这个招工已经结束。', 'This job posting has closed.')}</p>` : ''}
<p class="big">${pay} ${pick(lang, '元', 'yuan')} / ${pick(lang, ...PAY_UNIT[j.pay.unit])}${j.pay.pieceNote ? html` (${L(j.pay.pieceNote)})` : ''}</p>
<p>${L(j.employer.name)}${j.employer.verifiedByTownship ? html` · ${pick(lang, '乡镇已核实', 'checked by the township')}` : ''}</p>
<h2>${pick(lang, '做什么', 'The work')}</h2><p>${L(j.duties)}</p>
<h2>${pick(lang, '在哪里', 'Where')}</h2><p>${L(j.location.county)} ${L(j.location.township)} ${j.location.village ? L(j.location.village) : ''}</p>
<h2>${pick(lang, '时间', 'Hours')}</h2><p>${L(j.hours)}${j.season ? html` · ${L(j.season)}` : ''}</p>
<p>${pick(lang, '管饭', 'Meals')}: ${yes(j.mealsProvided)} · ${pick(lang, '管住', 'Housing')}: ${yes(j.housingProvided)} · ${pick(lang, '招', 'Openings')} ${j.openings}</p>
<h2>${pick(lang, '要求', 'Requirements')}</h2><p>${L(j.requirements.physical)}${j.requirements.experience ? html`<br>${L(j.requirements.experience)}` : ''}</p>
<h2>${pick(lang, '联系', 'Contact')}</h2>
${j.contactName ? html`<p><strong>${L(j.contactName)}</strong></p>` : ''}<p>${tel(j.contactPhone, pick(lang, '打电话', 'Call'))}</p>
<p class="muted">${pick(lang, '有效期至', 'Valid through')} ${j.validThrough.slice(0, 10)}${j.repostedFrom ? html` · ${pick(lang, '转自', 'from')} ${L(j.repostedFrom)}` : ''}</p>`;
}

interface StatusRow {
  id: string;
  code: string;
  type: RequestType;
  status: RequestStatus;
  received_at: string;
}

export function registerPublicPages(app: FastifyInstance, deps: PublicDeps): void {
  const { store, now } = deps;
  const limiter = deps.limiter ?? new AddressRateLimit(store, 'status', STATUS_LOOKUPS_PER_WINDOW, STATUS_WINDOW_MS);

  const send = (reply: FastifyReply, status: number, lang: Lang, title: string, pathName: string, body: Html, query: Record<string, string> = {}) =>
    reply
      .status(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', PUBLIC_CSP)
      .header('cache-control', pathName.startsWith('/status') ? 'no-store' : 'public, max-age=300')
      .send(publicPage({ lang, title, townshipName: deps.townshipName, path: pathName, query }, body));

  const notFound = (reply: FastifyReply, lang: Lang, pathName: string) =>
    send(reply, 404, lang, '404', pathName, html`<h1>${pick(lang, '找不到这一页', 'Page not found')}</h1><p>${pick(lang, '它可能已经下架了。', 'It may have been taken down.')}</p><p><a href="/policies${lang === 'en' ? '?lang=en' : ''}">${pick(lang, '看全部政策', 'See all policies')}</a></p>`);

  const ln = (lang: Lang) => (lang === 'en' ? '?lang=en' : '');

  const policyList = async (_lang: Lang) => (await listContent(store, 'policy')).filter((r) => !r.deleted).map((r) => ({ id: r.id, body: r.body as PolicyBody }));
  const liveJobs = async (lang: Lang) =>
    (await listContent(store, 'job'))
      .filter((r) => !r.deleted && endOfDayMs((r.body as JobBody).validThrough) >= now().getTime())
      .map((r) => ({ id: r.id, body: r.body as JobBody, lang }));

  app.get('/policies', async (req: FastifyRequest<Q>, reply) => {
    const lang = langOf(req.query.lang);
    // Bounded so the page stays small on a slow link (<= 50 KB).
    const items = (await policyList(lang)).slice(0, 300);
    return send(reply, 200, lang, pick(lang, '政策', 'Policies'), '/policies', html`<h1>${pick(lang, '政策和服务', 'Policies and services')}</h1><ul>${items.map((p) => html`<li><a href="${policyPath(p.id)}${ln(lang)}">${p.body.title[lang]}</a></li>`)}</ul>`);
  });

  app.get('/policies/:id', async (req: FastifyRequest<Q & { Params: { id: string } }>, reply) => {
    const lang = langOf(req.query.lang);
    const row = await getContent(store, 'policy', req.params.id);
    if (!row || row.deleted) return notFound(reply, lang, policyPath(req.params.id));
    const p = row.body as PolicyBody;
    return send(reply, 200, lang, p.title[lang], policyPath(row.id), policyBody(p, lang));
  });

  app.get('/jobs', async (req: FastifyRequest<Q>, reply) => {
    const lang = langOf(req.query.lang);
    return send(reply, 200, lang, pick(lang, '招工', 'Jobs'), '/jobs', html`<h1>${pick(lang, '招工信息', 'Jobs')}</h1><ul>${(await liveJobs(lang)).map((j) => html`<li><a href="${jobPath(j.id)}${ln(lang)}">${j.body.title[lang]}</a></li>`)}</ul>`);
  });

  app.get('/jobs/:id', async (req: FastifyRequest<Q & { Params: { id: string } }>, reply) => {
    const lang = langOf(req.query.lang);
    const row = await getContent(store, 'job', req.params.id);
    if (!row || row.deleted) return notFound(reply, lang, jobPath(req.params.id));
    const j = row.body as JobBody;
    return send(reply, 200, lang, j.title[lang], jobPath(row.id), jobBody(j, lang, endOfDayMs(j.validThrough) < now().getTime()));
  });

  app.get('/villages/:name', async (req: FastifyRequest<Q & { Params: { name: string } }>, reply) => {
    const lang = langOf(req.query.lang);
    const name = req.params.name.slice(0, 40);
    const known = await store.get(`SELECT 1 FROM villages WHERE name = ? UNION SELECT 1 FROM households WHERE village = ? UNION SELECT 1 FROM kiosks WHERE village = ?`, [name, name, name]);
    if (!known) return notFound(reply, lang, `/villages/${encodeURIComponent(name)}`);
    const offName = await villageOfficial(store, name);
    const off = offName ? await getOfficial(store, offName) : null;
    const policies = (await policyList(lang));
    const officials = new Map<string, { name: string; title: string; phone: string }>();
    for (const p of policies) officials.set(p.body.official.phone, { name: p.body.official.name[lang], title: p.body.official.title[lang], phone: p.body.official.phone });
    return send(
      reply,
      200,
      lang,
      name,
      `/villages/${encodeURIComponent(name)}`,
      html`<h1>${name}</h1>
<h2>${pick(lang, '本村负责干部', 'Official in charge of the village')}</h2>
${off && !off.disabled ? html`<p><strong>${off.name}</strong></p>${off.phone ? html`<p>${tel(off.phone, pick(lang, '打电话', 'Call'))}</p>` : ''}` : html`<p>${pick(lang, '请联系乡镇便民服务中心。', 'Ask the township service centre.')}</p>`}
<h2>${pick(lang, '可以办的政策', 'Policies')}</h2>
<ul>${policies.slice(0, 30).map((p) => html`<li><a href="${policyPath(p.id)}${ln(lang)}">${p.body.title[lang]}</a></li>`)}</ul>
${policies.length > 30 ? html`<p><a href="/policies${ln(lang)}">${pick(lang, `看全部 ${policies.length} 项政策`, `See all ${policies.length} policies`)}</a></p>` : ''}
<h2>${pick(lang, '各项政策的负责人', "Policies' officials")}</h2>
<ul>${[...officials.values()].slice(0, 20).map((o) => html`<li><strong>${o.name}</strong> · ${o.title}<br>${tel(o.phone, pick(lang, '打电话', 'Call'))}</li>`)}</ul>
<h2>${pick(lang, '招工', 'Jobs')}</h2>
<ul>${(await liveJobs(lang)).slice(0, 20).map((j) => html`<li><a href="${jobPath(j.id)}${ln(lang)}">${j.body.title[lang]}</a></li>`)}</ul>`,
    );
  });

  const statusForm = (lang: Lang, code: string, error: Html | null) => html`<h1>${pick(lang, '查询我的申请', 'Check my request')}</h1>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form method="get" action="/status"><label for="code">${pick(lang, '回执上的编号(8 位字母和数字)', 'The code on your receipt (8 letters and digits)')}</label>
<input id="code" name="code" value="${code}" maxlength="12" autocomplete="off" autocapitalize="characters" spellcheck="false" inputmode="text">
${lang === 'en' ? html`<input type="hidden" name="lang" value="en">` : ''}
<button type="submit">${pick(lang, '查询', 'Check')}</button></form>`;

  const lookup = async (req: FastifyRequest, reply: FastifyReply, lang: Lang, raw: string) => {
    const cleaned = raw.toUpperCase().replace(/[\s-]/g, '');
    const code = cleaned.length === 8 ? `${cleaned.slice(0, 4)}-${cleaned.slice(4)}` : cleaned;
    if (!CODE_PATTERN.test(code)) return send(reply, 422, lang, pick(lang, '查询', 'Check'), '/status', statusForm(lang, raw.slice(0, 12), html`${pick(lang, '编号是 8 位,比如 AC3D-7FKQ。请对照回执再输一次。', 'A code has 8 letters and digits, like AC3D-7FKQ. Check your receipt and try again.')}`), { code: raw.slice(0, 12) });
    const wait = await limiter.take(req.ip, now().getTime());
    if (wait > 0) {
      void reply.header('retry-after', String(wait));
      return send(reply, 429, lang, pick(lang, '稍后再查', 'Try later'), '/status', statusForm(lang, code, html`${pick(lang, `查询次数太多,请 ${Math.ceil(wait / 60)} 分钟后再试。`, `Too many lookups; try again in ${Math.ceil(wait / 60)} min.`)}`));
    }
    const r = await store.get<StatusRow>(`SELECT id, code, type, status, received_at FROM requests WHERE code = ? ORDER BY ref DESC LIMIT 1`, [code]);
    if (!r) return send(reply, 404, lang, code, statusPath(code), statusForm(lang, code, html`${pick(lang, '没有找到这个编号。刚提交的申请可能还没送到乡镇,请过一会儿再查。', 'No request has this code. A request filed just now may not have reached the township yet; try again later.')}`));
    const hist = await store.all<{ status: RequestStatus; at: string; note: string | null }>(`SELECT status, at, note FROM request_history WHERE request_id = ? ORDER BY n`, [r.id]);
    const visit = await store.get<{ visit_date: string | null }>(`SELECT visit_date FROM request_followup WHERE request_id = ?`, [r.id]);
    const label = (s: RequestStatus) => STATUS_LABELS[s][lang === 'en' ? 1 : 0];
    return send(
      reply,
      200,
      lang,
      code,
      statusPath(code),
      html`<h1>${pick(lang, '申请进度', 'Request status')} <span lang="en">${code}</span></h1>
<p>${TYPE_LABELS[r.type][lang === 'en' ? 1 : 0]}</p>
<p class="status${r.status === 'rejected' ? ' rejected' : ''}" data-status="${r.status}">${label(r.status)}</p>
${visit?.visit_date && r.status === 'visit-scheduled' ? html`<p class="big">${pick(lang, '上门日期', 'Home visit on')}: ${visit.visit_date}</p>` : ''}
<h2>${pick(lang, '办理经过', 'Timeline')}</h2>
<ol>${hist.map((h) => html`<li><strong>${label(h.status)}</strong> · ${beijing(h.at)} (${pick(lang, '北京时间', 'Beijing time')})${h.note ? html`<br><span class="note">${h.note}</span>` : ''}</li>`)}</ol>
<p><a href="/status${ln(lang)}">${pick(lang, '查另一个编号', 'Check another code')}</a></p>`,
    );
  };

  app.get('/status', async (req: FastifyRequest<Q>, reply) => {
    const lang = langOf(req.query.lang);
    if (req.query.code) return lookup(req, reply, lang, req.query.code.slice(0, 20));
    return send(reply, 200, lang, pick(lang, '查询我的申请', 'Check my request'), '/status', statusForm(lang, '', null));
  });

  app.get('/status/:code', async (req: FastifyRequest<Q & { Params: { code: string } }>, reply) => lookup(req, reply, langOf(req.query.lang), req.params.code.slice(0, 20)));
}
