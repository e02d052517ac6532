import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { App } from 'electron';

/** Given to the app when the system starts it at login: it then starts in the tray, without a window. */
export const HIDDEN_FLAG = '--hidden';

export interface LoginItemHost {
  app: Pick<App, 'getLoginItemSettings' | 'setLoginItemSettings'>;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  /** The program to start: the AppImage file itself when run from one, else the app's executable. */
  execPath: string;
  home?: string;
}

/** Linux follows the XDG autostart spec: a .desktop file in ~/.config/autostart. */
export function autostartFile(env: NodeJS.ProcessEnv, home: string = homedir()): string {
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'autostart', 'mx-standby.desktop');
}

/** Quoted as the Desktop Entry spec wants for Exec arguments. */
function quoteExec(path: string): string {
  return `"${path.replace(/(["`$\\])/g, '\\$1')}"`;
}

export function autostartEntry(execPath: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=MX Standby',
    'Comment=Backup mail server: holds mail while the primary is down',
    `Exec=${quoteExec(execPath)} ${HIDDEN_FLAG}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

function program(host: LoginItemHost): string {
  return (host.platform === 'linux' && host.env.APPIMAGE) || host.execPath;
}

/** Whether the system starts MX Standby at login: its own login items say so (off until the owner turns it on). */
export async function startsAtLogin(host: LoginItemHost): Promise<boolean> {
  if (host.platform === 'linux') {
    const text = await readFile(autostartFile(host.env, host.home), 'utf8').catch(() => null);
    return text !== null && !/^Hidden=true$/m.test(text);
  }
  return host.app.getLoginItemSettings({ args: [HIDDEN_FLAG] }).openAtLogin;
}

export async function setStartAtLogin(host: LoginItemHost, on: boolean): Promise<void> {
  if (host.platform === 'linux') {
    const file = autostartFile(host.env, host.home);
    if (!on) return rm(file, { force: true });
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, autostartEntry(program(host)), { mode: 0o644 });
    return;
  }
  host.app.setLoginItemSettings({ openAtLogin: on, args: [HIDDEN_FLAG] });
}

/** Started by the system at login rather than by the owner: stay in the tray. */
export function startedAtLogin(host: Pick<LoginItemHost, 'app' | 'platform'>, argv: string[]): boolean {
  if (argv.includes(HIDDEN_FLAG)) return true;
  return host.platform === 'darwin' && host.app.getLoginItemSettings().wasOpenedAtLogin === true;
}
