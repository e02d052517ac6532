import type { StorageHealth } from '../store/storage-health.ts';
import type { EngineApi } from './contract.ts';

type Operation = (...args: unknown[]) => Promise<unknown>;

/**
 * Every operation's failure passes by the storage state on its way out: a
 * listing that reads a damaged page makes status say "storage failing", as a
 * failed write does, rather than a 500 while status says all is well.
 */
export function reportingStorageFaults(api: EngineApi, health: StorageHealth): EngineApi {
  const guarded: Record<string, unknown> = { ...api };
  for (const [name, operation] of Object.entries(api)) {
    // The one operation that is not a promise: it only adds a listener.
    if (name === 'subscribe') continue;
    guarded[name] = async (...args: unknown[]) => {
      try {
        return await (operation as Operation)(...args);
      } catch (error) {
        health.report(error);
        throw error;
      }
    };
  }
  return guarded as EngineApi;
}
