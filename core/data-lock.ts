import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** Two engines on one data folder would hand the same mail over twice. */
export class DataFolderBusy extends Error {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the data folder for this process; a lock left by a process that died is taken over. */
export async function lockDataFolder(dataDir: string): Promise<() => Promise<void>> {
  const path = join(dataDir, 'mx-standby.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new DataFolderBusy(`another MX Standby (process ${pid}) is already using the data folder ${dataDir}`);
      }
      await rm(path, { force: true });
    }
  }
  throw new DataFolderBusy(`could not lock the data folder ${dataDir}`);
}
