// Tiny server-side HTML helpers for the officials' page. Everything interpolated goes
// through esc() unless it is already Html (built by these helpers), so the page cannot
// carry markup from a request or a content item.
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** A value as plain text: nothing for null/undefined, JSON for an object (never "[object Object]"). */
export function plainText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value) ?? '';
}

export function esc(value: unknown): string {
  return plainText(value).replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

type Part = Html | string | number | null | undefined | false | readonly Part[];

function render(p: Part): string {
  if (p === null || p === undefined || p === false) return '';
  if (p instanceof Html) return p.text;
  if (Array.isArray(p)) return (p as readonly Part[]).map(render).join('');
  return esc(p);
}

/** Tagged template: interpolations are escaped, Html values and arrays of them are inserted as-is. */
export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => (out += render(v) + strings[i + 1]!));
  return new Html(out);
}

export function raw(text: string): Html {
  return new Html(text);
}

/** A bilingual label: Chinese first, English smaller after it. */
export function t(zh: string, en: string): Html {
  return html`${zh} <span class="en" lang="en">${en}</span>`;
}

export const CSP = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export interface PageOptions {
  title: string;
  username?: string | null;
  csrf?: string | null;
  townshipName: string;
  flash?: Html | null;
  error?: Html | null;
}

export function page(opts: PageOptions, body: Html): string {
  const nav = opts.username
    ? html`<nav aria-label="main"><a href="/officials/">${t('请求', 'Requests')}</a><a href="/officials/content">${t('政策与招工', 'Policies & jobs')}</a><a href="/officials/kiosks">${t('服务终端', 'Kiosks')}</a><a href="/officials/households">${t('户', 'Households')}</a><a href="/officials/dashboard">${t('统计', 'Dashboard')}</a><a href="/officials/accounts">${t('账号', 'Accounts')}</a>
<form method="post" action="/officials/logout" class="inline"><input type="hidden" name="_csrf" value="${opts.csrf ?? ''}"><button type="submit">${t('退出', 'Log out')} (${opts.username})</button></form></nav>`
    : '';
  return `<!doctype html>${html`<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${opts.title} · ${opts.townshipName}</title><link rel="stylesheet" href="/officials/style.css">${opts.username ? html`<script src="/officials/live.js" defer></script>` : ''}</head>
<body><header><p class="site">${opts.townshipName}</p>${nav}</header><main>
${opts.flash ? html`<p class="flash" role="status">${opts.flash}</p>` : ''}${opts.error ? html`<p class="error" role="alert">${opts.error}</p>` : ''}
${body}</main></body></html>`.text}`;
}

export const STYLE = `
:root { font-size: 20px; color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif; line-height: 1.5; color: #111; background: #fafafa; }
header { background: #0b3d91; color: #fff; padding: .5rem 1rem; display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center; }
header .site { margin: 0; font-weight: bold; font-size: 1.1rem; }
nav { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; }
nav a { color: #fff; }
main { padding: 1rem; max-width: 70rem; margin: 0 auto; }
h1 { font-size: 1.6rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.3rem; }
.en { font-size: .8em; color: #444; }
header .en, button .en { color: #dde; }
a { color: #0b3d91; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; padding: .5rem; border-bottom: 1px solid #ccc; vertical-align: top; }
label { display: block; font-weight: bold; margin-top: .75rem; }
input, select, textarea, button { font: inherit; min-height: 2.5rem; padding: .3rem .5rem; border: 2px solid #555; border-radius: 6px; max-width: 100%; }
input[type=checkbox] { min-height: auto; width: 1.4rem; height: 1.4rem; vertical-align: middle; }
textarea { width: 100%; min-height: 5rem; }
input[type=text], input[type=password], input[type=tel], input[type=number] { width: 100%; }
button { background: #0b3d91; color: #fff; border-color: #0b3d91; cursor: pointer; margin-top: .75rem; }
nav button { background: transparent; border-color: #fff; margin: 0; }
form.inline { display: inline; }
.filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; }
.filters label { margin: 0; }
.flash { background: #e6f4ea; border: 2px solid #137333; padding: .5rem 1rem; }
.error { background: #fce8e6; border: 2px solid #a50e0e; padding: .5rem 1rem; }
.token { font-family: monospace; font-size: 1.1rem; word-break: break-all; background: #fff; border: 2px dashed #0b3d91; padding: .5rem; }
dl { display: grid; grid-template-columns: minmax(8rem, 14rem) 1fr; gap: .25rem 1rem; background: #fff; padding: .5rem; }
dt { font-weight: bold; }
dd { margin: 0; }
fieldset { border: 2px solid #ccc; margin: 1rem 0; background: #fff; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: .5rem; }
.status-done { color: #137333; } .status-rejected { color: #a50e0e; }
.mono { font-family: monospace; word-break: break-all; }
.muted { color: #444; }
tr.overdue { background: #fce8e6; }
.overdue-mark { color: #a50e0e; }
.tel { font-size: 1.2rem; font-weight: bold; }
@media (max-width: 40rem) { :root { font-size: 18px; } dl, .pair { grid-template-columns: 1fr; } table, thead, tbody, tr, td, th { display: block; } thead { display: none; } tr { border-bottom: 2px solid #999; } td { border: 0; } }
`;
