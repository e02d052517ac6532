import { randomBytes } from 'node:crypto';

/** Short, unique, roughly time-ordered ids like "mi3k2x1a7f3c9e": easy to read aloud and to grep in logs. */
export function newQueueId(now = Date.now()): string {
  return `${now.toString(36)}${randomBytes(3).toString('hex')}`;
}
