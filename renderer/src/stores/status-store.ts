import { create } from 'zustand';
import type { EngineEvent, Status } from '../../../core/api/contract.ts';
import { client } from './client-ref.ts';

export interface StatusState {
  status: Status | null;
  error: string | null;
  load: () => Promise<void>;
  /** Any event may change counts or the primary's state: reload, at most a few times a second. */
  applyEvent: (event: EngineEvent) => void;
}

const RELOAD_AFTER_MS = 300;
let reloadTimer: ReturnType<typeof setTimeout> | null = null;

export const useStatus = create<StatusState>((set, get) => ({
  status: null,
  error: null,
  load: async () => {
    try {
      set({ status: await client().call('status', {}), error: null });
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },
  applyEvent: () => {
    if (reloadTimer) return;
    reloadTimer = setTimeout(() => {
      reloadTimer = null;
      void get().load();
    }, RELOAD_AFTER_MS);
  },
}));
