import { create } from 'zustand';
import type { EngineEvent, TrafficBucket } from '../../../core/api/contract.ts';
import { client } from './client-ref.ts';

export interface TrafficState {
  /** Messages received and delivered per hour, oldest first, the current hour last; null until loaded. */
  buckets: TrafficBucket[] | null;
  error: string | null;
  load: () => Promise<void>;
  /** Arrivals and handovers change the chart: reload it, at most once a second. */
  applyEvent: (event: EngineEvent) => void;
}

const RELOAD_AFTER_MS = 1000;

/** The events that change what the traffic query answers. */
export function changesTraffic(event: EngineEvent): boolean {
  return event.type === 'message.received' || event.type === 'delivery.delivered';
}

/** True when the newest bucket is no longer the current hour: the window has moved on. */
export function isStale(buckets: readonly TrafficBucket[] | null, now: number): boolean {
  const last = buckets?.at(-1);
  if (!last) return false;
  return now >= Date.parse(last.hour) + 3_600_000;
}

let reloadTimer: ReturnType<typeof setTimeout> | null = null;

export const useTraffic = create<TrafficState>((set, get) => ({
  buckets: null,
  error: null,
  load: async () => {
    try {
      const { buckets } = await client().call('traffic', { hours: 24 });
      set({ buckets, error: null });
    } catch (error) {
      set({ error: (error as Error).message });
    }
  },
  applyEvent: (event) => {
    if (!changesTraffic(event) || reloadTimer) return;
    reloadTimer = setTimeout(() => {
      reloadTimer = null;
      void get().load();
    }, RELOAD_AFTER_MS);
  },
}));
