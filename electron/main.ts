// The desktop app's main process. Everything is in launch.ts, which is given
// Electron's API rather than importing it, so tests can run it without the binary.
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeImage, Notification, protocol, screen, session, shell, Tray } from 'electron';
import { fileURLToPath } from 'node:url';
import { defaultDataDir } from '../core/config/data-dir.ts';
import { launch } from './launch.ts';

// Ctrl+C in a terminal, or a service manager: quit as from the tray, engine stopped cleanly.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());

launch(
  { app, BrowserWindow, dialog, ipcMain, Menu, nativeImage, Notification, protocol, screen, session, shell, Tray },
  {
    // The headless server's default folder, so data moves between the two.
    dataDir: defaultDataDir(),
    preload: fileURLToPath(new URL('./preload.cjs', import.meta.url)),
    argv: process.argv,
  },
).catch((error: unknown) => {
  // launch says itself when the engine cannot start; whatever else fails on the way is said the same way, not as a crash.
  dialog.showErrorBox('MX Standby cannot start', error instanceof Error ? error.message : String(error));
  app.exit(1);
});
