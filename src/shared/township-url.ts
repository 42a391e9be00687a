// The township URL rule: HTTPS for anything that leaves this machine; plain HTTP only to a
// loopback address (a township on the same machine, as in the demo and the tests).

export type TownshipUrlCheck = { ok: true; base: string } | { ok: false; message: string };

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

export function checkTownshipUrl(url: string | null): TownshipUrlCheck {
  if (!url) return { ok: false, message: 'township.url is not set: requests stay queued on this kiosk' };
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { ok: false, message: `township.url "${url}" is not a valid URL` };
  }
  if (u.protocol === 'https:') return { ok: true, base: u.href.replace(/\/+$/, '') };
  if (u.protocol === 'http:') {
    if (isLoopbackHost(u.hostname)) return { ok: true, base: u.href.replace(/\/+$/, '') };
    return { ok: false, message: `township.url "${url}" uses plain http to another machine; use https:// (plain http is only allowed to 127.0.0.1/localhost)` };
  }
  return { ok: false, message: `township.url "${url}" must start with https://` };
}
