// Officials' pages to publish, edit and unpublish policies and job postings. One form per
// item type, generated from a field list that mirrors src/protocol/content.ts (both
// languages side by side); the body is validated with the protocol's own zod schema.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { EligibilityTag, EmploymentType, PayUnit, PolicyCategory, type ContentItemType } from '../../protocol/content.js';
import { RequestType } from '../../protocol/relay.js';
import { CONTENT_ID_PATTERN, getContent, listContent, unpublishContent, upsertContent } from '../content.js';
import type { Session } from '../officials.js';
import { html, plainText, t, type Html } from './html.js';
import { TYPE_LABELS } from './labels.js';
import { posterLinks } from './poster-pages.js';
import type { OfficialCtx } from './officials.js';

type Empty = 'required' | 'null' | 'omit';
type Field =
  | { kind: 'text'; path: string; label: [string, string]; max: number; multiline?: boolean; empty?: Empty }
  | { kind: 'list'; path: string; label: [string, string] }
  | { kind: 'enum'; path: string; label: [string, string]; options: readonly string[]; empty?: Empty }
  | { kind: 'multi'; path: string; label: [string, string]; options: readonly string[] }
  | { kind: 'bool'; path: string; label: [string, string] }
  | { kind: 'number'; path: string; label: [string, string]; int?: boolean; empty?: Empty }
  | { kind: 'string'; path: string; label: [string, string]; hint?: string; inputType?: 'tel' | 'date' | 'text'; empty?: Empty };

export const FIELDS: Record<ContentItemType, Field[]> = {
  policy: [
    { kind: 'text', path: 'title', label: ['标题', 'Title'], max: 120 },
    { kind: 'enum', path: 'category', label: ['类别', 'Category'], options: PolicyCategory.options },
    { kind: 'text', path: 'summary', label: ['简介(几句大白话)', 'Summary (a few plain sentences)'], max: 1000, multiline: true },
    { kind: 'text', path: 'whoQualifies', label: ['谁可以申请', 'Who qualifies'], max: 1000, multiline: true },
    { kind: 'text', path: 'benefit', label: ['能得到什么', 'Benefit'], max: 500, multiline: true },
    { kind: 'list', path: 'materials', label: ['要带的材料(每行一项)', 'Materials to bring (one per line)'] },
    { kind: 'list', path: 'steps', label: ['办理步骤(每行一步)', 'Steps (one per line)'] },
    { kind: 'text', path: 'whereToGo', label: ['到哪里办', 'Where to go'], max: 300 },
    { kind: 'bool', path: 'homeVisitBookable', label: ['可预约上门', 'Home visit bookable'] },
    { kind: 'text', path: 'official.name', label: ['负责人姓名', 'Official: name'], max: 40 },
    { kind: 'text', path: 'official.title', label: ['负责人职务', 'Official: title'], max: 80 },
    { kind: 'string', path: 'official.phone', label: ['负责人电话', 'Official: phone'], inputType: 'tel', hint: '13912345678 / 03575551234' },
    { kind: 'string', path: 'deadline', label: ['截止日期(全年可办留空)', 'Deadline (empty = all year)'], inputType: 'date', empty: 'null' },
    { kind: 'text', path: 'source', label: ['文件来源', 'Source'], max: 200 },
    { kind: 'string', path: 'updatedAt', label: ['核实日期', 'Checked on'], inputType: 'date' },
    { kind: 'enum', path: 'relatedRequestType', label: ['可在终端申请的服务', 'Related kiosk request'], options: RequestType.options, empty: 'null' },
    { kind: 'multi', path: 'eligibility', label: ['适用人群', 'Eligibility'], options: EligibilityTag.options },
  ],
  job: [
    { kind: 'text', path: 'title', label: ['岗位名称', 'Job title'], max: 120 },
    { kind: 'text', path: 'duties', label: ['工作内容', 'Duties'], max: 1500, multiline: true },
    { kind: 'text', path: 'employer.name', label: ['用工单位', 'Employer'], max: 120 },
    { kind: 'bool', path: 'employer.verifiedByTownship', label: ['乡镇已核实该单位', 'Employer verified by the township'] },
    { kind: 'text', path: 'location.county', label: ['县', 'County'], max: 40 },
    { kind: 'text', path: 'location.township', label: ['乡镇', 'Township'], max: 40 },
    { kind: 'text', path: 'location.village', label: ['村/工地(在镇上留空)', 'Village / site (empty = township seat)'], max: 60, empty: 'null' },
    { kind: 'number', path: 'location.distanceKm', label: ['距离(公里)', 'Distance (km)'] },
    { kind: 'number', path: 'pay.min', label: ['最低工资(元)', 'Pay from (yuan)'] },
    { kind: 'number', path: 'pay.max', label: ['最高工资(元)', 'Pay up to (yuan)'] },
    { kind: 'enum', path: 'pay.unit', label: ['计薪方式', 'Pay per'], options: PayUnit.options },
    { kind: 'text', path: 'pay.pieceNote', label: ['计件单位(计件时填)', 'Piece (for piece rates)'], max: 60, empty: 'omit' },
    { kind: 'enum', path: 'employmentType', label: ['用工类型', 'Employment type'], options: EmploymentType.options },
    { kind: 'text', path: 'hours', label: ['工作时间', 'Hours'], max: 200 },
    { kind: 'text', path: 'season', label: ['工期(全年留空)', 'Season (empty = all year)'], max: 100, empty: 'null' },
    { kind: 'bool', path: 'mealsProvided', label: ['管饭', 'Meals provided'] },
    { kind: 'bool', path: 'housingProvided', label: ['管住', 'Housing provided'] },
    { kind: 'number', path: 'openings', label: ['招几人', 'Openings'], int: true },
    { kind: 'text', path: 'requirements.physical', label: ['体力要求', 'Physical requirements'], max: 300 },
    { kind: 'number', path: 'requirements.ageMin', label: ['最小年龄(不限留空)', 'Minimum age (empty = none)'], int: true, empty: 'null' },
    { kind: 'number', path: 'requirements.ageMax', label: ['最大年龄(不限留空)', 'Maximum age (empty = none)'], int: true, empty: 'null' },
    { kind: 'text', path: 'requirements.experience', label: ['经验要求(不要求留空)', 'Experience (empty = none)'], max: 300, empty: 'null' },
    { kind: 'string', path: 'contactPhone', label: ['联系电话', 'Contact phone'], inputType: 'tel', hint: '13912345678' },
    { kind: 'text', path: 'contactName', label: ['联系人', 'Contact name'], max: 40, empty: 'null' },
    { kind: 'string', path: 'datePosted', label: ['发布日期', 'Date posted'], inputType: 'date' },
    { kind: 'string', path: 'validThrough', label: ['有效期至', 'Valid through'], inputType: 'date' },
    { kind: 'text', path: 'repostedFrom', label: ['转载来源(一手信息留空)', 'Reposted from (empty = first-hand)'], max: 120, empty: 'null' },
  ],
};

