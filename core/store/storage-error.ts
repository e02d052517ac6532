import { statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { storageFault, type StorageFault } from './storage-fault.ts';

/** A storage failure at start or stop, said in one line that names the file and what to do; no stack is shown. */
export class StorageError extends Error {
  override name = 'StorageError';
}

/** Less free than this, and a failed write is taken for a full disk whatever the error says (SQLite may call it an I/O error). */
const FULL_BELOW_BYTES = 64 * 1024;

/** What to do about a damaged queue database; `recover` rebuilds it from the bodies in the spool. */
export function damagedDatabaseAdvice(dataDir: string): string {
  return `restore it from a backup, or move it away and run \`mx-standby recover --data ${dataDir}\` to rebuild it from the spool`;
}

async function diskFull(dataDir: string): Promise<boolean> {
  const stats = await statfs(dataDir).catch(() => null);
  return stats !== null && stats.bavail * stats.bsize < FULL_BELOW_BYTES;
}

function sentence(fault: StorageFault, dataDir: string, full: boolean): string {
  const database = join(dataDir, 'queue.sqlite');
  if (fault.lasting) return `the queue database ${database} is damaged (${fault.detail}): ${damagedDatabaseAdvice(dataDir)}`;
  if (full) return `the disk holding the data folder ${dataDir} is full (${fault.detail}): free some space there, then start again`;
  const file = fault.where === 'the queue database' ? `the queue database ${database}` : `the data folder ${dataDir}`;
  switch (fault.meaning) {
    case 'the file system is read-only':
      return `${file} is on a read-only file system (${fault.detail}): make it writable, or choose another data folder with --data`;
    case 'permission denied':
      return `${file} cannot be written by this user (${fault.detail}): give it write access, or choose another data folder with --data`;
    default:
      return `${file}: ${fault.meaning} (${fault.detail}): check the disk, then start again`;
  }
}

/**
 * The one line for a storage failure while serve starts or stops, or null
 * when `error` is no storage failure (then it is a bug, and keeps its stack).
 */
export async function explainStorageFailure(error: unknown, dataDir: string, moment: 'start' | 'stop'): Promise<StorageError | null> {
  if (error instanceof StorageError) return error;
  const fault = storageFault(error);
  if (!fault) return null;
  const text = sentence(fault, dataDir, await diskFull(dataDir));
  return new StorageError(moment === 'start' ? `cannot start: ${text}` : `stopped, but could not tidy up: ${text}`);
}
