import type { BrowserWindow, WebContents } from 'electron';
import { join } from 'node:path';
import type { Engine } from '../core/app.ts';
import type { Status } from '../core/api/contract.ts';
import type { Logger } from '../core/log.ts';
import { aboutBox, appMenuTemplate } from './about.ts';
import { APP_URL } from './app-protocol.ts';
import { coalesce } from './coalesce.ts';
import { setStartAtLogin, startsAtLogin, type LoginItemHost } from './login-item.ts';
import { DesktopNotices, type Notice } from './notifications.ts';
import { portNotice } from './port-notice.ts';
import type { PreferenceStore } from './preferences.ts';
import type { HostedEngine } from './engine-host.ts';
import type { ContentsPolicy } from './security.ts';
import type { ElectronMain } from './electron-api.ts';
import { createAppTray, type TrayState } from './tray.ts';
import { boundsToRestore, trackBounds, windowOptions } from './window.ts';

export interface DesktopPaths {
  appRoot: string;
  preload: string;
  logsDir: string | null;
}

/** The desktop around the running engine: the window, the tray, notifications and dialogs. */
export class Desktop {
  private window: BrowserWindow | null = null;
  private readonly state: TrayState = { status: null, paused: false, startAtLogin: false };
  private tray: ReturnType<typeof createAppTray> | null = null;
  private notices: DesktopNotices | null = null;
  private unsubscribe: (() => void) | null = null;
  private saveBounds: (() => void) | null = null;
  private stopping = false;
  private readonly refresh = coalesce(() => this.refreshStatus());
  private readonly electron: ElectronMain;
  private readonly app: ElectronMain['app'];
  private readonly hosted: HostedEngine;
  private readonly engine: Engine;
  private readonly prefs: PreferenceStore;
  private readonly paths: DesktopPaths;
  private readonly logger: Logger;
  private readonly loginHost: LoginItemHost;

  constructor(parts: { electron: ElectronMain; hosted: HostedEngine; prefs: PreferenceStore; paths: DesktopPaths; logger: Logger }) {
    this.electron = parts.electron;
    this.app = parts.electron.app;
    this.hosted = parts.hosted;
    this.engine = parts.hosted.engine;
    this.prefs = parts.prefs;
    this.paths = parts.paths;
    this.logger = parts.logger;
    this.loginHost = { app: parts.electron.app, platform: process.platform, env: process.env, execPath: process.execPath };
  }

  private icon(name: string): string {
    return join(this.paths.appRoot, 'resources', name);
  }

