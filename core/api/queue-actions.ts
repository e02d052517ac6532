import type { EngineParts } from '../engine-parts.ts';
import type { NewEvent } from '../events/types.ts';
import type { Db } from '../store/open.ts';
import { deleteMessage, flushQueue, holdMessage, qidOf, redeliverMessage, releaseMessage } from '../store/queue-commands.ts';
import { messageByQid } from '../store/queries.ts';
import { selectMessageIds } from '../store/selection.ts';
import type { CommandResult } from './contract.ts';
import { NotFound } from './errors.ts';
import type { Selection } from './schemas.ts';

type Action = 'hold' | 'release' | 'redeliver' | 'delete';

function applyOne(action: Action, db: Db, messageId: number, parts: EngineParts, now: number): { changed: number; spoolFile?: string } {
  switch (action) {
    case 'hold':
      return { changed: holdMessage(db, messageId) };
    case 'release':
      return { changed: releaseMessage(db, messageId, now) };
    case 'redeliver':
      return { changed: redeliverMessage(db, messageId, now, parts.config().lifetimeMs) };
    case 'delete': {
      const deleted = deleteMessage(db, messageId);
      return deleted ? { changed: deleted.recipients, spoolFile: deleted.spoolFile } : { changed: 0 };
    }
  }
}

function eventFor(action: Action, qid: string, changed: number): NewEvent {
  switch (action) {
    case 'hold':
      return { type: 'message.held', qid, data: { recipients: changed } };
    case 'release':
      return { type: 'message.released', qid, data: { recipients: changed } };
    case 'redeliver':
      return { type: 'message.redeliver', qid, data: { recipients: changed } };
    case 'delete':
      return { type: 'message.deleted', qid, data: {} };
  }
}

/** Ids the owner named that are not (or no longer) here: acting on the rest would hide the mistake. */
function requireKnownIds(parts: EngineParts, selection: Selection): void {
  const missing = (selection.ids ?? []).filter((id) => messageByQid(parts.db, id) === null);
  if (missing.length > 0) throw new NotFound('ids', `no message with id ${missing.join(', ')}`);
}

/** Runs an owner's action on a selection in one transaction, then wakes delivery. */
export async function actOn(parts: EngineParts, action: Action, selection: Selection): Promise<CommandResult> {
  requireKnownIds(parts, selection);
  const now = Date.now();
  const spoolFiles: string[] = [];
  const result = await parts.batcher.write((db) => {
    let changed = 0;
    let messages = 0;
    for (const messageId of selectMessageIds(db, selection)) {
      const qid = qidOf(db, messageId);
      const outcome = applyOne(action, db, messageId, parts, now);
      if (outcome.changed === 0) continue;
      changed += outcome.changed;
      messages++;
      if (outcome.spoolFile) spoolFiles.push(outcome.spoolFile);
      parts.events.record(db, eventFor(action, qid, outcome.changed));
    }
    return { changed, messages };
  });
  // The rows are gone and committed: now the bodies can go too.
  await Promise.all(spoolFiles.map((file) => parts.spool.remove(file)));
  if (action === 'redeliver' || action === 'release') parts.scheduler.flushWaits();
  return result;
}

export async function flush(parts: EngineParts): Promise<CommandResult> {
  const result = await parts.batcher.write((db) => flushQueue(db, Date.now()));
  parts.scheduler.flushWaits();
  return result;
}
