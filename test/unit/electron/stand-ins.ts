import { EventEmitter } from 'node:events';
import type { IpcMainEvent, IpcMainInvokeEvent } from 'electron';
import type { MainIpc } from '../../../electron/ipc-main.ts';
import type { RendererIpc } from '../../../electron/preload-api.ts';

/**
 * Small stand-ins for the Electron objects the shell's modules are given
 * (the Electron binary cannot be had here). They keep what was registered
 * and let a test play the renderer's side; the code under test is real.
 */

type Handler = (event: IpcMainInvokeEvent, ...args: any[]) => unknown;
type Listener = (event: IpcMainEvent, ...args: any[]) => void;

export const APP_PAGE = 'app://mx-standby/index.html';

export interface Frame {
  url: string;
  parent: Frame | null;
}

export const appFrame = (): Frame => ({ url: APP_PAGE, parent: null });

/** A web contents as the binding sees it: an id, send, destroyed. */
export class StandInContents extends EventEmitter {
  static nextId = 1;
  readonly id = StandInContents.nextId++;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  destroyed = false;

  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
    this.emit('ipc-message', channel, ...args);
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }
}

export class StandInIpcMain implements MainIpc {
  readonly handlers = new Map<string, Handler>();
  readonly listeners = new Map<string, Listener[]>();

  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  on(channel: string, listener: Listener): this {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener]);
    return this;
  }

  removeListener(channel: string, listener: Listener): this {
    this.listeners.set(channel, (this.listeners.get(channel) ?? []).filter((candidate) => candidate !== listener));
    return this;
  }

  /** ipcRenderer.invoke from a page in `frame` of `contents`. */
  async invoke(channel: string, frame: Frame | null, contents: StandInContents, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(eventFrom(frame, contents) as unknown as IpcMainInvokeEvent, ...args);
  }

  /** ipcRenderer.send from a page in `frame` of `contents`. */
  send(channel: string, frame: Frame | null, contents: StandInContents, ...args: unknown[]): void {
    for (const listener of this.listeners.get(channel) ?? []) listener(eventFrom(frame, contents) as unknown as IpcMainEvent, ...args);
  }
}

function eventFrom(frame: Frame | null, contents: StandInContents) {
  return { senderFrame: frame, sender: contents, frameId: 1, processId: 1 };
}

/**
 * ipcRenderer of a page in the app's main frame, wired to the stand-in
 * ipcMain: what the preload is given inside the real app.
 */
export function rendererIpc(main: StandInIpcMain, contents: StandInContents, frame: Frame = appFrame()): RendererIpc & { channels: string[] } {
  const channels: string[] = [];
  const ipc = {
    channels,
    invoke: (channel: string, ...args: unknown[]) => {
      channels.push(channel);
      return main.invoke(channel, frame, contents, ...args);
    },
    send: (channel: string, ...args: unknown[]) => {
      channels.push(channel);
      main.send(channel, frame, contents, ...args);
    },
    on: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
      contents.on('ipc-message', (sent: string, ...args: unknown[]) => {
        if (sent === channel) listener({ sender: 'ipc-renderer' }, ...args);
      });
      return ipc;
    },
  };
  return ipc as unknown as RendererIpc & { channels: string[] };
}
