// The preload of the app's window. It runs sandboxed, with context isolation:
// it can require only 'electron' and is bundled into one CommonJS file
// (electron/dist/preload.cjs). It exposes the contract and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { exposeBridge } from './preload-api.ts';

exposeBridge(contextBridge, ipcRenderer);
