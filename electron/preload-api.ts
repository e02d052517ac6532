import type { ContextBridge, IpcRenderer } from 'electron';
import type { EngineEvent } from '../core/api/contract.ts';
import { ATTACHMENT_CHANNEL, BRIDGE_NAME, BYTES_CHANNEL, callChannel, EVENT_CHANNEL, jsonOperationNames, SUBSCRIBE_CHANNEL, type DesktopBridge } from './bridge.ts';

/** The part of ipcRenderer the bridge uses; the preload passes the real one, tests a stand-in. */
export type RendererIpc = Pick<IpcRenderer, 'invoke' | 'send' | 'on'>;

/**
 * The object the page gets as `window.mxStandby`. Each function invokes its
 * own channel with only the caller's input: the page never sees ipcRenderer,
 * an IPC event object or a channel name it could choose itself.
 */
export function createBridge(ipc: RendererIpc): DesktopBridge {
  const bridge: Record<string, unknown> = {};
  for (const name of jsonOperationNames()) {
    bridge[name] = (input: unknown) => ipc.invoke(callChannel(name), input);
  }
  bridge.messageBytes = (id: string) => ipc.invoke(BYTES_CHANNEL, id);
  bridge.attachmentBytes = (id: string, index: number) => ipc.invoke(ATTACHMENT_CHANNEL, id, index);

  // One IPC listener for the page, however many subscribers it has; main pushes only while there are some.
  const listeners = new Set<(event: EngineEvent) => void>();
  ipc.on(EVENT_CHANNEL, (_ipcEvent, event: EngineEvent) => {
    for (const listener of [...listeners]) listener(event);
  });
  bridge.subscribe = (listener: (event: EngineEvent) => void) => {
    if (typeof listener !== 'function') throw new TypeError('subscribe needs a function');
    // Wrapped, so subscribing the same function twice gives two independent subscriptions.
    const own = (event: EngineEvent) => listener(event);
    listeners.add(own);
    if (listeners.size === 1) ipc.send(SUBSCRIBE_CHANNEL, true);
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      listeners.delete(own);
      if (listeners.size === 0) ipc.send(SUBSCRIBE_CHANNEL, false);
    };
  };
  return Object.freeze(bridge) as DesktopBridge;
}

/** Puts the bridge in the page's main world; with context isolation on, it is the page's only way out. */
export function exposeBridge(contextBridge: Pick<ContextBridge, 'exposeInMainWorld'>, ipc: RendererIpc): void {
  contextBridge.exposeInMainWorld(BRIDGE_NAME, createBridge(ipc));
}
