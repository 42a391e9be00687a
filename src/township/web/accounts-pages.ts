// Admin pages: officials' accounts (add with name, phone and role; disable; reset a
// password) and revoking a kiosk's token. Only role 'admin' may open them.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createAccount, disableOfficial, kioskRevoked, listOfficials, resetPassword, revokeKioskToken, roleOf } from '../accounts.js';
import { listKiosks } from '../kiosks.js';
import type { Session } from '../officials.js';
import { beijing } from '../time.js';
import { html, t, type Html } from './html.js';
import type { OfficialCtx } from './officials.js';
import { formOf } from './households-pages.js';

export function registerAccountPages(app: FastifyInstance, ctx: OfficialCtx): void {
  const { store, now } = ctx;
  const log = ctx.log.child({ component: 'accounts' });

  const forbidden = (reply: FastifyReply, s: Session) => ctx.render(reply, 403, '403', html`<h1>${t('只有管理员可以打开', 'Admins only')}</h1><p><a href="/officials/">${t('返回', 'Back')}</a></p>`, { session: s });

  const page = async (reply: FastifyReply, s: Session, status: number, flash: Html | null, error: Html | null) => {
    const officials = await listOfficials(store, { includeDisabled: true });
    const kiosks = [];
    for (const k of await listKiosks(store)) kiosks.push({ ...k, revoked: await kioskRevoked(store, k.kioskId) });
    return ctx.render(
      reply,
      status,
      '账号 Accounts',
      html`<h1>${t('工作人员账号', "Officials' accounts")}</h1>
<table><thead><tr><th>${t('用户名', 'Username')}</th><th>${t('姓名', 'Name')}</th><th>${t('电话', 'Phone')}</th><th>${t('角色', 'Role')}</th><th>${t('操作', 'Actions')}</th></tr></thead><tbody>
${officials.map(
  (o) => html`<tr><td class="mono">${o.username}</td><td>${o.name}</td><td>${o.phone ?? '—'}</td><td>${o.role === 'admin' ? t('管理员', 'admin') : t('干部', 'official')}${o.disabled ? html` · ${t('已停用', 'disabled')}` : ''}</td>
<td>${o.disabled || o.username === s.username ? '' : html`<form method="post" action="/officials/accounts/${encodeURIComponent(o.username)}/disable" class="inline">${ctx.csrfField(s)}<button type="submit">${t('停用', 'Disable')}</button></form>`}
<form method="post" action="/officials/accounts/${encodeURIComponent(o.username)}/password" class="filters">${ctx.csrfField(s)}<div><label for="pw-${o.username}">${t('新密码', 'New password')}</label><input id="pw-${o.username}" type="password" name="password" minlength="8" autocomplete="new-password" required></div><button type="submit">${t('重设密码', 'Reset password')}</button></form></td></tr>`,
)}
</tbody></table>
<h2>${t('添加工作人员', 'Add an official')}</h2>
<form method="post" action="/officials/accounts">${ctx.csrfField(s)}
<label for="au">${t('用户名', 'Username')}</label><input id="au" type="text" name="username" required maxlength="40">
<label for="an">${t('姓名(印在户卡和海报上)', 'Name (printed on cards and posters)')}</label><input id="an" type="text" name="name" required maxlength="40">
<label for="ap">${t('工作电话(印在户卡和海报上)', 'Work phone (printed on cards and posters)')}</label><input id="ap" type="tel" name="phone" maxlength="12">
<label for="ar">${t('角色', 'Role')}</label><select id="ar" name="role"><option value="official">${t('干部', 'official')}</option><option value="admin">${t('管理员', 'admin')}</option></select>
<label for="apw">${t('初始密码(至少 8 位)', 'First password (8+ characters)')}</label><input id="apw" type="password" name="password" minlength="8" autocomplete="new-password" required>
<button type="submit">${t('添加', 'Add')}</button></form>
<h2>${t('吊销终端令牌', 'Revoke a kiosk token')}</h2>
<p>${t('终端丢失或被盗时吊销;之后这台终端不能再上传或同步,直到重新发放令牌。', 'When a kiosk is lost or stolen. It can no longer relay or sync until a new token is issued.')}</p>
<table><tbody>${kiosks.map((k) => html`<tr><td class="mono">${k.kioskId}</td><td>${k.village}</td><td>${k.lastSeenAt ? beijing(k.lastSeenAt) : '—'}</td><td>${k.revoked ? t('已吊销', 'revoked') : html`<form method="post" action="/officials/kiosks/${encodeURIComponent(k.kioskId)}/revoke" class="inline">${ctx.csrfField(s)}<button type="submit" id="revoke-${k.kioskId}">${t('吊销令牌', 'Revoke token')}</button></form>`}</td></tr>`)}</tbody></table>`,
      { session: s, flash, error },
    );
  };

  const admin = async (req: FastifyRequest, reply: FastifyReply, post: boolean): Promise<Session | null> => {
    const s = post ? await ctx.requirePost(req, reply) : await ctx.requireSession(req, reply);
    if (!s) return null;
    if (await roleOf(store, s.username) !== 'admin') {
      forbidden(reply, s);
      return null;
    }
    return s;
  };

  app.get('/officials/accounts', async (req, reply) => {
    const s = await admin(req, reply, false);
    if (!s) return reply;
    return page(reply, s, 200, null, null);
  });

  app.post('/officials/accounts', async (req, reply) => {
    const s = await admin(req, reply, true);
    if (!s) return reply;
    const f = formOf(req);
    const r = await createAccount(store, { username: f.username ?? '', name: f.name ?? '', phone: (f.phone ?? '').replace(/[\s-]/g, ''), role: f.role ?? 'official' }, f.password ?? '', s.username, now());
    if (!r.ok) return page(reply, s, 422, null, html`${r.message}`);
    log.info('official-added', { username: f.username, by: s.username });
    return page(reply, s, 200, t('已添加。', 'Added.'), null);
  });

  app.post('/officials/accounts/:u/disable', async (req: FastifyRequest<{ Params: { u: string } }>, reply) => {
    const s = await admin(req, reply, true);
    if (!s) return reply;
    if (req.params.u === s.username) return page(reply, s, 422, null, t('不能停用自己的账号。', 'You cannot disable your own account.'));
    const r = await disableOfficial(store, req.params.u, s.username, now());
    if (!r.ok) return page(reply, s, 404, null, html`${r.message}`);
    log.info('official-disabled', { username: req.params.u, by: s.username });
    return page(reply, s, 200, t('已停用;重设密码可以恢复。', 'Disabled; resetting the password enables it again.'), null);
  });

  app.post('/officials/accounts/:u/password', async (req: FastifyRequest<{ Params: { u: string } }>, reply) => {
    const s = await admin(req, reply, true);
    if (!s) return reply;
    const r = await resetPassword(store, req.params.u, formOf(req).password ?? '', s.username, now());
    if (!r.ok) return page(reply, s, 422, null, html`${r.message}`);
    log.info('password-reset', { username: req.params.u, by: s.username });
    return page(reply, s, 200, t('密码已重设,这个账号的其他登录已退出。', "Password reset; the account's other sessions were ended."), null);
  });

  app.post('/officials/kiosks/:id/revoke', async (req: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const s = await admin(req, reply, true);
    if (!s) return reply;
    const r = await revokeKioskToken(store, req.params.id, s.username, now());
    if (!r.ok) return page(reply, s, 404, null, html`${r.message}`);
    log.info('kiosk-revoked', { kioskId: req.params.id, by: s.username });
    return page(reply, s, 200, t('令牌已吊销。', 'Token revoked.'), null);
  });
}
