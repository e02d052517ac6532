import type { BrowserWindow, BrowserWindowConstructorOptions, Rectangle } from 'electron';
import type { WindowBounds } from './preferences.ts';

export const DEFAULT_SIZE = { width: 1100, height: 760 };
export const MIN_SIZE = { width: 720, height: 480 };

export interface WindowSetup {
  /** Absolute path of electron/dist/preload.cjs. */
  preload: string;
  icon: string;
  /** Where the window was last time, if it still fits on a screen. */
  bounds: Rectangle | null;
  /** DevTools only in development: a packaged app has none. */
  devTools: boolean;
}

/**
 * The main window's options, the security checklist's part of them spelled
 * out even where Electron's default is already right, so a test can hold
 * them and a default that changes cannot loosen them.
 */
export function windowOptions(setup: WindowSetup): BrowserWindowConstructorOptions {
  return {
    ...(setup.bounds ?? DEFAULT_SIZE),
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'MX Standby',
    icon: setup.icon,
    autoHideMenuBar: true,
    webPreferences: {
      preload: setup.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: setup.devTools,
    },
  };
}

/** The saved bounds if most of them still lie on one of the screens (a monitor may be gone), else null. */
export function boundsToRestore(saved: WindowBounds | null, workAreas: Rectangle[]): Rectangle | null {
  if (saved === null) return null;
  const { x, y, width, height } = saved;
  const visible = workAreas.some((area) => {
    const overlapX = Math.min(x + width, area.x + area.width) - Math.max(x, area.x);
    const overlapY = Math.min(y + height, area.y + area.height) - Math.max(y, area.y);
    return overlapX >= Math.min(width, 200) && overlapY >= Math.min(height, 100);
  });
  return visible ? { x, y, width: Math.max(width, MIN_SIZE.width), height: Math.max(height, MIN_SIZE.height) } : null;
}

type TrackedWindow = Pick<BrowserWindow, 'on' | 'getNormalBounds' | 'isMaximized' | 'isDestroyed'>;

/** Saves the window's size and place when the owner is done moving it, and when it closes; returns the save-now. */
export function trackBounds(window: TrackedWindow, save: (bounds: WindowBounds) => void, settleMs = 500): () => void {
  let timer: NodeJS.Timeout | null = null;
  const saveNow = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (window.isDestroyed()) return;
    save({ ...window.getNormalBounds(), maximized: window.isMaximized() });
  };
  const later = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(saveNow, settleMs);
  };
  window.on('resize', later);
  window.on('move', later);
  window.on('maximize', later);
  window.on('unmaximize', later);
  window.on('close', saveNow);
  return saveNow;
}
