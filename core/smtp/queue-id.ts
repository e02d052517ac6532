import { randomUUID } from 'node:crypto';

/**
 * Short, unique, roughly time-ordered ids like "mi3k2x1a7f3c9e": easy to read
 * aloud and to grep in logs. randomUUID draws from a cached entropy pool,
 * which matters at hundreds of messages a second.
 */
export function newQueueId(now = Date.now()): string {
  return `${now.toString(36)}${randomUUID().slice(0, 6)}`;
}
