import type { Menu, MenuItemConstructorOptions, NativeImage, Tray } from 'electron';
import type { Status } from '../core/api/contract.ts';
import { waitingRecipients } from './notifications.ts';

/** What the tray shows of the engine's status. */
export type TrayStatus = Pick<Status, 'primary' | 'queue' | 'storage'>;

export interface TrayState {
  status: TrayStatus | null;
  paused: boolean;
  startAtLogin: boolean;
}

export interface TrayActions {
  open: () => void;
  setPaused: (paused: boolean) => void;
  redeliverAll: () => void;
  setStartAtLogin: (on: boolean) => void;
  about: () => void;
  quit: () => void;
}

const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** The primary in a few words: up, down since when, or not set up. */
function primaryWords(status: TrayStatus): string {
  if (status.primary.mode === 'none') return 'No primary set up';
  const { destinations } = status.primary;
  const down = destinations.find((destination) => destination.state === 'down');
  if (down) return down.since ? `Primary down since ${time(down.since)}` : 'Primary down';
  if (destinations.length > 0 && destinations.every((destination) => destination.state === 'up')) return 'Primary up';
  return 'Checking the primary';
}

/** The tray's status line: receiving, the primary, and how much mail waits. */
export function statusLine(state: Pick<TrayState, 'status' | 'paused'>): string {
  if (state.status === null) return 'Starting…';
  const waiting = waitingRecipients(state.status);
  const parts = [
    state.status.storage.state === 'failing' ? 'Storage failing: mail refused' : null,
    state.paused ? 'Receiving paused' : null,
    primaryWords(state.status),
    waiting === 0 ? 'nothing waiting' : `${waiting} waiting`,
  ];
  return parts.filter((part) => part !== null).join(' · ');
}

/** The tray menu: open, the status line, pause receiving, redeliver all now, start at login, about, quit. */
export function trayMenuTemplate(state: TrayState, actions: TrayActions): MenuItemConstructorOptions[] {
  return [
    { id: 'open', label: 'Open MX Standby', click: () => actions.open() },
    { id: 'status', label: statusLine(state), enabled: false },
    { type: 'separator' },
    { id: 'pause', label: 'Pause receiving', type: 'checkbox', checked: state.paused, click: (item) => actions.setPaused(item.checked) },
    { id: 'redeliver', label: 'Redeliver all now', click: () => actions.redeliverAll() },
    { type: 'separator' },
    { id: 'login', label: 'Start at login', type: 'checkbox', checked: state.startAtLogin, click: (item) => actions.setStartAtLogin(item.checked) },
    { id: 'about', label: 'About MX Standby', click: () => actions.about() },
    { type: 'separator' },
    { id: 'quit', label: 'Quit MX Standby', click: () => actions.quit() },
  ];
}

/** A primary that is down, receiving paused, or storage failing (mail refused) shows in the icon itself. */
export function needsAttention(state: Pick<TrayState, 'status' | 'paused'>): boolean {
  const { status } = state;
  return state.paused || status?.storage.state === 'failing' || (status?.primary.destinations.some((destination) => destination.state === 'down') ?? false);
}

export interface TrayDeps {
  createTray: (image: NativeImage) => Tray;
  buildMenu: (template: MenuItemConstructorOptions[]) => Menu;
  icons: { normal: NativeImage; attention: NativeImage };
  actions: TrayActions;
}

/** The tray icon and its menu; `update` redraws both from the latest state. */
export function createAppTray(deps: TrayDeps, initial: TrayState): { update: (state: TrayState) => void; destroy: () => void } {
  const tray = deps.createTray(deps.icons.normal);
  const update = (state: TrayState) => {
    const line = statusLine(state);
    tray.setToolTip(`MX Standby: ${line}`);
    tray.setImage(needsAttention(state) ? deps.icons.attention : deps.icons.normal);
    tray.setContextMenu(deps.buildMenu(trayMenuTemplate(state, deps.actions)));
  };
  // Windows and most Linux trays: a click opens the window; the menu is on the right button (macOS: on any click).
  if (process.platform !== 'darwin') tray.on('click', () => deps.actions.open());
  update(initial);
  return { update, destroy: () => tray.destroy() };
}
