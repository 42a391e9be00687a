// What the kiosk window may do: stay on the runtime's own origin, open no windows, get no
// permissions (camera, microphone, geolocation, notifications, HID, USB, ...), download
// nothing, trust no bad certificate, and, outside development, never open DevTools.
import type { AppApi, KeyInput, NavigationEvent, PermissionSessionApi, PreventableEvent, ShellLog, WebContentsApi } from './electron-api.js';

/** True when `url` is on exactly `origin` (scheme, host and port), e.g. "http://127.0.0.1:8420". */
export function isSameOrigin(url: string, origin: string | null): boolean {
  if (origin === null) return false;
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}

/**
 * Denies navigation and redirects away from the runtime origin, and every window.open.
 * `origin` is read at each event, so contents created before the runtime is up deny all.
 */
export function guardNavigation(contents: WebContentsApi, origin: () => string | null, log: ShellLog): void {
  const check = (kind: string) => (event: NavigationEvent, url: string) => {
    const target = event.url ?? url;
    if (isSameOrigin(target, origin())) return;
    event.preventDefault();
    log.warn('navigation-denied', { kind, url: target, allowedOrigin: origin() });
  };
  contents.on('will-navigate', check('navigate'));
  contents.on('will-redirect', check('redirect'));
  contents.setWindowOpenHandler(({ url }) => {
    log.warn('window-open-denied', { url });
    return { action: 'deny' };
  });
}

/** Every permission request and check is refused; downloads are cancelled. */
export function guardSession(session: PermissionSessionApi, log: ShellLog): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log.warn('permission-denied', { permission });
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.on('will-download', (event) => {
    event.preventDefault();
    log.warn('download-denied');
  });
}

/** A TLS certificate error is never accepted (the runtime is plain HTTP on loopback anyway). */
export function denyCertificateErrors(app: AppApi, log: ShellLog): void {
  app.on('certificate-error', (event, _contents, url, error, _certificate, callback) => {
    event.preventDefault();
    log.warn('certificate-denied', { url, error });
    callback(false);
  });
}

/** F12, Ctrl+Shift+I/J/C (Cmd+Alt+I/J/C on macOS): the keys that open DevTools. */
export function isDevToolsShortcut(input: KeyInput): boolean {
  if (input.type !== 'keyDown') return false;
  const key = input.key.toLowerCase();
  if (key === 'f12') return true;
  const letter = key === 'i' || key === 'j' || key === 'c';
  return letter && ((input.control && input.shift) || (input.meta && input.alt));
}

/**
 * Production: DevTools closed as soon as they open and their shortcuts swallowed.
 * Development: the window has no menu (so no built-in accelerator), so F12 and
 * Ctrl+Shift+I toggle DevTools here.
 */
export function applyDevToolsPolicy(contents: WebContentsApi, allowed: boolean, log: ShellLog): void {
  contents.on('before-input-event', (event: PreventableEvent, input: KeyInput) => {
    if (!isDevToolsShortcut(input)) return;
    event.preventDefault();
    if (allowed) contents.toggleDevTools();
  });
  if (!allowed) {
    contents.on('devtools-opened', () => {
      log.warn('devtools-closed', { reason: 'DevTools are disabled in production' });
      contents.closeDevTools();
    });
  }
}
