import os from 'node:os';
import path from 'node:path';

/**
 * The folder Electron's app.getPath('userData') gives for "MX Standby", so the
 * headless server and the desktop app find the same mail and settings.
 * Paths are joined with the target platform's rules, not the running one's.
 */
export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): string {
  if (platform === 'win32') {
    return path.win32.join(env.APPDATA || path.win32.join(home, 'AppData', 'Roaming'), 'MX Standby');
  }
  if (platform === 'darwin') {
    return path.posix.join(home, 'Library', 'Application Support', 'MX Standby');
  }
  // Like Chromium, which Electron follows, any non-empty XDG_CONFIG_HOME is taken as given.
  return path.posix.join(env.XDG_CONFIG_HOME || path.posix.join(home, '.config'), 'mx-standby');
}
