// Follow-up on the request page and around it: the phone number behind a logged "show"
// button, assignment, internal notes, the audit log, the dashboard, CSV/XLSX export of the
// filtered list (Beijing time), and live alerts of new requests (server-sent events).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import ExcelJS from 'exceljs';
import { RequestType } from '../../protocol/relay.js';
import { RequestStatus } from '../../protocol/feed.js';
import { listOfficials } from '../accounts.js';
import { addNote, dashboard, getFollowup, listFollowups, logPhoneView, reassign, requestAudit, type FollowupFilter, type FollowupRow } from '../followup.js';
import type { Session } from '../officials.js';
import { beijing } from '../time.js';
import { html, t, type Html } from './html.js';
import { STATUS_LABELS, TYPE_LABELS } from './labels.js';
import type { OfficialCtx } from './officials.js';
import { formOf } from './households-pages.js';
import { AlertCursor } from './alert-cursor.js';

/** The phone number only after "show", which is logged; then a tel: link. */
export function phoneField(ctx: OfficialCtx, s: Session, requestId: string, phone: string, show: boolean): Html {
  if (show) return html`<a href="tel:${phone}" class="tel" id="tel-link">☎ ${phone}</a>`;
  return html`<form method="post" action="/officials/requests/${encodeURIComponent(requestId)}/phone" class="inline">${ctx.csrfField(s)}<button type="submit" id="show-phone">${t('显示电话(会记录)', 'Show phone (logged)')}</button></form>`;
}

const ACTION_LABELS: Record<string, [string, string]> = {
  'status-changed': ['改状态', 'status changed'],
  'note-added': ['备注', 'note'],
  reassigned: ['改派', 'reassigned'],
  'phone-viewed': ['查看电话', 'phone number viewed'],
  'visit-scheduled': ['定上门日期', 'visit date set'],
};

/** A stored value as text: scalars and dates as String() gives them, any other object as JSON (never "[object Object]"). */
function valueText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' || typeof v === 'symbol' || v === null || v === undefined || v instanceof Date) return String(v);
  return JSON.stringify(v);
}

function detailText(action: string, d: Record<string, unknown> | null): string {
  if (!d) return '';
  if (action === 'status-changed') return `${STATUS_LABELS[d.status as RequestStatus]?.[0] ?? String(d.status)}${d.note ? ` · ${valueText(d.note)}` : ''}`;
  if (action === 'reassigned') return `${valueText(d.from ?? '—')} → ${valueText(d.to ?? '—')}`;
  if (action === 'note-added') return valueText(d.note ?? '');
  if (action === 'visit-scheduled') return valueText(d.date ?? '');
  return '';
}

