import { isAbsolute, relative } from 'node:path';
import type { StorageHealth } from '../store/storage-health.ts';
import type { EngineApi } from './contract.ts';

type Operation = (...args: unknown[]) => Promise<unknown>;

/**
 * Only the queue database's errors and those about a file in the data folder
 * count: an operation may also read a certificate elsewhere or reach out over
 * the network, where "permission denied" says nothing about this storage.
 */
function aboutTheDataFolder(error: unknown, dataDir: string): boolean {
  const { code, path } = (error ?? {}) as NodeJS.ErrnoException;
  if (code?.startsWith('SQLITE_')) return true;
  if (typeof path !== 'string') return false;
  const inside = relative(dataDir, path);
  return !inside.startsWith('..') && !isAbsolute(inside);
}

/**
 * Every operation's failure passes by the storage state on its way out: a
 * listing that reads a damaged page makes status say "storage failing", as a
 * failed write does, rather than a 500 while status says all is well.
 */
export function reportingStorageFaults(api: EngineApi, health: StorageHealth, dataDir: () => string): EngineApi {
  const guarded: Record<string, unknown> = { ...api };
  for (const [name, operation] of Object.entries(api)) {
    // The one operation that is not a promise: it only adds a listener.
    if (name === 'subscribe') continue;
    guarded[name] = async (...args: unknown[]) => {
      try {
        return await (operation as Operation)(...args);
      } catch (error) {
        if (aboutTheDataFolder(error, dataDir())) health.report(error);
        throw error;
      }
    };
  }
  return guarded as EngineApi;
}