const TYPE_NAMES: Record<ContentItemType, [string, string]> = { policy: ['政策', 'Policy'], job: ['招工', 'Job posting'] };
const LANGS = ['zh-CN', 'en'] as const;
type FormValues = Record<string, string>;

function getPath(obj: unknown, dotted: string): unknown {
  let cur = obj;
  for (const k of dotted.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

function setPath(obj: Record<string, unknown>, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let cur = obj;
  for (const k of keys.slice(0, -1)) {
    if (typeof cur[k] !== 'object' || cur[k] === null) cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[keys[keys.length - 1]!] = value;
}

/** A stored body as form values (the names the form uses). */
export function formValuesOf(type: ContentItemType, body: unknown): FormValues {
  const out: FormValues = {};
  for (const f of FIELDS[type]) {
    const v = getPath(body, f.path);
    if (f.kind === 'text') for (const l of LANGS) out[`f.${f.path}.${l}`] = plainText(getPath(v, l));
    else if (f.kind === 'list') for (const l of LANGS) out[`f.${f.path}.${l}`] = Array.isArray(v) ? v.map((x) => plainText(getPath(x, l))).join('\n') : '';
    else if (f.kind === 'multi') for (const o of f.options) out[`f.${f.path}.${o}`] = Array.isArray(v) && v.includes(o) ? 'on' : '';
    else if (f.kind === 'bool') out[`f.${f.path}`] = v === true ? 'on' : '';
    else out[`f.${f.path}`] = plainText(v);
  }
  return out;
}

/** Form values -> a body for the protocol schema, plus errors found before zod (line counts). */
export function bodyOf(type: ContentItemType, form: FormValues): { body: Record<string, unknown>; errors: Map<string, string> } {
  const body: Record<string, unknown> = {};
  const errors = new Map<string, string>();
  const val = (name: string) => (form[name] ?? '').replace(/\r\n?/g, '\n');
  for (const f of FIELDS[type]) {
    const empty = 'empty' in f ? (f.empty ?? 'required') : 'required';
    if (f.kind === 'text') {
      const zh = val(`f.${f.path}.zh-CN`).trim();
      const en = val(`f.${f.path}.en`).trim();
      if (!zh && !en && empty !== 'required') {
        if (empty === 'null') setPath(body, f.path, null);
      } else setPath(body, f.path, { 'zh-CN': zh, en });
    } else if (f.kind === 'list') {
      const zh = val(`f.${f.path}.zh-CN`).split('\n').map((s) => s.trim()).filter(Boolean);
      const en = val(`f.${f.path}.en`).split('\n').map((s) => s.trim()).filter(Boolean);
      if (zh.length !== en.length) errors.set(f.path, `中文 ${zh.length} 行,英文 ${en.length} 行:每一行要一一对应。 Chinese has ${zh.length} lines and English ${en.length}: they must match line by line.`);
      setPath(body, f.path, zh.map((z, i) => ({ 'zh-CN': z, en: en[i] ?? '' })));
    } else if (f.kind === 'multi') setPath(body, f.path, f.options.filter((o) => val(`f.${f.path}.${o}`) !== ''));
    else if (f.kind === 'bool') setPath(body, f.path, val(`f.${f.path}`) !== '');
    else {
      const s = val(`f.${f.path}`).trim();
      if (!s && empty !== 'required') {
        if (empty === 'null') setPath(body, f.path, null);
      } else if (f.kind === 'number') setPath(body, f.path, /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s);
      else setPath(body, f.path, s);
    }
  }
  return { body, errors };
}

function fieldInput(f: Field, values: FormValues, error: string | undefined): Html {
  const id = (suffix = '') => `f-${f.path.replace(/\./g, '-')}${suffix}`;
  const v = (name: string) => values[name] ?? '';
  const err = error ? html`<span class="error" role="alert">${error}</span>` : '';
  switch (f.kind) {
    case 'text':
    case 'list': {
      const multiline = f.kind === 'list' || f.multiline;
      const one = (l: (typeof LANGS)[number]) => {
        const name = `f.${f.path}.${l}`;
        const label = l === 'zh-CN' ? '中文' : 'English';
        return multiline
          ? html`<div><label for="${id('-' + l)}">${label}</label><textarea id="${id('-' + l)}" name="${name}" lang="${l}">${v(name)}</textarea></div>`
          : html`<div><label for="${id('-' + l)}">${label}</label><input type="text" id="${id('-' + l)}" name="${name}" lang="${l}" value="${v(name)}"${f.kind === 'text' ? html` maxlength="${f.max}"` : ''}></div>`;
      };
      return html`<fieldset><legend>${t(...f.label)}</legend>${err}<div class="pair">${one('zh-CN')}${one('en')}</div></fieldset>`;
    }
    case 'enum':
      return html`<label for="${id()}">${t(...f.label)}</label>${err}<select id="${id()}" name="f.${f.path}">${f.empty === 'null' ? html`<option value="">— 无 none —</option>` : ''}${f.options.map((o) => html`<option value="${o}"${v(`f.${f.path}`) === o ? html` selected` : ''}>${f.path === 'relatedRequestType' ? `${TYPE_LABELS[o as RequestType][0]} ${o}` : o}</option>`)}</select>`;
    case 'multi':
      return html`<fieldset><legend>${t(...f.label)}</legend>${err}${f.options.map((o) => html`<label><input type="checkbox" name="f.${f.path}.${o}"${v(`f.${f.path}.${o}`) ? html` checked` : ''}> ${o}</label>`)}</fieldset>`;
    case 'bool':
      return html`<label><input type="checkbox" name="f.${f.path}"${v(`f.${f.path}`) ? html` checked` : ''}> ${t(...f.label)}</label>${err}`;
    case 'number':
      return html`<label for="${id()}">${t(...f.label)}</label>${err}<input type="number" id="${id()}" name="f.${f.path}" value="${v(`f.${f.path}`)}" min="0" step="${f.int ? '1' : 'any'}">`;
    case 'string':
      return html`<label for="${id()}">${t(...f.label)}${f.hint ? html` <span class="en">${f.hint}</span>` : ''}</label>${err}<input type="${f.inputType ?? 'text'}" id="${id()}" name="f.${f.path}" value="${v(`f.${f.path}`)}">`;
  }
}

function fieldFor(type: ContentItemType, issuePath: string): string {
  const match = FIELDS[type].map((f) => f.path).filter((p) => issuePath === p || issuePath.startsWith(p + '.'));
  return match.sort((a, b) => b.length - a.length)[0] ?? '';
}

function today(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10); // China date
}

export function registerContentPages(app: FastifyInstance, ctx: OfficialCtx): void {
  const { store, now } = ctx;
  const log = ctx.log.child({ component: 'content' });
  const isType = (s: string): s is ContentItemType => s === 'policy' || s === 'job';
  const notFound = (reply: FastifyReply, s: Session) => ctx.render(reply, 404, '404', html`<h1>${t('找不到', 'Not found')}</h1><p><a href="/officials/content">${t('返回', 'Back')}</a></p>`, { session: s });

  const FLASH: Record<string, Html> = {
    saved: t('已发布,终端下次同步时更新。', 'Published; kiosks update at their next sync.'),
    unchanged: t('内容没有变化。', 'Nothing changed.'),
    unpublished: t('已下架,终端下次同步时删除。', 'Unpublished; kiosks remove it at their next sync.'),
  };

  app.get('/officials/content', async (req: FastifyRequest<{ Querystring: Record<string, string | undefined> }>, reply) => {
    const s = await ctx.requireSession(req, reply);
    if (!s) return reply;
    const rows = await listContent(store);
    const section = (type: ContentItemType) => html`<h2>${t(...TYPE_NAMES[type])}</h2>
<p><a href="/officials/content/${type}/new">+ ${t('新建', 'New')} ${t(...TYPE_NAMES[type])}</a> · <a href="/officials/import">${t('批量导入', 'Bulk import')}</a></p>
<table><thead><tr><th>${t('标题', 'Title')}</th><th>${t('编号', 'Id')}</th><th>${t('版本', 'Version')}</th><th>${t('状态', 'State')}</th><th>${t('更新', 'Updated')}</th><th>${t('打印', 'Print')}</th></tr></thead><tbody>
${rows
  .filter((r) => r.type === type)
  .map(
    (r) =>
      html`<tr><td>${r.deleted ? (getPath(r.body, 'title.zh-CN') as string | undefined) ?? '—' : html`<a href="/officials/content/${type}/${r.id}">${(getPath(r.body, 'title.zh-CN') as string | undefined) ?? r.id}</a>`}</td><td class="mono">${r.id}</td><td>${r.version}</td><td>${r.deleted ? t('已下架', 'unpublished') : t('已发布', 'published')}</td><td>${r.updatedAt.slice(0, 16).replace('T', ' ')}${r.updatedBy ? ` · ${r.updatedBy}` : ''}</td><td>${r.deleted ? '' : posterLinks(type, r.id)}</td></tr>`,
  )}
</tbody></table>`;
    return ctx.render(reply, 200, '政策与招工 Content', html`<h1>${t('政策与招工信息', 'Policies and job postings')}</h1>${section('policy')}${section('job')}`, { session: s, flash: FLASH[req.query.done ?? ''] ?? null });
  });

  const editPage = (reply: FastifyReply, s: Session, type: ContentItemType, id: string | null, values: FormValues, status: number, errors: Map<string, string>, version: number | null, flash: Html | null) => {
    const general = errors.get('') ?? null;
    const action = `/officials/content/${type}/${id ?? 'new'}`;
    return ctx.render(
      reply,
      status,
      `${TYPE_NAMES[type][0]} ${TYPE_NAMES[type][1]}`,
      html`<p><a href="/officials/content">← ${t('返回', 'Back')}</a></p>
<h1>${id ? t('修改', 'Edit') : t('新建', 'New')} ${t(...TYPE_NAMES[type])}${id ? html` <span class="mono">${id}</span> (v${version ?? 0})` : ''}</h1>
${errors.size ? html`<p class="error" role="alert">${t('有几处需要改正(见下方红字)。', 'Some fields need fixing (see below).')}${general ? html`<br>${general}` : ''}</p>` : ''}
<form method="post" action="${action}">${ctx.csrfField(s)}
${id ? '' : html`<label for="f-id">${t('编号(小写字母、数字、短横线;留空自动生成)', 'Id (lowercase letters, digits, dashes; empty = automatic)')}</label>${errors.has('id') ? html`<span class="error" role="alert">${errors.get('id')}</span>` : ''}<input type="text" id="f-id" name="id" value="${values.id ?? ''}" maxlength="64">`}
${FIELDS[type].map((f) => fieldInput(f, values, errors.get(f.path)))}
<button type="submit">${t('发布', 'Publish')}</button></form>
${
  id
    ? html`<form method="post" action="/officials/content/${type}/${id}/unpublish">${ctx.csrfField(s)}<button type="submit">${t('下架(终端上删除)', 'Unpublish (remove from kiosks)')}</button></form>`
    : ''
}`,
      { session: s, flash },
    );
  };

  app.get('/officials/content/:type/:id', async (req: FastifyRequest<{ Params: { type: string; id: string } }>, reply) => {
    const s = await ctx.requireSession(req, reply);
    if (!s) return reply;
    const { type, id } = req.params;
    if (!isType(type)) return notFound(reply, s);
    if (id === 'new') {
      const values = formValuesOf(type, {});
      if (type === 'policy') values['f.updatedAt'] = today(now());
      if (type === 'job') values['f.datePosted'] = today(now());
      return editPage(reply, s, type, null, values, 200, new Map(), null, null);
    }
    const row = await getContent(store, type, id);
    if (!row || row.deleted) return notFound(reply, s);
    return editPage(reply, s, type, id, formValuesOf(type, row.body), 200, new Map(), row.version, null);
  });

  app.post('/officials/content/:type/:id', async (req: FastifyRequest<{ Params: { type: string; id: string } }>, reply) => {
    const s = await ctx.requirePost(req, reply);
    if (!s) return reply;
    const { type } = req.params;
    if (!isType(type)) return notFound(reply, s);
    const form = (req.body ?? {}) as FormValues;
    const isNew = req.params.id === 'new';
    const id = isNew ? (form.id ?? '').trim() || `${type}-${randomBytes(4).toString('hex')}` : req.params.id;
    if (!isNew) {
      const row = await getContent(store, type, id);
      if (!row || row.deleted) return notFound(reply, s);
    } else if ((await getContent(store, type, id))?.deleted === false) {
      return editPage(reply, s, type, null, form, 409, new Map([['id', `编号 ${id} 已被使用。 The id ${id} is already used.`]]), null, null);
    }
    const { body, errors } = bodyOf(type, form);
    if (errors.size) return editPage(reply, s, type, isNew ? null : id, form, 422, errors, null, null);
    const r = await upsertContent(store, type, id, body, s.username, now());
    if (!r.ok) {
      const errs = new Map<string, string>();
      if (r.code === 'invalid-id') errs.set('id', r.message);
      for (const i of r.issues) {
        const f = fieldFor(type, i.path);
        if (!errs.has(f)) errs.set(f, `${i.path}: ${i.message}`);
      }
      return editPage(reply, s, type, isNew ? null : id, form, 422, errs, null, null);
    }
    log.info('content-saved', { type, id, version: r.version, changed: r.changed, by: s.username });
    return reply.status(303).header('location', `/officials/content?done=${r.changed ? 'saved' : 'unchanged'}`).send();
  });

  app.post('/officials/content/:type/:id/unpublish', async (req: FastifyRequest<{ Params: { type: string; id: string } }>, reply) => {
    const s = await ctx.requirePost(req, reply);
    if (!s) return reply;
    const { type, id } = req.params;
    if (!isType(type) || !CONTENT_ID_PATTERN.test(id)) return notFound(reply, s);
    const r = await unpublishContent(store, type, id, s.username, now());
    if (!r.ok) return notFound(reply, s);
    log.info('content-unpublished', { type, id, version: r.version, by: s.username });
    return reply.status(303).header('location', '/officials/content?done=unpublished').send();
  });
}