export async function followupPanel(ctx: OfficialCtx, s: Session, requestId: string): Promise<Html> {
  const f = await getFollowup(ctx.store, requestId, ctx.now());
  if (!f) return html``;
  const officials = await listOfficials(ctx.store);
  const enc = encodeURIComponent(requestId);
  const log = await requestAudit(ctx.store, requestId);
  return html`<h2>${t('跟进', 'Follow-up')}</h2>
<dl id="followup">
<dt>${t('负责人', 'Assigned to')}</dt><dd data-assigned="${f.assignedTo ?? ''}">${f.assignedTo ?? t('未分配', 'unassigned')}</dd>
<dt>${t('承诺期限', 'Due (receipt promise)')}</dt><dd data-due="${f.dueAt ?? ''}">${f.dueAt ? beijing(f.dueAt) : '—'}${f.overdue ? html` <strong class="overdue-mark">${t('逾期', 'overdue')}</strong>` : ''}</dd>
<dt>${t('首次联系', 'First contact')}</dt><dd>${f.firstContactAt ? beijing(f.firstContactAt) : '—'}</dd>
${f.visitDate ? html`<dt>${t('上门日期', 'Visit date')}</dt><dd id="visit-date">${f.visitDate}</dd>` : ''}
</dl>
<form method="post" action="/officials/requests/${enc}/assign" class="filters">${ctx.csrfField(s)}<div><label for="as">${t('改派给', 'Reassign to')}</label><select id="as" name="assignTo"><option value="">未分配 unassigned</option>${officials.map((o) => html`<option value="${o.username}"${o.username === f.assignedTo ? html` selected` : ''}>${o.name} (${o.username})</option>`)}</select></div><button type="submit">${t('改派', 'Reassign')}</button></form>
<form method="post" action="/officials/requests/${enc}/note">${ctx.csrfField(s)}<label for="inote">${t('内部备注(村民看不到)', 'Internal note (the villager does not see it)')}</label><textarea id="inote" name="note" maxlength="1000" required></textarea><button type="submit">${t('记录备注', 'Add note')}</button></form>
<h2>${t('操作记录', 'Audit log')}</h2>
${log.length === 0 ? html`<p>${t('还没有。', 'Nothing yet.')}</p>` : html`<table id="audit"><thead><tr><th>${t('时间(北京)', 'Time (Beijing)')}</th><th>${t('人', 'Who')}</th><th>${t('操作', 'Action')}</th><th>${t('内容', 'Detail')}</th></tr></thead><tbody>${log.map((e) => html`<tr data-action="${e.action}"><td>${beijing(e.at)}</td><td>${e.by ?? '—'}</td><td>${t(...(ACTION_LABELS[e.action] ?? [e.action, '']))}</td><td>${detailText(e.action, e.detail)}</td></tr>`)}</tbody></table>`}`;
}

type Q = { Querystring: Record<string, string | undefined> };

export function filterOf(q: Record<string, string | undefined>, me: string): FollowupFilter {
  return {
    village: q.village ? q.village.slice(0, 60) : undefined,
    type: RequestType.safeParse(q.type).success ? q.type : undefined,
    status: RequestStatus.safeParse(q.status).success ? q.status : undefined,
    assignedTo: q.assigned === 'me' ? me : q.assigned ? q.assigned.slice(0, 40) : undefined,
    overdueOnly: q.overdue === '1',
  };
}

export const EXPORT_COLUMNS = ['code', 'townshipRef', 'type', 'typeLabel', 'village', 'status', 'statusLabel', 'receivedAt', 'assignedTo', 'dueAt', 'overdue', 'firstContactAt', 'visitDate', 'householdId'] as const;
export const EXPORT_HEADERS = ['编号 code', '乡镇编号 ref', '类型 type', '类型名称 type name', '村 village', '状态 status', '状态名称 status name', '收到时间(北京) received (Beijing)', '负责人 assigned', '期限(北京) due (Beijing)', '逾期 overdue', '首次联系(北京) first contact (Beijing)', '上门日期 visit date', '户号 household'];

export function exportRow(r: FollowupRow): string[] {
  return [r.code, r.townshipRef, r.type, TYPE_LABELS[r.type][0], r.village, r.status, STATUS_LABELS[r.status][0], beijing(r.receivedAt), r.assignedTo ?? '', r.dueAt ? beijing(r.dueAt) : '', r.overdue ? '是 yes' : '', r.firstContactAt ? beijing(r.firstContactAt) : '', r.visitDate ?? '', r.householdId ?? ''];
}

