import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** Two engines on one data folder would hand the same mail over twice. */
export class DataFolderBusy extends Error {}

/** Where versions before the lock file kept the pid of the engine; nothing reads it now. */
const OLD_PID_FILE = 'mx-standby.pid';

/**
 * Takes the data folder for this process: an exclusive SQLite lock on DATA/lock,
 * held while the process lives. The operating system drops the lock when the
 * process ends in any way (kill -9 too), so there is no stale state to guess
 * about, and two starts at once cannot both get it.
 */
export async function lockDataFolder(dataDir: string): Promise<() => Promise<void>> {
  const lock = new Database(join(dataDir, 'lock'), { timeout: 0 });
  try {
    // No journal: the file holds nothing worth rolling back, and none is left beside it.
    lock.pragma('journal_mode = OFF');
    lock.pragma('locking_mode = EXCLUSIVE');
    // In exclusive locking mode the first write keeps the lock after its commit, until the connection closes.
    lock.exec('BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS held (id INTEGER PRIMARY KEY); COMMIT;');
  } catch (error) {
    lock.close();
    if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY')) {
      throw new DataFolderBusy(`the data folder ${dataDir} is in use by another MX Standby (serve or recover); stop that one first`);
    }
    throw error;
  }
  await rm(join(dataDir, OLD_PID_FILE), { force: true });
  return async () => {
    lock.close();
  };
}
