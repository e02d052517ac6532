import { constants } from 'node:fs';
import { access, statfs } from 'node:fs/promises';
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

type FolderState = 'full' | 'read-only' | 'not writable' | 'writable';

/**
 * What is wrong with the data folder itself, asked of the system directly:
 * SQLite says only "unable to open database file" or "disk I/O error" when
 * it cannot create its -wal and -shm files on a read-only or full disk.
 */
async function folderState(dataDir: string): Promise<FolderState> {
  const writable = await access(dataDir, constants.W_OK).then(
    () => null,
    (error: NodeJS.ErrnoException) => error.code ?? null,
  );
  if (writable === 'EROFS') return 'read-only';
  if (writable === 'EACCES' || writable === 'EPERM') return 'not writable';
  const stats = await statfs(dataDir).catch(() => null);
  return stats !== null && stats.bavail * stats.bsize < FULL_BELOW_BYTES ? 'full' : 'writable';
}

function sentence(fault: StorageFault, dataDir: string, folder: FolderState): string {
  const database = join(dataDir, 'queue.sqlite');
  if (fault.lasting) return `the queue database ${database} is damaged (${fault.detail}): ${damagedDatabaseAdvice(dataDir)}`;
  if (folder === 'full') return `the disk holding the data folder ${dataDir} is full (${fault.detail}): free some space there, then start again`;
  if (folder === 'read-only' || fault.meaning === 'the file system is read-only') {
    return `the data folder ${dataDir} is on a read-only file system (${fault.detail}): make it writable, or choose another data folder with --data`;
  }
  if (folder === 'not writable' || fault.meaning === 'permission denied') {
    return `the data folder ${dataDir} cannot be written by this user (${fault.detail}): give it write access, or choose another data folder with --data`;
  }
  const file = fault.where === 'the queue database' ? `the queue database ${database}` : `the data folder ${dataDir}`;
  return `${file}: ${fault.meaning} (${fault.detail}): check the disk, then start again`;
}

/**
 * The one line for a storage failure while serve starts or stops, or null
 * when `error` is no storage failure (then it is a bug, and keeps its stack).
 */
export async function explainStorageFailure(error: unknown, dataDir: string, moment: 'start' | 'stop'): Promise<StorageError | null> {
  const fault = storageFault(error);
  if (!fault) return null;
  const text = sentence(fault, dataDir, await folderState(dataDir));
  return new StorageError(moment === 'start' ? `cannot start: ${text}` : `stopped, but could not tidy up: ${text}`);
}