function csvCell(v: string): string {
  // Quote every cell; a leading = + - @ is prefixed with ' so a spreadsheet does not run it as a formula.
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function toCsv(rows: FollowupRow[]): string {
  return '\ufeff' + [EXPORT_HEADERS, ...rows.map(exportRow)].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export async function toXlsx(rows: FollowupRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'village-kiosk township';
  const ws = wb.addWorksheet('requests');
  ws.addRow(EXPORT_HEADERS);
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(exportRow(r));
  ws.columns.forEach((c) => (c.width = 18));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const LIVE_JS = `(function(){var box=document.getElementById('live');if(!box||!window.EventSource)return;var es=new EventSource(box.getAttribute('data-live-url'));var ctx=null;function beep(){try{ctx=ctx||new (window.AudioContext||window.webkitAudioContext)();var o=ctx.createOscillator(),g=ctx.createGain();o.frequency.value=880;g.gain.value=0.2;o.connect(g);g.connect(ctx.destination);o.start();o.stop(ctx.currentTime+0.4);box.setAttribute('data-sound','played');}catch(e){box.setAttribute('data-sound','blocked');}}
es.addEventListener('request',function(ev){var d=JSON.parse(ev.data);var p=document.createElement('p');p.className='flash';p.setAttribute('data-new-code',d.code);var a=document.createElement('a');a.href='/officials/requests/'+encodeURIComponent(d.id);a.textContent=d.code;p.appendChild(document.createTextNode('新请求 New request: '));p.appendChild(a);p.appendChild(document.createTextNode(' · '+d.typeLabel+' · '+d.village+' · '+d.receivedAt));box.insertBefore(p,box.firstChild);beep();});
document.addEventListener('click',function(){if(!ctx){try{ctx=new (window.AudioContext||window.webkitAudioContext)();}catch(e){}}},{once:true});})();`;

/** Open live streams at most (each polls the database every 2 s). */
export const MAX_STREAMS = 100;

export function registerFollowupPages(app: FastifyInstance, ctx: OfficialCtx): void {
  const { store, now } = ctx;

  const back = (reply: FastifyReply, id: string, done: string) => reply.status(303).header('location', `/officials/requests/${encodeURIComponent(id)}?done=${done}`).send();

  app.post('/officials/requests/:id/phone', async (req: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const s = await ctx.requirePost(req, reply);
    if (!s) return reply;
    await logPhoneView(store, req.params.id, s.username, now());
    return ctx.requestPage!(reply, s, req.params.id, 200, null, null, true);
  });

  app.post('/officials/requests/:id/assign', async (req: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const s = await ctx.requirePost(req, reply);
    if (!s) return reply;
    const r = await reassign(store, req.params.id, formOf(req).assignTo || null, s.username, now());
    if (!r.ok) return ctx.requestPage!(reply, s, req.params.id, 422, html`${r.message}`, null);
    return back(reply, req.params.id, 'reassigned');
  });

  app.post('/officials/requests/:id/note', async (req: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const s = await ctx.requirePost(req, reply);
    if (!s) return reply;
    const r = await addNote(store, req.params.id, formOf(req).note ?? '', s.username, now());
    if (!r.ok) return ctx.requestPage!(reply, s, req.params.id, 422, html`${r.message}`, null);
    return back(reply, req.params.id, 'note-added');
  });

  app.get('/officials/dashboard', async (req: FastifyRequest<Q>, reply) => {
    const s = await ctx.requireSession(req, reply);
    if (!s) return reply;
    const d = await dashboard(store, now(), filterOf(req.query, s.username));
    const villages = [...new Set(d.cells.map((c) => c.village))];
    const statuses = RequestStatus.options.filter((st) => d.cells.some((c) => c.status === st));
    const median = d.medianHoursToFirstContact;
    return ctx.render(
      reply,
      200,
      '统计 Dashboard',
      html`<h1>${t('统计', 'Dashboard')}</h1>
<dl id="dash-summary"><dt>${t('逾期未联系', 'Overdue, not contacted')}</dt><dd data-overdue="${d.overdueTotal}">${d.overdueTotal}</dd>
<dt>${t('首次联系用时(中位数)', 'Median time to first contact')}</dt><dd data-median-hours="${median === null ? '' : median.toFixed(2)}">${median === null ? '—' : median < 48 ? `${median.toFixed(1)} 小时 hours` : `${(median / 24).toFixed(1)} 天 days`} (${d.contacted})</dd></dl>
${d.overdueByVillage.length ? html`<h2>${t('各村逾期', 'Overdue by village')}</h2><table><tbody>${d.overdueByVillage.map((o) => html`<tr><td>${o.village}</td><td><a href="/officials/?overdue=1&amp;village=${encodeURIComponent(o.village)}">${o.n}</a></td></tr>`)}</tbody></table>` : ''}
<h2>${t('村 × 类型 × 状态', 'Village × type × status')}</h2>
${villages.map(
  (v) => html`<h3>${v}</h3><table class="dash" data-village="${v}"><thead><tr><th>${t('类型', 'Type')}</th>${statuses.map((st) => html`<th>${STATUS_LABELS[st][0]}</th>`)}</tr></thead><tbody>
${RequestType.options
  .filter((ty) => d.cells.some((c) => c.village === v && c.type === ty))
  .map((ty) => html`<tr><td>${TYPE_LABELS[ty][0]}</td>${statuses.map((st) => html`<td data-cell="${ty}|${st}">${d.cells.find((c) => c.village === v && c.type === ty && c.status === st)?.n ?? 0}</td>`)}</tr>`)}
</tbody></table>`,
)}`,
      { session: s },
    );
  });

  app.get('/officials/export.csv', async (req: FastifyRequest<Q>, reply) => {
    const s = await ctx.requireSession(req, reply);
    if (!s) return reply;
    const rows = (await listFollowups(store, filterOf(req.query, s.username), now())).rows;
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="requests.csv"').header('cache-control', 'no-store').send(toCsv(rows));
  });

  app.get('/officials/export.xlsx', async (req: FastifyRequest<Q>, reply) => {
    const s = await ctx.requireSession(req, reply);
    if (!s) return reply;
    const rows = (await listFollowups(store, filterOf(req.query, s.username), now())).rows;
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', 'attachment; filename="requests.xlsx"')
      .header('cache-control', 'no-store')
      .send(await toXlsx(rows));
  });

  app.get('/officials/live.js', async (_req, reply) => reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'max-age=300').send(LIVE_JS));

  // New requests, pushed to every open officials' page. Polls the database (requests arrive
  // through the relay, possibly from another process) every 2 s per open page.
  let streams = 0;
  app.get('/officials/events', async (req, reply) => {
    const s = await ctx.requireSession(req, reply);
    if (!s) return;
    if (streams >= MAX_STREAMS) {
      void reply.status(503).header('retry-after', '30').send({ error: { code: 'busy', message: 'Too many open live pages; the browser retries.' } });
      return;
    }
    streams++;
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-content-type-options': 'nosniff' });
    let cursor: AlertCursor;
    try {
      cursor = await AlertCursor.open(store);
    } catch {
      streams--;
      res.end();
      return;
    }
    if (res.destroyed) {
      // the page went away while the cursor opened: its 'close' came before a listener
      streams--;
      return;
    }
    res.write(`retry: 3000\n: connected\n\n`);
    let busy = false;
    const tick = async () => {
      if (busy || stopped) return;
      busy = true;
      try {
        // not "ref > highest seen": on PostgreSQL refs commit out of order (alert-cursor.ts)
        const rows = await cursor.poll();
        for (const r of rows) {
          const type = r.type as RequestType;
          res.write(`event: request\ndata: ${JSON.stringify({ id: r.id, code: r.code, type, typeLabel: TYPE_LABELS[type]?.[0] ?? type, village: r.village, receivedAt: beijing(r.received_at) })}\n\n`);
        }
        if (rows.length === 0) res.write(`: ping\n\n`);
      } catch {
        // the database closed under us (shutdown): end the stream
        stop();
        res.end();
      } finally {
        busy = false;
      }
    };
    const timer = setInterval(() => void tick(), 2000);
    const maxLife = setTimeout(() => {
      stop();
      res.end();
    }, 30 * 60_000);
    let stopped = false;
    const stop = () => {
      if (stopped) return;
      stopped = true;
      streams--;
      clearInterval(timer);
      clearTimeout(maxLife);
    };
    req.raw.on('close', stop);
  });
}
