// The officials' web page: plain server-rendered HTML, no scripts, strict CSP.
// Login (scrypt, rate-limited) -> session cookie (HttpOnly, SameSite=Strict) with a CSRF
// token that every form posts back. Lists and filters requests, opens one, sets its status,
// issues kiosk tokens, and publishes/edits/unpublishes policies and jobs (content-pages.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import { encodeEnrolment } from '../../protocol/enrolment.js';
import { RequestType } from '../../protocol/relay.js';
import { RequestStatus } from '../../protocol/feed.js';
import type { Logger } from '../../log/logger.js';
import type { TownshipConfig } from '../config.js';
import type { SqlStore } from '../store/sql-store.js';
import type { TownshipKey } from '../keys.js';
import { issueKioskToken, listKiosks } from '../kiosks.js';
import { checkLogin, createSession, endSession, getSession, KeyedQueue, LoginLimiter, sameSecret, type Session } from '../officials.js';
import { distinctVillages, getRequest, LISTED_STATUSES, nextStatuses, setRequestStatus } from '../requests.js';
import { registerContentPages } from './content-pages.js';
import { registerTownshipQrPages } from './register-qr-pages.js';
import { beijing } from '../time.js';
import { listFollowups, logStatusChange, setVisitDate } from '../followup.js';
import { listOfficials } from '../accounts.js';
import { followupPanel, phoneField } from './followup-pages.js';
import { CSP, esc, html, page, STYLE, t, type Html } from './html.js';
import { payloadWords, STATUS_LABELS, TYPE_LABELS } from './labels.js';

export const SESSION_COOKIE = 'tw_session';
export const LOGIN_CSRF_COOKIE = 'tw_login';

export interface OfficialDeps {
  store: SqlStore;
  key: TownshipKey;
  log: Logger;
  now: () => Date;
  config: TownshipConfig;
}

export interface OfficialCtx extends OfficialDeps {
  /** The request page (officials.ts), for follow-up routes that answer with it. */
  requestPage?(reply: FastifyReply, s: Session, id: string, status: number, error: Html | null, flash: Html | null, showPhone?: boolean): Promise<FastifyReply>;
  render(reply: FastifyReply, status: number, title: string, body: Html, opts?: { session?: Session | null; flash?: Html | null; error?: Html | null }): FastifyReply;
  requireSession(req: FastifyRequest, reply: FastifyReply): Promise<Session | null>;
  /** For POSTs: session + CSRF + same-origin check; answers the request itself when it fails. */
  requirePost(req: FastifyRequest, reply: FastifyReply): Promise<Session | null>;
  csrfField(session: Session): Html;
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const k = part.slice(0, i).trim();
    if (k && !(k in out)) out[k] = part.slice(i + 1).trim();
  }
  return out;
}

type Form = Record<string, string | undefined>;

