import { create } from 'zustand';
import type { EngineEvent } from '../../../core/api/contract.ts';
import { client } from './client-ref.ts';

const KEEP = 500;

export interface ActivityState {
  /** Newest first. */
  items: EngineEvent[];
  error: string | null;
  load: () => Promise<void>;
  applyEvent: (event: EngineEvent) => void;
}

export const useActivity = create<ActivityState>((set, get) => ({
  items: [],
  error: null,
  load: async () => {
    try {
      const page = await client().call('activity', { limit: 200 });
      set({ items: page.items, error: null });
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },
  applyEvent: (event) => {
    const items = get().items;
    if (items.some((item) => item.id === event.id)) return;
    set({ items: [event, ...items].slice(0, KEEP) });
  },
}));
