import { join } from 'node:path';
import type { Logger } from '../core/log.ts';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppHandler } from './app-protocol.ts';
import { contentsPolicy, Desktop } from './desktop.ts';
import type { ElectronMain } from './electron-api.ts';
import { desktopLogger, startEngine, type HostedEngine } from './engine-host.ts';
import { bindContract } from './ipc-main.ts';
import { startedAtLogin } from './login-item.ts';
import { PreferenceStore } from './preferences.ts';
import { hardenContents, hardenSession, isAppFrame } from './security.ts';

/** electron-builder.yml's appId. */
export const APP_ID = 'com.mxstandby.app';

export interface LaunchOptions {
  dataDir: string;
  /** Absolute path of electron/dist/preload.cjs. */
  preload: string;
  argv: string[];
  /** Defaults to the desktop log (standard error in development, a file when packaged). */
  logger?: Logger;
}

export interface Launched {
  desktop: Desktop;
  hosted: HostedEngine;
}

/**
 * The main process, composed: data folder, single instance, the session's
 * and every page's security, the app protocol, the engine (in this process,
 * as `serve` runs it; the README says why), the IPC binding, then the
 * desktop (window, tray, notifications). Quitting waits for the engine to
 * stop cleanly. Resolves once running; null when another instance runs.
 */
export async function launch(electron: ElectronMain, options: LaunchOptions): Promise<Launched | null> {
  const { app, protocol, session, ipcMain, dialog } = electron;
  const { dataDir } = options;
  app.setPath('userData', dataDir);
  // Chromium's own files (cache, local storage) in a folder of their own, beside the engine's.
  app.setPath('sessionData', join(dataDir, 'desktop-session'));
  // Every renderer sandboxed, whatever options a window is given.
  app.enableSandbox();
  // Windows shows notifications only for an app with an id: the one the installer registers.
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

  // One MX Standby per data folder: a second start shows the first one's window instead.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  let desktop: Desktop | null = null;
  app.on('second-instance', () => desktop?.showWindow());
  app.on('activate', () => desktop?.showWindow());
  // No window is no reason to stop: the server runs on in the tray until Quit.
  app.on('window-all-closed', () => undefined);

  await app.whenReady();
  const logger = options.logger ?? desktopLogger(app.isPackaged, app.getPath('logs'));
  hardenSession(session.defaultSession);
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, contentsPolicy(electron, contents)));
  const appRoot = app.getAppPath();
  protocol.handle(APP_SCHEME, createAppHandler(join(appRoot, 'renderer', 'dist')));

  let hosted: HostedEngine;
  try {
    hosted = await startEngine(dataDir, logger);
  } catch (error) {
    logger.error({ err: error }, 'the engine did not start');
    dialog.showErrorBox('MX Standby cannot start', (error as Error).message);
    app.exit(1);
    return null;
  }
  const unbind = bindContract({ ipcMain, api: hosted.engine.api, isTrusted: isAppFrame, logger });
  const prefs = await PreferenceStore.open(dataDir);
  const paths = { appRoot, preload: options.preload, logsDir: app.isPackaged ? app.getPath('logs') : null };
  const running = new Desktop({ electron, hosted, prefs, paths, logger });
  desktop = running;

  // Quitting stops the engine cleanly, as `serve` does on SIGTERM: the quit waits for it.
  let stopped = false;
  let stopping = false;
  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    if (stopping) return;
    stopping = true;
    logger.info('stopping');
    void (async () => {
      try {
        await running.stop();
        unbind();
        await hosted.engine.stop();
      } catch (error) {
        logger.error({ err: error }, 'the engine did not stop cleanly');
      }
      stopped = true;
      logger.flush();
      app.quit();
    })();
  });

  await running.start(!startedAtLogin({ app, platform: process.platform }, options.argv));
  return { desktop: running, hosted };
}
