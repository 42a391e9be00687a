// Officials' page: bulk import of policies and jobs (import.ts) by file upload, with one
// line per refused row, and the CSV header templates.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { importContent, importTemplate, IMPORT_MAX_BYTES, type ImportReport } from '../import.js';
import type { Session } from '../officials.js';
import { html, t, type Html } from './html.js';
import type { OfficialCtx } from './officials.js';
import { boundaryOf, parseMultipart } from './multipart.js';

export function reportHtml(r: ImportReport): Html {
  return html`<section id="import-report"><p role="status">${t(`发布 ${r.published} 条,未变 ${r.unchanged} 条,拒收 ${r.refused} 条。`, `Published ${r.published}, unchanged ${r.unchanged}, refused ${r.refused}.`)}</p>
${r.refused ? html`<h2>${t('拒收的行', 'Refused rows')}</h2><ul class="refused">${r.lines.filter((l) => !l.ok).map((l) => html`<li data-row="${l.row}">${l.message}</li>`)}</ul>` : ''}
<details><summary>${t('全部行', 'Every row')}</summary><ul>${r.lines.map((l) => html`<li>${l.message}</li>`)}</ul></details></section>`;
}

export function registerImportPages(app: FastifyInstance, ctx: OfficialCtx): void {
  const page = (reply: FastifyReply, s: Session, status: number, report: Html | null, error: Html | null) =>
    ctx.render(
      reply,
      status,
      '批量导入 Import',
      html`<h1>${t('批量导入政策和招工', 'Import policies and jobs')}</h1>
<p>${t('CSV、Excel (.xlsx) 或 JSON。每一行单独检查:有问题的行列出原因,不影响其他行发布。', 'CSV, Excel (.xlsx) or JSON. Each row is checked on its own: a bad row is listed with the reason and does not stop the others.')}</p>
<p>${t('表头模板', 'Header templates')}: <a href="/officials/import/template/policy.csv">policy.csv</a> · <a href="/officials/import/template/job.csv">job.csv</a></p>
<form method="post" action="/officials/import" enctype="multipart/form-data">${ctx.csrfField(s)}
<label for="file">${t('文件', 'File')}</label><input id="file" type="file" name="file" required accept=".csv,.xlsx,.json,text/csv,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet">
<button type="submit">${t('导入并发布', 'Import and publish')}</button></form>
${report ?? ''}`,
      { session: s, error },
    );

  app.get('/officials/import', async (req, reply) => {
    const s = await ctx.requireSession(req, reply);
    if (!s) return reply;
    return page(reply, s, 200, null, null);
  });

  app.get('/officials/import/template/:type', async (req: FastifyRequest<{ Params: { type: string } }>, reply) => {
    const s = await ctx.requireSession(req, reply);
    if (!s) return reply;
    const type = req.params.type.replace(/\.csv$/, '');
    if (type !== 'policy' && type !== 'job') return page(reply, s, 404, null, t('没有这种模板。', 'No such template.'));
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${type}.csv"`).send('\ufeff' + importTemplate(type).join(',') + '\r\n');
  });

  void app.register(async (child) => {
    child.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: IMPORT_MAX_BYTES + 64 * 1024 }, (_req, body, done) => done(null, body));
    child.post('/officials/import', { bodyLimit: IMPORT_MAX_BYTES + 64 * 1024 }, async (req, reply) => {
      const boundary = boundaryOf(req.headers['content-type']);
      const parts = Buffer.isBuffer(req.body) && boundary ? parseMultipart(req.body, boundary) : [];
      const fields: Record<string, string> = {};
      for (const p of parts) if (p.filename === null) fields[p.name] = p.data.toString('utf8');
      (req as { body: unknown }).body = fields; // so the CSRF check reads the form's token
      const s = await ctx.requirePost(req, reply);
      if (!s) return reply;
      const file = parts.find((p) => p.name === 'file' && p.filename !== null);
      if (!file || file.data.length === 0) return page(reply, s, 422, null, t('请选择一个文件。', 'Choose a file.'));
      const r = await importContent(ctx.store, file.data, file.filename ?? 'upload', s.username, ctx.now());
      if (!r.ok) return page(reply, s, 422, null, html`${r.message}`);
      ctx.log.info('content-imported', { by: s.username, published: r.report.published, refused: r.report.refused, format: r.report.format });
      return page(reply, s, 200, reportHtml(r.report), null);
    });
  });
}
