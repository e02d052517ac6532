/**
 * The parts of Electron's main-process API the shell uses. main.ts passes the
 * real module; tests pass small stand-ins, since the Electron binary cannot be
 * had on every machine that runs them.
 */
export type ElectronMain = Pick<
  typeof import('electron'),
  'app' | 'BrowserWindow' | 'dialog' | 'ipcMain' | 'Menu' | 'nativeImage' | 'Notification' | 'protocol' | 'screen' | 'session' | 'shell' | 'Tray'
>;
