import type { MenuItemConstructorOptions, MessageBoxOptions } from 'electron';

export interface AboutFacts {
  version: string;
  dataDir: string;
  logsDir: string | null;
  versions: Pick<NodeJS.ProcessVersions, 'electron' | 'chrome' | 'node'>;
}

/** The About box: the version first, then where the data is and what it runs on. */
export function aboutBox(facts: AboutFacts, icon: string): MessageBoxOptions {
  const lines = [
    'A backup mail server (secondary MX) for small businesses: it holds mail while your primary mail server is down and hands it over, in order, when it is back.',
    '',
    `Data folder: ${facts.dataDir}`,
    ...(facts.logsDir ? [`Log: ${facts.logsDir}`] : []),
    `Electron ${facts.versions.electron}, Chromium ${facts.versions.chrome}, Node.js ${facts.versions.node}`,
    '',
    'MIT License',
  ];
  return {
    type: 'info',
    title: 'About MX Standby',
    message: `MX Standby ${facts.version}`,
    detail: lines.join('\n'),
    icon,
    buttons: ['OK', 'Open data folder'],
    defaultId: 0,
    cancelId: 0,
  };
}

export interface MenuActions {
  about: () => void;
  closeWindow: () => void;
  quit: () => void;
  devTools: boolean;
}

/** The application menu: enough for copy and paste, closing to the tray, quitting and About. */
export function appMenuTemplate(platform: NodeJS.Platform, actions: MenuActions): MenuItemConstructorOptions[] {
  const about: MenuItemConstructorOptions = { label: 'About MX Standby', click: () => actions.about() };
  const quit: MenuItemConstructorOptions = { label: 'Quit MX Standby', accelerator: 'CmdOrCtrl+Q', click: () => actions.quit() };
  const close: MenuItemConstructorOptions = { label: 'Close Window', accelerator: 'CmdOrCtrl+W', click: () => actions.closeWindow() };
  const view: MenuItemConstructorOptions[] = [
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
    ...(actions.devTools ? [{ type: 'separator' } as const, { role: 'reload' } as const, { role: 'toggleDevTools' } as const] : []),
  ];
  return [
    ...(platform === 'darwin' ? [{ label: 'MX Standby', submenu: [about, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { type: 'separator' }, quit] } as MenuItemConstructorOptions] : []),
    { label: 'File', submenu: platform === 'darwin' ? [close] : [close, quit] },
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    ...(platform === 'darwin' ? [] : [{ label: 'Help', submenu: [about] } as MenuItemConstructorOptions]),
  ];
}
