// The phone pages' shell: one small inline stylesheet, no script, no images, large text,
// high contrast, a language switch (zh-CN default, en). Built for a cheap phone on a slow
// link: every page stays well under 50 KB.
import { html, raw, type Html } from '../web/html.js';

export type Lang = 'zh-CN' | 'en';

export const langOf = (q: unknown): Lang => (q === 'en' ? 'en' : 'zh-CN');

/** Chinese or English, by the page language. */
export const pick = (lang: Lang, zh: string, en: string) => (lang === 'en' ? en : zh);

export const PUBLIC_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const CSS = `
html{font-size:22px;-webkit-text-size-adjust:100%}
body{margin:0;font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;line-height:1.6;color:#111;background:#fff}
header{background:#0b3d91;color:#fff;padding:.6rem 1rem}
header p{margin:0;font-weight:bold}
header a{color:#fff}
main{padding:.5rem 1rem 2rem;max-width:40rem;margin:0 auto}
h1{font-size:1.5rem;line-height:1.3;margin:.6rem 0}
h2{font-size:1.15rem;margin:1.2rem 0 .3rem;border-bottom:2px solid #0b3d91}
a{color:#0b3d91}
.big{font-size:1.3rem;font-weight:bold}
.tel{display:inline-block;margin:.3rem 0;padding:.5rem 1rem;border:3px solid #0b3d91;border-radius:.5rem;font-size:1.3rem;font-weight:bold;text-decoration:none;min-height:44px}
.lang{display:inline-block;margin-top:.3rem;padding:.2rem .6rem;border:2px solid #fff;border-radius:.4rem;min-height:44px;line-height:40px}
ol,ul{padding-left:1.3rem}
li{margin:.3rem 0}
label{display:block;font-weight:bold;margin-top:.6rem}
input{font:inherit;font-size:1.4rem;width:100%;max-width:14rem;padding:.4rem;border:3px solid #333;border-radius:.4rem;letter-spacing:.1em;text-transform:uppercase;box-sizing:border-box}
button{font:inherit;font-weight:bold;margin-top:.6rem;padding:.5rem 1.2rem;min-height:48px;background:#0b3d91;color:#fff;border:0;border-radius:.4rem}
.status{font-size:1.3rem;font-weight:bold;padding:.5rem;border:3px solid #137333;border-radius:.4rem}
.status.rejected{border-color:#a50e0e}
.note{background:#f1f1f1;padding:.4rem;border-radius:.3rem}
.muted{color:#444}
.error{border:3px solid #a50e0e;padding:.5rem;border-radius:.4rem}
footer{padding:1rem;color:#444;font-size:.85rem;text-align:center}
`.replace(/\n/g, '');

export function publicPage(opts: { lang: Lang; title: string; townshipName: string; path: string; query?: Record<string, string> }, body: Html): string {
  const other: Lang = opts.lang === 'en' ? 'zh-CN' : 'en';
  const q = new URLSearchParams({ ...(opts.query ?? {}), ...(other === 'en' ? { lang: 'en' } : {}) }).toString();
  const switchHref = `${opts.path}${q ? `?${q}` : ''}`;
  return `<!doctype html>${html`<html lang="${opts.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${opts.title} · ${opts.townshipName}</title><style>${raw(CSS)}</style></head>
<body><header><p>${opts.townshipName}</p><a class="lang" href="${switchHref}" lang="${other}">${other === 'en' ? 'English' : '中文'}</a></header>
<main>${body}</main>
<footer>${pick(opts.lang, '本页不收集任何个人信息。', 'This page collects no personal data.')} · <a href="/status${opts.lang === 'en' ? '?lang=en' : ''}">${pick(opts.lang, '查询我的申请', 'Check my request')}</a></footer></body></html>`.text}`;
}
