// A fake of the part of Electron that main/ uses (see main/electron-api.ts). It records what
// the shell does (window options, handlers, menus, dialogs, loads, quits) and lets a test
// play the user or Chromium: navigate, open windows, ask for permissions, press keys, crash.
import type {
  AppApi,
  BrowserWindowApi,
  ElectronApi,
  KeyInput,
  PermissionSessionApi,
  RenderGoneDetails,
  WebContentsApi,
  WindowOpenResponse,
  WindowOptions,
} from '../../main/electron-api.js';
import type { Timers } from '../../main/crash-recovery.js';

type Listener = (...args: any[]) => unknown;

class Emitter {
  private readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  emit(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) l(...args);
  }
  listenerCount(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}

export class FakeEvent {
  defaultPrevented = false;
  constructor(readonly url?: string) {}
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class FakeWebContents extends Emitter implements WebContentsApi {
  windowOpenHandler: ((details: { url: string }) => WindowOpenResponse) | null = null;
  readonly loads: string[] = [];
  reloads = 0;
  devToolsOpen = false;
  closeDevToolsCalls = 0;
  toggleDevToolsCalls = 0;
  destroyed = false;
  zoomFactor = 1;
  visualZoomLimits: [number, number] | null = null;

  setWindowOpenHandler(handler: (details: { url: string }) => WindowOpenResponse): void {
    this.windowOpenHandler = handler;
  }
  async loadURL(url: string): Promise<void> {
    this.loads.push(url);
  }
  reload(): void {
    this.reloads++;
  }
  getURL(): string {
    return this.loads.at(-1) ?? '';
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  closeDevTools(): void {
    this.closeDevToolsCalls++;
    this.devToolsOpen = false;
  }
  toggleDevTools(): void {
    this.toggleDevToolsCalls++;
    if (this.devToolsOpen) this.devToolsOpen = false;
    else this.openDevTools();
  }
  setVisualZoomLevelLimits(min: number, max: number): Promise<void> {
    this.visualZoomLimits = [min, max];
    return Promise.resolve();
  }
  setZoomFactor(factor: number): void {
    this.zoomFactor = factor;
  }
  /** Ctrl+wheel or a pinch: Chromium zooms, then tells the app. */
  zoom(direction: 'in' | 'out'): FakeEvent {
    this.zoomFactor *= direction === 'in' ? 1.1 : 0.9;
    const event = new FakeEvent();
    this.emit('zoom-changed', event, direction);
    return event;
  }
  /** DevTools opened by any route (e.g. a remote debugging request). */
  openDevTools(): void {
    this.devToolsOpen = true;
    this.emit('devtools-opened');
  }

  // --- what the page / Chromium does ---
  /** A link or script navigates the page; returns the event (defaultPrevented = blocked). */
  navigate(url: string): FakeEvent {
    const event = new FakeEvent(url);
    this.emit('will-navigate', event, url);
    return event;
  }
  redirect(url: string): FakeEvent {
    const event = new FakeEvent(url);
    this.emit('will-redirect', event, url);
    return event;
  }
  /** window.open(url): what the window-open handler answered (Electron's default is allow). */
  windowOpen(url: string): WindowOpenResponse | { action: 'allow' } {
    return this.windowOpenHandler ? this.windowOpenHandler({ url }) : { action: 'allow' };
  }
  pressKey(input: Partial<KeyInput> & { key: string }): FakeEvent {
    const event = new FakeEvent();
    this.emit('before-input-event', event, { type: 'keyDown', control: false, shift: false, alt: false, meta: false, ...input });
    return event;
  }
  crash(details: RenderGoneDetails = { reason: 'crashed', exitCode: 139 }): void {
    this.emit('render-process-gone', new FakeEvent(), details);
  }
  hang(): void {
    this.emit('unresponsive');
  }
  failLoad(errorCode: number, url: string, isMainFrame = true): void {
    this.emit('did-fail-load', new FakeEvent(), errorCode, 'ERR_FAKE', url, isMainFrame);
  }
}

export class FakeSession extends Emitter implements PermissionSessionApi {
  requestHandler: ((webContents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null;
  checkHandler: ((webContents: unknown, permission: string) => boolean) | null = null;
  deviceHandler: ((details: unknown) => boolean) | null = null;

  setPermissionRequestHandler(handler: typeof this.requestHandler): void {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler: typeof this.checkHandler): void {
    this.checkHandler = handler;
  }
  setDevicePermissionHandler(handler: typeof this.deviceHandler): void {
    this.deviceHandler = handler;
  }
  /** A page asks for a permission. Electron's default (no handler) grants it. */
  requestPermission(permission: string): Promise<boolean> {
    if (!this.requestHandler) return Promise.resolve(true);
    return new Promise((resolve) => this.requestHandler!(null, permission, resolve));
  }
  /** Electron's default (no handler) answers true. */
  checkPermission(permission: string): boolean {
    return this.checkHandler ? this.checkHandler(null, permission) : true;
  }
  checkDevice(details: unknown): boolean {
    return this.deviceHandler ? this.deviceHandler(details) : true;
  }
  download(): FakeEvent {
    const event = new FakeEvent();
    this.emit('will-download', event);
    return event;
  }
}

export interface FakeAppOptions {
  isPackaged?: boolean;
  userData: string;
  gotLock?: boolean;
}

export class FakeApp extends Emitter implements AppApi {
  readonly isPackaged: boolean;
  quitCalls = 0;
  hasQuit = false;
  exitCode: number | null = null;
  private readonly userData: string;
  private readonly gotLock: boolean;
  private quitWaiters: Array<() => void> = [];

  constructor(opts: FakeAppOptions) {
    super();
    this.isPackaged = opts.isPackaged ?? true;
    this.userData = opts.userData;
    this.gotLock = opts.gotLock ?? true;
  }
  requestSingleInstanceLock(): boolean {
    return this.gotLock;
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  getPath(name: 'userData'): string {
    if (name !== 'userData') throw new Error(`fake app has no path ${name as string}`);
    return this.userData;
  }
  /** Like Electron: 'before-quit' first; a listener may preventDefault to delay quitting. */
  quit(): void {
    this.quitCalls++;
    const event = new FakeEvent();
    this.emit('before-quit', event);
    if (event.defaultPrevented) return;
    this.hasQuit = true;
    for (const w of this.quitWaiters.splice(0)) w();
  }
  exit(code = 0): void {
    this.exitCode = code;
    this.hasQuit = true;
    for (const w of this.quitWaiters.splice(0)) w();
  }
  /** Resolves once the app has really quit (not just been asked to). */
  whenQuit(): Promise<void> {
    return this.hasQuit ? Promise.resolve() : new Promise((resolve) => this.quitWaiters.push(resolve));
  }
  /** A TLS error on some page: what the app's handlers decided ({prevented, trusted}). */
  certificateError(url: string): { prevented: boolean; trusted: boolean | null } {
    const event = new FakeEvent();
    let trusted: boolean | null = null;
    this.emit('certificate-error', event, null, url, 'net::ERR_CERT_AUTHORITY_INVALID', {}, (t: boolean) => (trusted = t));
    return { prevented: event.defaultPrevented, trusted };
  }
}

/** electron.powerSaveBlocker: records which blockers are on. */
export class FakePowerSaveBlocker {
  private seq = 0;
  readonly active = new Map<number, string>();
  readonly log: string[] = [];
  start(type: 'prevent-app-suspension' | 'prevent-display-sleep'): number {
    const id = ++this.seq;
    this.active.set(id, type);
    this.log.push(`start ${type}`);
    return id;
  }
  stop(id: number): void {
    if (this.active.delete(id)) this.log.push('stop');
  }
  isStarted(id: number): boolean {
    return this.active.has(id);
  }
}

export interface FakeElectron extends ElectronApi {
  app: FakeApp;
  powerSaveBlocker: FakePowerSaveBlocker;
  session: { defaultSession: FakeSession };
  /** Every BrowserWindow constructed, in order. */
  windows: FakeBrowserWindow[];
  /** Every Menu.setApplicationMenu argument, in order. */
  applicationMenus: unknown[];
  /** Every dialog.showErrorBox call. */
  errorBoxes: Array<{ title: string; content: string }>;
}

export interface FakeBrowserWindow extends BrowserWindowApi {
  readonly options: WindowOptions;
  readonly webContents: FakeWebContents;
  readonly menus: unknown[];
  close(): void;
  /** The user or window manager asks to close (Alt+F4): 'close' first; closes unless prevented. */
  requestClose(): FakeEvent;
}

export function createFakeElectron(opts: FakeAppOptions): FakeElectron {
  const app = new FakeApp(opts);
  const windows: FakeBrowserWindow[] = [];
  const applicationMenus: unknown[] = [];
  const errorBoxes: Array<{ title: string; content: string }> = [];

  class BrowserWindow extends Emitter implements FakeBrowserWindow {
    readonly webContents = new FakeWebContents();
    readonly menus: unknown[] = [];
    private destroyed = false;
    constructor(readonly options: WindowOptions) {
      super();
      windows.push(this);
      // Electron announces every new webContents on the app.
      app.emit('web-contents-created', new FakeEvent(), this.webContents);
    }
    setMenu(menu: null): void {
      this.menus.push(menu);
    }
    loadURL(url: string): Promise<void> {
      return this.webContents.loadURL(url);
    }
    isDestroyed(): boolean {
      return this.destroyed;
    }
    isMinimized(): boolean {
      return false;
    }
    restore(): void {}
    focus(): void {}
    requestClose(): FakeEvent {
      const event = new FakeEvent();
      this.emit('close', event);
      if (!event.defaultPrevented) this.close();
      return event;
    }
    close(): void {
      this.destroyed = true;
      this.webContents.destroyed = true;
      this.emit('closed');
      if (windows.every((w) => w.isDestroyed())) app.emit('window-all-closed');
    }
  }

  return {
    app,
    BrowserWindow,
    Menu: { setApplicationMenu: (menu: null) => void applicationMenus.push(menu) },
    dialog: { showErrorBox: (title: string, content: string) => void errorBoxes.push({ title, content }) },
    session: { defaultSession: new FakeSession() },
    powerSaveBlocker: new FakePowerSaveBlocker(),
    windows,
    applicationMenus,
    errorBoxes,
  };
}

/** Manual clock for crash-recovery back-off. */
export class FakeTimers implements Timers {
  private t = 0;
  private seq = 0;
  private readonly pending = new Map<number, { at: number; fn: () => void }>();
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.pending.set(id, { at: this.t + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  get pendingCount(): number {
    return this.pending.size;
  }
  /** Moves the clock forward, running due timers in time order. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const due = [...this.pending.entries()].filter(([, p]) => p.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.t = due[1].at;
      due[1].fn();
    }
    this.t = end;
  }
}