  async start(showWindow: boolean): Promise<void> {
    const { Menu, Tray, nativeImage } = this.electron;
    this.state.startAtLogin = await startsAtLogin(this.loginHost).catch(() => false);
    const devTools = !this.app.isPackaged;
    Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(process.platform, { about: () => this.about(), closeWindow: () => this.window?.close(), quit: () => this.app.quit(), devTools })));
    // macOS draws template images in the menu bar's own colours; elsewhere the icon keeps its colours.
    const trayIcons = process.platform === 'darwin' ? { normal: 'trayTemplate', attention: 'trayAttentionTemplate' } : { normal: 'tray', attention: 'tray-attention' };
    this.tray = createAppTray(
      {
        createTray: (image) => new Tray(image),
        buildMenu: (template) => Menu.buildFromTemplate(template),
        icons: {
          normal: nativeImage.createFromPath(this.icon(`tray/${trayIcons.normal}.png`)),
          attention: nativeImage.createFromPath(this.icon(`tray/${trayIcons.attention}.png`)),
        },
        actions: {
          open: () => this.showWindow(),
          setPaused: (paused) => this.setPaused(paused),
          redeliverAll: () => void this.engine.api.flush({}).then(() => this.refresh.request(), (error: unknown) => this.logger.error({ err: error }, 'redeliver all failed')),
          setStartAtLogin: (on) => void this.setStartAtLogin(on),
          about: () => this.about(),
          quit: () => this.app.quit(),
        },
      },
      this.state,
    );
    this.unsubscribe = this.engine.api.subscribe(() => this.refresh.request());
    this.notices = new DesktopNotices({ api: this.engine.api, show: (notice) => this.notify(notice), threshold: () => this.prefs.get().heldMailThreshold });
    await this.notices.start();
    this.refresh.request();
    if (showWindow) this.showWindow();
    this.explainPort();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.saveBounds?.();
    this.notices?.stop();
    this.unsubscribe?.();
    await this.refresh.settled();
    this.tray?.destroy();
    await this.prefs.flushed();
  }

  showWindow(): void {
    const { BrowserWindow, screen } = this.electron;
    if (this.stopping) return;
    if (this.window && !this.window.isDestroyed()) {
      if (this.window.isMinimized()) this.window.restore();
      this.window.show();
      this.window.focus();
      return;
    }
    const saved = this.prefs.get().window;
    const bounds = boundsToRestore(saved, screen.getAllDisplays().map((display) => display.workArea));
    const window = new BrowserWindow(windowOptions({ preload: this.paths.preload, icon: this.icon('icon.png'), bounds, devTools: !this.app.isPackaged }));
    this.window = window;
    this.saveBounds = trackBounds(window, (next) => void this.prefs.update({ window: next }));
    window.once('ready-to-show', () => {
      if (saved?.maximized) window.maximize();
      window.show();
    });
    // Closing the window leaves the server running in the tray; the window is rebuilt when opened again.
    window.on('closed', () => {
      this.window = null;
      this.saveBounds = null;
      if (!this.stopping) this.hintTray();
    });
    window.loadURL(APP_URL).catch((error: unknown) => this.logger.error({ err: error }, 'the window could not load the app'));
  }

  private async refreshStatus(): Promise<void> {
    const status: Status = await this.engine.api.status({});
    this.state.status = status;
    this.state.paused = this.engine.receivingPaused();
    this.tray?.update(this.state);
  }

  private setPaused(paused: boolean): void {
    this.engine.setReceivingPaused(paused);
    this.refresh.request();
  }

  private async setStartAtLogin(on: boolean): Promise<void> {
    try {
      await setStartAtLogin(this.loginHost, on);
      this.state.startAtLogin = await startsAtLogin(this.loginHost);
    } catch (error) {
      this.logger.error({ err: error }, 'could not change start at login');
    }
    this.tray?.update(this.state);
  }

  private notify(notice: Notice): void {
    const { Notification } = this.electron;
    if (!Notification.isSupported()) return;
    const notification = new Notification({ ...notice, icon: this.icon('icon.png') });
    notification.on('click', () => this.showWindow());
    notification.show();
  }

  private about(): void {
    const { dialog, shell } = this.electron;
    const facts = { version: this.app.getVersion(), dataDir: this.hosted.dataDir, logsDir: this.paths.logsDir, versions: process.versions };
    const options = aboutBox(facts, this.icon('icon.png'));
    const shown = this.window ? dialog.showMessageBox(this.window, options) : dialog.showMessageBox(options);
    void shown.then(({ response }) => (response === 1 ? shell.openPath(this.hosted.dataDir) : undefined));
  }

  /** Once: closing the window does not stop MX Standby. */
  private hintTray(): void {
    if (this.prefs.get().trayHintShown) return;
    void this.prefs.update({ trayHintShown: true });
    this.notify({ title: 'MX Standby is still running', body: 'It keeps receiving mail in the background. Open it or quit it from its icon in the tray (menu bar on macOS).' });
  }

  /** First run (and after, until turned off): why mail comes in on another port than 25, and what to do. */
  private explainPort(): void {
    const { dialog } = this.electron;
    const notice = portNotice(process.platform, this.hosted.wanted, this.engine.smtpAddress);
    if (notice === null || !this.prefs.get().portNotice) return;
    const options = { type: 'warning' as const, title: 'Port 25', message: notice.message, detail: notice.detail, buttons: ['OK'], checkboxLabel: 'Do not show this again' };
    const shown = this.window ? dialog.showMessageBox(this.window, options) : dialog.showMessageBox(options);
    void shown.then(({ checkboxChecked }) => (checkboxChecked ? this.prefs.update({ portNotice: false }) : undefined));
  }
}

/** The checklist's per-page policy, with the owner asked through dialogs. */
export function contentsPolicy(electron: Pick<ElectronMain, 'BrowserWindow' | 'dialog' | 'shell'>, contents: WebContents): ContentsPolicy {
  const { BrowserWindow, dialog, shell } = electron;
  const parent = () => BrowserWindow.fromWebContents(contents) ?? undefined;
  return {
    confirmExternal: async (url) => {
      const options = { type: 'question' as const, buttons: ['Open in browser', 'Cancel'], defaultId: 1, cancelId: 1, message: 'Open this link in your web browser?', detail: url };
      const window = parent();
      const { response } = window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
      return response === 0;
    },
    openExternal: (url) => shell.openExternal(url),
    confirmLeave: () => {
      const options = { type: 'question' as const, buttons: ['Leave', 'Stay'], defaultId: 1, cancelId: 1, message: 'Leave without saving?', detail: 'Changes you made in Settings are not saved yet.' };
      const window = parent();
      return (window ? dialog.showMessageBoxSync(window, options) : dialog.showMessageBoxSync(options)) === 0;
    },
  };
}
