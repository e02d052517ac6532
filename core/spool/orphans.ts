import type { Db } from '../store/open.ts';
import { knownSpoolFiles } from '../store/messages.ts';
import type { Spool } from './spool.ts';

/**
 * A body renamed into place whose database commit never happened (a crash
 * between the two) never got its 250: the sender still has it and will send
 * again. Such files are removed at start.
 */
export async function removeOrphans(spool: Spool, db: Db): Promise<number> {
  const known = knownSpoolFiles(db);
  let removed = 0;
  for (const file of await spool.list()) {
    if (known.has(file)) continue;
    await spool.remove(file);
    removed++;
  }
  return removed;
}