/** The posted form: string values only (the form parser gives nothing else; this makes sure). */
function formOf(req: FastifyRequest): Form {
  const b = req.body;
  if (typeof b !== 'object' || b === null || Array.isArray(b)) return {};
  return Object.fromEntries(Object.entries(b).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

const statusLabel = (s: RequestStatus) => t(...STATUS_LABELS[s]);
const typeLabel = (s: RequestType) => t(...TYPE_LABELS[s]);
const when = (iso: string) => beijing(iso);

export function registerOfficialRoutes(app: FastifyInstance, deps: OfficialDeps): { setSecureCookies(v: boolean): void } {
  const { store, config, now } = deps;
  const log = deps.log.child({ component: 'officials' });
  // Per username, and (more loosely: an office shares one address) per client address.
  const userLimiter = new LoginLimiter(store, 'user', config.officials.loginMaxFailures, config.officials.loginLockoutSeconds);
  const ipLimiter = new LoginLimiter(store, 'ip', config.officials.loginMaxFailures * 4, config.officials.loginLockoutSeconds);
  // Attempts waiting for their account's password check; more than this are refused at once.
  const loginQueue = new KeyedQueue(config.officials.loginMaxFailures * 4);
  let secure = false;
  const cookie = (name: string, value: string, maxAgeSeconds: number) =>
    `${name}=${value}; Path=/officials; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;

  const ctx: OfficialCtx = {
    ...deps,
    render(reply, status, title, body, opts = {}) {
      const s = opts.session ?? null;
      return reply
        .status(status)
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-security-policy', CSP)
        .header('cache-control', 'no-store')
        .send(page({ title, username: s?.username ?? null, csrf: s?.csrf ?? null, townshipName: config.name, flash: opts.flash ?? null, error: opts.error ?? null }, body));
    },
    async requireSession(req, reply) {
      const s = await getSession(store, parseCookies(req.headers.cookie)[SESSION_COOKIE], now());
      if (!s) {
        void reply.status(303).header('location', '/officials/login').header('cache-control', 'no-store').send();
        return null;
      }
      return s;
    },
    async requirePost(req, reply) {
      const origin = req.headers.origin;
      if (origin !== undefined && origin !== 'null') {
        let ok = false;
        try {
          ok = new URL(origin).host === req.headers.host;
        } catch {
          ok = false;
        }
        if (!ok) {
          ctx.render(reply, 403, '403', html`<h1>${t('请求来源不对', 'Wrong origin')}</h1><p>${t('请从本页面提交。', 'Submit forms from this site only.')}</p>`);
          return null;
        }
      }
      const s = await getSession(store, parseCookies(req.headers.cookie)[SESSION_COOKIE], now());
      if (!s) {
        void reply.status(303).header('location', '/officials/login').send();
        return null;
      }
      if (!sameSecret(formOf(req)._csrf, s.csrf)) {
        log.warn('csrf-rejected', { username: s.username, path: req.url });
        ctx.render(reply, 403, '403', html`<h1>${t('表单已过期', 'The form has expired')}</h1><p>${t('请返回,刷新页面后再提交。', 'Go back, reload the page and submit again.')}</p>`, { session: s });
        return null;
      }
      return s;
    },
    csrfField: (s) => html`<input type="hidden" name="_csrf" value="${s.csrf}">`,
  };

  app.get('/officials/style.css', async (_req, reply) => reply.header('content-type', 'text/css; charset=utf-8').header('cache-control', 'max-age=3600').send(STYLE));
  app.get('/officials', async (_req, reply) => reply.status(301).header('location', '/officials/').send());

  // ---- login / logout -------------------------------------------------------------------
  const loginForm = (reply: FastifyReply, status: number, error: Html | null, username = '') => {
    const token = randomBytes(18).toString('base64url');
    void reply.header('set-cookie', cookie(LOGIN_CSRF_COOKIE, token, 3600));
    return ctx.render(
      reply,
      status,
      '登录 Log in',
      html`<h1>${t('工作人员登录', 'Officials: log in')}</h1>
<form method="post" action="/officials/login"><input type="hidden" name="_csrf" value="${token}">
<label for="u">${t('用户名', 'Username')}</label><input id="u" type="text" name="username" autocomplete="username" required value="${username}">
<label for="p">${t('密码', 'Password')}</label><input id="p" type="password" name="password" autocomplete="current-password" required>
<button type="submit">${t('登录', 'Log in')}</button></form>`,
      { error },
    );
  };

  app.get('/officials/login', async (_req, reply) => loginForm(reply, 200, null));

  app.post('/officials/login', async (req, reply) => {
    const f = formOf(req);
    if (!sameSecret(f._csrf, parseCookies(req.headers.cookie)[LOGIN_CSRF_COOKIE] ?? '\0')) {
      return loginForm(reply, 403, t('登录页已过期,请重新输入。', 'The login page expired; please try again.'));
    }
    const username = (f.username ?? '').trim().slice(0, 60);
    const password = f.password ?? '';
    const userKey = username.toLowerCase();
    const ip = req.ip;
    const locked = (wait: number) => {
      log.warn('login-locked', { username, ip, wait });
      void reply.header('retry-after', String(wait));
      return loginForm(reply, 429, t(`登录失败次数太多,请 ${Math.ceil(wait / 60)} 分钟后再试。`, `Too many failed logins; try again in ${Math.ceil(wait / 60)} min.`), username);
    };
    const early = Math.max(await userLimiter.lockedFor(userKey, now().getTime()), await ipLimiter.lockedFor(ip, now().getTime()));
    if (early > 0) return locked(early);
    // One password check per account at a time; each attempt is counted before it is checked.
    const queued = loginQueue.run(userKey, async () => {
      const ms = now().getTime();
      const waitUser = await userLimiter.reserve(userKey, ms);
      if (waitUser > 0) return locked(waitUser);
      const waitIp = await ipLimiter.reserve(ip, ms);
      if (waitIp > 0) {
        await userLimiter.release(userKey);
        return locked(waitIp);
      }
      const ok = await checkLogin(store, username, password);
      const after = now().getTime();
      if (!ok) {
        await userLimiter.fail(userKey, after);
        await ipLimiter.fail(ip, after);
        log.warn('login-failed', { username, ip });
        return loginForm(reply, 401, t('用户名或密码不对。', 'Wrong username or password.'), username);
      }
      // A lock set while this password was being checked (other attempts from this address) wins.
      const lockedMeanwhile = Math.max(await userLimiter.lockedFor(userKey, after), await ipLimiter.lockedFor(ip, after));
      if (lockedMeanwhile > 0) {
        await userLimiter.release(userKey);
        await ipLimiter.release(ip);
        return locked(lockedMeanwhile);
      }
      await userLimiter.succeed(userKey);
      await ipLimiter.release(ip);
      const s = await createSession(store, username, config.officials.sessionHours, now());
      log.info('login', { username });
      return reply
        .status(303)
        .header('set-cookie', [cookie(SESSION_COOKIE, s.cookieValue, Math.round(config.officials.sessionHours * 3600)), cookie(LOGIN_CSRF_COOKIE, '', 0)])
        .header('location', '/officials/')
        .send();
    });
    return queued ?? locked(Math.max(1, config.officials.loginLockoutSeconds));
  });

  app.post('/officials/logout', async (req, reply) => {
    const s = await ctx.requirePost(req, reply);
    if (!s) return reply;
    await endSession(store, parseCookies(req.headers.cookie)[SESSION_COOKIE]);
    return reply.status(303).header('set-cookie', cookie(SESSION_COOKIE, '', 0)).header('location', '/officials/login').send();
  });

  // ---- requests -------------------------------------------------------------------------
  app.get('/officials/', async (req: FastifyRequest<{ Querystring: Record<string, string | undefined> }>, reply) => {
    const s = await ctx.requireSession(req, reply);
    if (!s) return reply;
    const q = req.query;
    const type = RequestType.safeParse(q.type).success ? q.type : undefined;
    const status = RequestStatus.safeParse(q.status).success ? q.status : undefined;
    const village = q.village ? q.village.slice(0, 60) : undefined;
    const pageNo = Math.max(1, Math.min(10_000, Number.parseInt(q.page ?? '1', 10) || 1));
    const assignedTo = q.assigned === 'me' ? s.username : q.assigned ? q.assigned.slice(0, 40) : undefined;
    const overdueOnly = q.overdue === '1';
    const { rows, total, overdue } = await listFollowups(store, { village, type, status, assignedTo, overdueOnly }, now(), 50, (pageNo - 1) * 50);
    const officials = await listOfficials(store);
    const filterQs = new URLSearchParams({ ...(village ? { village } : {}), ...(type ? { type } : {}), ...(status ? { status } : {}), ...(q.assigned ? { assigned: q.assigned.slice(0, 40) } : {}), ...(overdueOnly ? { overdue: '1' } : {}) }).toString();
    const villages = await distinctVillages(store);
    const opt = (value: string, current: string | undefined, label: Html | string) => html`<option value="${value}"${value === (current ?? '') ? html` selected` : ''}>${label}</option>`;
    const qs = (p: number) => '?' + new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(filterQs)), page: String(p) }).toString();
    return ctx.render(
      reply,
      200,
      '请求 Requests',
      html`<h1>${t('收到的请求', 'Incoming requests')} (${total})</h1>
<p class="muted">${t('时间均为北京时间。', 'All times are Beijing time.')}</p>
${overdue > 0 ? html`<p class="error" role="alert" id="overdue-banner"><a href="/officials/?overdue=1">${t(`${overdue} 件已超过承诺时间还没联系`, `${overdue} overdue: not contacted by the promised day`)}</a></p>` : ''}
<div id="live" role="status" aria-live="polite" data-live-url="/officials/events"></div>
<form method="get" action="/officials/" class="filters">
<div><label for="fv">${t('村', 'Village')}</label><select id="fv" name="village">${opt('', village, '全部 all')}${villages.map((v) => opt(v, village, v))}</select></div>
<div><label for="ft">${t('类型', 'Type')}</label><select id="ft" name="type">${opt('', type, '全部 all')}${RequestType.options.map((v) => opt(v, type, `${TYPE_LABELS[v][0]} ${TYPE_LABELS[v][1]}`))}</select></div>
<div><label for="fs">${t('状态', 'Status')}</label><select id="fs" name="status">${opt('', status, '全部 all')}${LISTED_STATUSES.map((v) => opt(v, status, `${STATUS_LABELS[v][0]} ${STATUS_LABELS[v][1]}`))}</select></div>
<div><label for="fa">${t('负责人', 'Assigned to')}</label><select id="fa" name="assigned">${opt('', q.assigned, '全部 all')}${opt('me', q.assigned, '我 me')}${officials.map((o) => opt(o.username, q.assigned, `${o.name} (${o.username})`))}</select></div>
<div><label><input type="checkbox" name="overdue" value="1"${overdueOnly ? html` checked` : ''}> ${t('只看逾期', 'Overdue only')}</label></div>
<button type="submit">${t('筛选', 'Filter')}</button></form>
<p><a href="/officials/export.csv?${filterQs}" id="export-csv">${t('导出 CSV', 'Export CSV')}</a> · <a href="/officials/export.xlsx?${filterQs}" id="export-xlsx">${t('导出 Excel', 'Export XLSX')}</a> · <a href="/officials/dashboard">${t('统计', 'Dashboard')}</a></p>
${
  rows.length === 0
    ? html`<p>${t('没有符合条件的请求。', 'No requests match.')}</p>`
    : html`<table><thead><tr><th>${t('编号', 'Code')}</th><th>${t('类型', 'Type')}</th><th>${t('村', 'Village')}</th><th>${t('状态', 'Status')}</th><th>${t('收到时间', 'Received')}</th><th>${t('负责人', 'Assigned')}</th><th>${t('期限', 'Due')}</th></tr></thead><tbody id="request-rows">
${rows.map((r) => html`<tr data-code="${r.code}"${r.overdue ? html` class="overdue"` : ''}><td><a href="/officials/requests/${encodeURIComponent(r.id)}" class="mono">${r.code}</a></td><td>${typeLabel(r.type)}${r.assistedBy ? html` <span class="assisted" data-assisted-by="${r.assistedBy}">${t('工作人员代办', 'assisted')} ${r.assistedBy}</span>` : ''}</td><td>${r.village}</td><td class="status-${r.status}">${statusLabel(r.status)}${r.visitDate && r.status === 'visit-scheduled' ? html`<br>${t('上门', 'visit')} ${r.visitDate}` : ''}</td><td>${when(r.receivedAt)}</td><td data-assigned="${r.assignedTo ?? ''}">${r.assignedTo ?? t('未分配', 'unassigned')}</td><td data-due="${r.dueAt ?? ''}">${r.dueAt ? when(r.dueAt) : '—'}${r.overdue ? html` <strong class="overdue-mark">${t('逾期', 'overdue')}</strong>` : ''}</td></tr>`)}
</tbody></table>`
}
<p>${pageNo > 1 ? html`<a href="${qs(pageNo - 1)}">${t('上一页', 'Previous')}</a> ` : ''}${pageNo * 50 < total ? html`<a href="${qs(pageNo + 1)}">${t('下一页', 'Next')}</a>` : ''}</p>`,
      { session: s },
    );
  });

  const FLASH: Record<string, Html> = {
    'status-saved': t('状态已更新,终端下次同步时会显示。', 'Status saved; the kiosk shows it after its next sync.'),
    reassigned: t('已改派。', 'Reassigned.'),
    'note-added': t('备注已记录。', 'Note saved.'),
  };

  const requestPage = async (reply: FastifyReply, s: Session, id: string, status: number, error: Html | null, flash: Html | null, showPhone = false) => {
    const r = await getRequest(store, id);
    if (!r) return ctx.render(reply, 404, '404', html`<h1>${t('找不到这个请求', 'Request not found')}</h1><p><a href="/officials/">${t('返回列表', 'Back to the list')}</a></p>`, { session: s });
    const c = r.request.contact;
    const next = nextStatuses(r.status);
    return ctx.render(
      reply,
      status,
      `${r.code}`,
      html`<p><a href="/officials/">← ${t('返回列表', 'Back to the list')}</a></p>
<h1>${typeLabel(r.type)} · <span class="mono">${r.code}</span></h1>
<dl>
<dt>${t('状态', 'Status')}</dt><dd class="status-${r.status}">${statusLabel(r.status)}</dd>
<dt>${t('乡镇编号', 'Township ref')}</dt><dd class="mono">${r.townshipRef}</dd>
${payloadWords(r.request.payload).map((w) => html`<dt>${t(...w.field)}</dt><dd>${t(...w.value)}</dd>`)}
<dt>${t('联系电话', 'Contact phone')}</dt><dd>${phoneField(ctx, s, r.id, c.phone, showPhone)}</dd>
<dt>${t('姓名', 'Name')}</dt><dd>${c.name ?? '未填 not given'}</dd>
<dt>${t('户号', 'Household')}</dt><dd class="mono">${c.householdId ?? '未填 not given'}</dd>
<dt>${t('村', 'Village')}</dt><dd>${r.village}</dd>
<dt>${t('服务终端', 'Kiosk')}</dt><dd class="mono">${r.kioskId}</dd>
<dt>${t('提交方式', 'Filed by')}</dt><dd data-testid="filed-by">${r.assistedBy ? html`${t('大厅工作人员代村民提交,工牌', 'a hall attendant for a walk-in, badge')} <span class="mono">${r.assistedBy}</span>` : t('村民本人在终端提交', 'the villager at the kiosk')}</dd>
<dt>${t('村民提交时间', 'Filed at kiosk')}</dt><dd>${when(r.request.createdAt)}</dd>
<dt>${t('乡镇收到时间', 'Received')}</dt><dd>${when(r.receivedAt)}</dd>
</dl>
<h2>${t('办理记录', 'History')}</h2>
<ol>${r.history.map((h) => html`<li><strong>${statusLabel(h.status)}</strong> · ${when(h.at)}${h.by ? html` · ${h.by}` : ''}${h.note ? html`<br>${h.note}` : ''}</li>`)}</ol>
<h2>${t('更新状态', 'Set status')}</h2>
<form method="post" action="/officials/requests/${encodeURIComponent(r.id)}/status">${ctx.csrfField(s)}
<label for="st">${t('新状态', 'New status')}</label><select id="st" name="status">${next.map((n) => html`<option value="${n}">${STATUS_LABELS[n][0]} ${STATUS_LABELS[n][1]}</option>`)}</select>
<label for="visit">${t('上门日期(选"已安排上门"时填)', 'Visit date (with "visit scheduled")')}</label><input id="visit" type="date" name="visitDate">
<label for="note">${t('说明(村民能看到;未通过时必须写原因)', 'Note (the villager sees it; required when rejecting)')}</label><textarea id="note" name="note" maxlength="500"></textarea>
<button type="submit">${t('保存状态', 'Save status')}</button></form>
${await followupPanel(ctx, s, r.id)}`,
      { session: s, error, flash },
    );
  };

  ctx.requestPage = requestPage;

  app.get('/officials/requests/:id', async (req: FastifyRequest<{ Params: { id: string }; Querystring: Record<string, string | undefined> }>, reply) => {
    const s = await ctx.requireSession(req, reply);
    if (!s) return reply;
    return requestPage(reply, s, req.params.id, 200, null, FLASH[req.query.done ?? ''] ?? null);
  });

  app.post('/officials/requests/:id/status', async (req: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const s = await ctx.requirePost(req, reply);
    if (!s) return reply;
    const f = formOf(req);
    const st = RequestStatus.safeParse(f.status);
    if (!st.success) return requestPage(reply, s, req.params.id, 422, t('请选择一个状态。', 'Choose a status.'), null);
    if (st.data === 'visit-scheduled' && f.visitDate) {
      const v = await setVisitDate(store, req.params.id, f.visitDate, s.username, now());
      if (!v.ok) return requestPage(reply, s, req.params.id, 422, t('上门日期格式不对。', v.message), null);
    }
    const r = await setRequestStatus(store, req.params.id, st.data, f.note ?? '', s.username, now());
    if (r.ok) await logStatusChange(store, req.params.id, st.data, f.note ?? '', s.username, now());
    if (!r.ok) {
      const msg: Record<typeof r.code, Html> = {
        'not-found': t('找不到这个请求。', 'Request not found.'),
        'not-allowed': t('当前状态不能改成这个状态。', r.message),
        'note-required': t('未通过时请写明原因,村民会看到。', r.message),
        'note-too-long': t('说明太长(最多 500 字)。', r.message),
      };
      return requestPage(reply, s, req.params.id, r.code === 'not-found' ? 404 : 422, msg[r.code], null);
    }
    log.info('status-set', { requestId: req.params.id, status: st.data, by: s.username });
    return reply.status(303).header('location', `/officials/requests/${encodeURIComponent(req.params.id)}?done=status-saved`).send();
  });

  // ---- kiosks ---------------------------------------------------------------------------
  const kiosksPage = async (reply: FastifyReply, s: Session, status: number, extra: Html | null, error: Html | null) =>
    ctx.render(
      reply,
      status,
      '服务终端 Kiosks',
      html`<h1>${t('服务终端', 'Kiosks')}</h1>
${extra ?? ''}
<h2>${t('乡镇公钥', 'Township public key')}</h2>
<p>${t('填入每台终端配置的 township.publicKey:', "Put this in each kiosk's config as township.publicKey:")}</p><p class="token">${deps.key.publicKey}</p>
<h2>${t('发放终端令牌', 'Issue a kiosk token')}</h2>
<p>${t('同一终端重新发放会使旧令牌失效。令牌只显示一次。', 'Issuing again for the same kiosk revokes its old token. The token is shown once.')}</p>
<form method="post" action="/officials/kiosks">${ctx.csrfField(s)}
<label for="k">${t('终端编号', 'Kiosk id')}</label><input id="k" type="text" name="kioskId" required pattern="[A-Za-z0-9._\\-]{1,64}" maxlength="64">
<label for="v">${t('所在村', 'Village')}</label><input id="v" type="text" name="village" maxlength="40">
<button type="submit">${t('发放令牌', 'Issue token')}</button></form>
<h2>${t('已登记终端', 'Registered kiosks')}</h2>
<table><thead><tr><th>${t('终端编号', 'Kiosk id')}</th><th>${t('村', 'Village')}</th><th>${t('令牌发放', 'Token issued')}</th><th>${t('最近联系', 'Last seen')}</th></tr></thead><tbody>
${(await listKiosks(store)).map((k) => html`<tr><td class="mono">${k.kioskId}</td><td>${k.village}</td><td>${when(k.issuedAt)}</td><td>${k.lastSeenAt ? when(k.lastSeenAt) : '—'}</td></tr>`)}
</tbody></table>`,
      { session: s, error },
    );

  app.get('/officials/kiosks', async (req, reply) => {
    const s = await ctx.requireSession(req, reply);
    if (!s) return reply;
    return kiosksPage(reply, s, 200, null, null);
  });

  app.post('/officials/kiosks', async (req, reply) => {
    const s = await ctx.requirePost(req, reply);
    if (!s) return reply;
    const f = formOf(req);
    const r = await issueKioskToken(store, (f.kioskId ?? '').trim(), (f.village ?? '').trim(), now());
    if (!r.ok) return kiosksPage(reply, s, 422, null, html`${r.message}`);
    log.info('kiosk-token-issued', { kioskId: r.kioskId, by: s.username });
    // The enrolment QR (src/protocol/enrolment.ts): the township's address as this browser reached it.
    const origin = `${req.protocol}://${req.headers.host ?? 'localhost'}/`;
    const qr = await QRCode.toString(encodeEnrolment({ kioskId: r.kioskId, token: r.token, publicKey: deps.key.publicKey, url: origin }), { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
    return kiosksPage(
      reply,
      s,
      200,
      html`<section class="flash" role="status"><h2>${t('新令牌', 'New token')}: <span class="mono">${r.kioskId}</span></h2>
<p>${t('现在复制,之后不会再显示:', 'Copy it now; it is not shown again:')}</p><p class="token">${r.token}</p>
<p>${t('终端配置', 'Kiosk config')}: <span class="mono">KIOSK_TOWNSHIP_TOKEN=${r.token}</span></p>
<h3>${t('终端登记二维码', 'Kiosk enrolment QR')}</h3>
<p>${t('打印此页,在终端的“设置 → 登记”中扫描此码。它含有令牌:用后销毁。', 'Print this page and scan the code on the kiosk (Settings → Enrol). It holds the token: destroy it after use.')}</p>
<p><img class="enrolment-qr" data-testid="enrolment-qr" width="288" height="288" alt="${t('终端登记二维码', 'Kiosk enrolment QR')}" src="data:image/svg+xml;base64,${Buffer.from(qr).toString('base64')}"></p></section>`,
      null,
    );
  });

  registerContentPages(app, ctx);
  registerTownshipQrPages(app, ctx);
  return { setSecureCookies: (v) => (secure = v) };
}

export { esc };
