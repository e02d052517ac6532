import type { Settings } from './schema.ts';
import { checkPrimaryIsNotSelf } from './self-primary.ts';
import { readTlsPair } from './tls-files.ts';

/**
 * What the schema cannot see, checked against this machine before settings are
 * used at start or saved: the TLS files, and a primary that is this server
 * itself. Throws ConfigError naming the key, so a bad value never waits for
 * the next start to fail.
 */
export async function checkOnThisMachine(settings: Settings, dataDir: string, listenPorts: readonly number[]): Promise<void> {
  if (settings.tls) await readTlsPair(dataDir, settings.tls);
  checkPrimaryIsNotSelf(settings, listenPorts);
}
