import { EventEmitter } from 'node:events';
import type { ElectronMain } from '../../../electron/electron-api.ts';
import { StandInIpcMain } from './stand-ins.ts';

/**
 * Electron's main-process API, played by small stand-ins that record what the
 * shell asks of them (the Electron binary cannot be had here). launch.ts and
 * desktop.ts run for real against them, with a real engine.
 */

type Preventable = { defaultPrevented: boolean; preventDefault: () => void };
const preventable = (): Preventable => ({ defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } });

class StandInApp extends EventEmitter {
  readonly paths = new Map<string, string>();
  sandboxed = false;
  quitCalls = 0;
  /** True once a quit went through (no before-quit listener held it back). */
  quitted = false;
  exitCode: number | null = null;
  isPackaged = false;
  singleInstance = true;
  private loginItem = { openAtLogin: false, wasOpenedAtLogin: false };
  private readonly appPath: string;

  constructor(appPath: string, logs: string) {
    super();
    this.appPath = appPath;
    this.paths.set('logs', logs);
  }

  setPath(name: string, path: string): void {
    this.paths.set(name, path);
  }
  getPath(name: string): string {
    const path = this.paths.get(name);
    if (!path) throw new Error(`no path ${name}`);
    return path;
  }
  getAppPath(): string {
    return this.appPath;
  }
  getVersion(): string {
    return '0.0.0-test';
  }
  enableSandbox(): void {
    this.sandboxed = true;
  }
  requestSingleInstanceLock(): boolean {
    return this.singleInstance;
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  quit(): void {
    this.quitCalls++;
    const event = preventable();
    this.emit('before-quit', event);
    if (!event.defaultPrevented) this.quitted = true;
  }
  exit(code: number): void {
    this.exitCode = code;
  }
  getLoginItemSettings() {
    return this.loginItem;
  }
  setLoginItemSettings(settings: { openAtLogin: boolean }): void {
    this.loginItem = { ...this.loginItem, openAtLogin: settings.openAtLogin };
  }
}

class StandInWindow extends EventEmitter {
  static all: StandInWindow[] = [];
  readonly options: Record<string, unknown>;
  readonly webContents = new EventEmitter();
  loaded: string | null = null;
  shown = false;
  destroyed = false;

  constructor(options: Record<string, unknown>) {
    super();
    this.options = options;
    StandInWindow.all.push(this);
  }
  static fromWebContents(): StandInWindow | null {
    return null;
  }
  async loadURL(url: string): Promise<void> {
    this.loaded = url;
    this.emit('ready-to-show');
  }
  show(): void {
    this.shown = true;
  }
  focus(): void {}
  restore(): void {}
  maximize(): void {}
  isMinimized(): boolean {
    return false;
  }
  isMaximized(): boolean {
    return false;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getNormalBounds() {
    return { x: 10, y: 10, width: 1000, height: 700 };
  }
  close(): void {
    this.emit('close', preventable());
    this.destroyed = true;
    this.emit('closed');
  }
}

class StandInTray extends EventEmitter {
  static all: StandInTray[] = [];
  tooltip = '';
  menu: { template: { id?: string; label?: string; click?: (item: { checked: boolean }) => void }[] } | null = null;
  destroyed = false;
  constructor() {
    super();
    StandInTray.all.push(this);
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setImage(): void {}
  setContextMenu(menu: StandInTray['menu']): void {
    this.menu = menu;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

class StandInNotification extends EventEmitter {
  static shown: { title: string; body: string }[] = [];
  readonly options: { title: string; body: string };
  constructor(options: { title: string; body: string }) {
    super();
    this.options = options;
  }
  static isSupported(): boolean {
    return true;
  }
  show(): void {
    StandInNotification.shown.push({ title: this.options.title, body: this.options.body });
  }
}

export function standInElectron(appRoot: string, logs: string) {
  StandInWindow.all = [];
  StandInTray.all = [];
  StandInNotification.shown = [];
  const app = new StandInApp(appRoot, logs);
  const protocol = {
    schemes: [] as unknown[],
    handlers: new Map<string, (request: Request) => Promise<Response>>(),
    registerSchemesAsPrivileged(schemes: unknown[]) {
      this.schemes.push(...schemes);
    },
    handle(scheme: string, handler: (request: Request) => Promise<Response>) {
      this.handlers.set(scheme, handler);
    },
  };
  const sessionCalls: string[] = [];
  const session = {
    defaultSession: {
      setPermissionRequestHandler: () => void sessionCalls.push('permission-request'),
      setPermissionCheckHandler: () => void sessionCalls.push('permission-check'),
      setDevicePermissionHandler: () => void sessionCalls.push('device-permission'),
      webRequest: { onBeforeRequest: () => void sessionCalls.push('web-request') },
    },
  };
  const dialogs: unknown[] = [];
  const dialog = {
    showMessageBox: async (...args: unknown[]) => {
      dialogs.push(args.at(-1));
      return { response: 0, checkboxChecked: false };
    },
    showMessageBoxSync: () => 1,
    showErrorBox: (title: string, content: string) => void dialogs.push({ title, content }),
  };
  const menu = {
    application: null as unknown,
    buildFromTemplate: (template: unknown[]) => ({ template }),
    setApplicationMenu(built: unknown) {
      this.application = built;
    },
  };
  const electron = {
    app,
    BrowserWindow: StandInWindow,
    dialog,
    ipcMain: new StandInIpcMain(),
    Menu: menu,
    nativeImage: { createFromPath: (path: string) => ({ path }) },
    Notification: StandInNotification,
    protocol,
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }] },
    session,
    shell: { openExternal: async () => undefined, openPath: async () => '' },
    Tray: StandInTray,
  };
  return {
    electron: electron as unknown as ElectronMain,
    app,
    protocol,
    sessionCalls,
    dialogs,
    menu,
    ipcMain: electron.ipcMain,
    windows: () => StandInWindow.all,
    trays: () => StandInTray.all,
    notifications: () => StandInNotification.shown,
  };
}
