// The small part of Electron's API the shell uses, as plain interfaces. main.ts passes the
// real `electron` module (which satisfies them); tests pass tests/support/fake-electron.ts.
// Keeping the logic behind these interfaces lets it run and be tested without Electron.

import type { PowerSaveBlockerApi } from './lockdown.js';

export interface PreventableEvent {
  preventDefault(): void;
}

/** will-navigate / will-redirect: Electron passes an event that carries the URL too. */
export interface NavigationEvent extends PreventableEvent {
  url?: string;
}

export interface KeyInput {
  type: string;
  key: string;
  code?: string;
  control: boolean;
  shift: boolean;
  alt: boolean;
  meta: boolean;
}

export interface RenderGoneDetails {
  reason: string;
  exitCode: number;
}

export type WindowOpenResponse = { action: 'deny' };

export interface WebContentsApi {
  on(event: 'will-navigate', listener: (event: NavigationEvent, url: string) => void): unknown;
  on(event: 'will-redirect', listener: (event: NavigationEvent, url: string) => void): unknown;
  on(event: 'render-process-gone', listener: (event: PreventableEvent, details: RenderGoneDetails) => void): unknown;
  on(event: 'unresponsive', listener: () => void): unknown;
  on(event: 'devtools-opened', listener: () => void): unknown;
  on(event: 'before-input-event', listener: (event: PreventableEvent, input: KeyInput) => void): unknown;
  on(event: 'did-fail-load', listener: (event: PreventableEvent, errorCode: number, errorDescription: string, validatedURL: string, isMainFrame: boolean) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => WindowOpenResponse): void;
  loadURL(url: string): Promise<void>;
  reload(): void;
  getURL(): string;
  isDestroyed(): boolean;
  closeDevTools(): void;
  toggleDevTools(): void;
}

export interface WindowOptions {
  kiosk: boolean;
  fullscreen: boolean;
  autoHideMenuBar: boolean;
  backgroundColor: string;
  title: string;
  webPreferences: {
    contextIsolation: boolean;
    sandbox: boolean;
    nodeIntegration: boolean;
    nodeIntegrationInWorker: boolean;
    nodeIntegrationInSubFrames: boolean;
    webSecurity: boolean;
    allowRunningInsecureContent: boolean;
    webviewTag: boolean;
    navigateOnDragDrop: boolean;
    spellcheck: boolean;
    /** Scan confirmation tones play without a tap first. */
    autoplayPolicy: 'no-user-gesture-required' | 'user-gesture-required' | 'document-user-activation-required';
    devTools: boolean;
  };
}

export interface BrowserWindowApi {
  readonly webContents: WebContentsApi;
  setMenu(menu: null): void;
  loadURL(url: string): Promise<void>;
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  focus(): void;
  on(event: 'closed', listener: () => void): unknown;
}

export type BrowserWindowConstructor = new (options: WindowOptions) => BrowserWindowApi;

export interface PermissionSessionApi {
  setPermissionRequestHandler(handler: ((webContents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null): void;
  setPermissionCheckHandler(handler: ((webContents: unknown, permission: string) => boolean) | null): void;
  setDevicePermissionHandler(handler: ((details: unknown) => boolean) | null): void;
  on(event: 'will-download', listener: (event: PreventableEvent) => void): unknown;
}

export interface AppApi {
  readonly isPackaged: boolean;
  requestSingleInstanceLock(): boolean;
  whenReady(): Promise<void>;
  getPath(name: 'userData'): string;
  quit(): void;
  exit(code?: number): void;
  on(event: 'second-instance', listener: () => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
  on(event: 'before-quit', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'web-contents-created', listener: (event: PreventableEvent, contents: WebContentsApi) => void): unknown;
  on(
    event: 'certificate-error',
    listener: (event: PreventableEvent, webContents: unknown, url: string, error: string, certificate: unknown, callback: (isTrusted: boolean) => void) => void,
  ): unknown;
}

export interface ElectronApi {
  app: AppApi;
  BrowserWindow: BrowserWindowConstructor;
  Menu: { setApplicationMenu(menu: null): void };
  dialog: { showErrorBox(title: string, content: string): void };
  session: { readonly defaultSession: PermissionSessionApi };
  /** Keeps the display awake during hall hours (main/lockdown.ts); absent: not kept awake. */
  powerSaveBlocker?: PowerSaveBlockerApi;
}

/** What the shell logs through: the runtime's logger once it runs, the console before. */
export interface ShellLog {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}
