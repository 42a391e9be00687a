// The locked-down kiosk window: fullscreen kiosk mode, no menu bar, and a renderer with no
// Node access, in Chromium's sandbox, isolated from any preload, with web security on.
// The UI needs no preload: it gets its session token from the page the runtime serves.
import type { WindowOptions } from './electron-api.js';

export interface KioskWindowSettings {
  /** DevTools exist at all only in development. */
  devTools: boolean;
}

export function kioskWindowOptions(settings: KioskWindowSettings): WindowOptions {
  return {
    kiosk: true,
    fullscreen: true,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    title: 'Village Service Kiosk',
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      autoplayPolicy: 'no-user-gesture-required',
      devTools: settings.devTools,
    },
  };
}
