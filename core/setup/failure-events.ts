import type { EventBus } from '../events/bus.ts';
import type { WriteBatcher } from '../store/write-batcher.ts';
import type { SetupCheck } from './check.ts';

/** A check that turned from pass to fail becomes a `setup.check-failed` event, for the activity log and the dashboard. */
export function recordCheckFailed(batcher: WriteBatcher, events: EventBus): (domain: string, check: SetupCheck) => Promise<void> {
  return async (_domain, check) => {
    await batcher.write((db) =>
      events.record(db, { type: 'setup.check-failed', qid: null, data: { check: check.title, found: check.found } }),
    );
  };
}
