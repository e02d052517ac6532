// A stand-in for the 'electron' module, for running the bundled main process
// (electron/dist/main.js) in plain Node where the Electron binary cannot be
// had: check-package.ts starts it with this module in place of 'electron', and
// it reports on standard output what the app did.
import { EventEmitter } from 'node:events';

const report = (line) => process.stdout.write(`stand-in: ${line}\n`);
const preventable = () => ({ defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } });

class App extends EventEmitter {
  isPackaged = false;
  #paths = new Map();
  setPath(name, path) { this.#paths.set(name, path); }
  getPath(name) { return this.#paths.get(name) ?? `${process.env.TMPDIR ?? '/tmp'}/mx-standby-stand-in-${name}`; }
  getAppPath() { return process.cwd(); }
  getVersion() { return 'stand-in'; }
  enableSandbox() { report('sandbox enabled'); }
  requestSingleInstanceLock() { return true; }
  whenReady() { return Promise.resolve(); }
  getLoginItemSettings() { return { openAtLogin: false, wasOpenedAtLogin: false }; }
  setLoginItemSettings() {}
  quit() {
    const event = preventable();
    this.emit('before-quit', event);
    if (!event.defaultPrevented) {
      report('quit');
      process.exit(0);
    }
  }
  exit(code) {
    report(`exit ${code}`);
    process.exit(code);
  }
}

export const app = new App();

export class BrowserWindow extends EventEmitter {
  webContents = new EventEmitter();
  constructor(options) {
    super();
    const web = options.webPreferences;
    report(`window contextIsolation=${web.contextIsolation} sandbox=${web.sandbox} nodeIntegration=${web.nodeIntegration}`);
  }
  static fromWebContents() { return null; }
  async loadURL(url) { report(`window loads ${url}`); this.emit('ready-to-show'); }
  show() {}
  focus() {}
  restore() {}
  maximize() {}
  isMinimized() { return false; }
  isMaximized() { return false; }
  isDestroyed() { return false; }
  getNormalBounds() { return { x: 0, y: 0, width: 1000, height: 700 }; }
  close() {}
}

export const ipcMain = {
  channels: 0,
  handle() { this.channels++; },
  removeHandler() {},
  on() { report(`ipc bound: ${this.channels} invoke channels`); },
  removeListener() {},
};

export class Tray extends EventEmitter {
  constructor() { super(); report('tray created'); }
  setToolTip() {}
  setImage() {}
  setContextMenu() {}
  destroy() { report('tray destroyed'); }
}

export class Notification extends EventEmitter {
  static isSupported() { return false; }
  show() {}
}

export const dialog = {
  showMessageBox: async () => ({ response: 0, checkboxChecked: false }),
  showMessageBoxSync: () => 1,
  showErrorBox: (title, content) => report(`error box: ${title}: ${content}`),
};
export const Menu = { buildFromTemplate: (template) => ({ template }), setApplicationMenu() {} };
export const nativeImage = { createFromPath: (path) => ({ path }) };
export const protocol = {
  registerSchemesAsPrivileged: (schemes) => report(`schemes: ${schemes.map((scheme) => scheme.scheme).join(',')}`),
  handle: (scheme) => report(`protocol handled: ${scheme}`),
};
export const screen = { getAllDisplays: () => [] };
export const session = {
  defaultSession: {
    setPermissionRequestHandler() {},
    setPermissionCheckHandler() {},
    setDevicePermissionHandler() {},
    webRequest: { onBeforeRequest() {} },
  },
};
export const shell = { openExternal: async () => undefined, openPath: async () => '' };
export default { app, BrowserWindow, dialog, ipcMain, Menu, nativeImage, Notification, protocol, screen, session, shell, Tray };
