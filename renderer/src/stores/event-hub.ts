import type { EngineEvent } from '../../../core/api/contract.ts';
import { client } from './client-ref.ts';

type Listener = { applyEvent: (event: EngineEvent) => void; load: () => Promise<void> };

/**
 * One subscription to the pushed events for the whole app, folded into each
 * store by its own action. After a reset (too much missed), every store
 * reloads what it shows.
 */
export function connectEvents(stores: (() => Listener)[]): () => void {
  return client().subscribe(
    (event) => {
      for (const store of stores) store().applyEvent(event);
    },
    () => {
      for (const store of stores) void store().load();
    },
  );
}
