import { isIP } from 'node:net';
import { localAddresses, selfAddressMatcher } from '../dns/self-address.ts';
import { ConfigError } from './errors.ts';
import { machineHostname } from './machine-hostname.ts';
import { formatHostPort, parseHostPort } from './runtime.ts';
import type { Settings } from './schema.ts';

/**
 * Refuses a primary that is this server's own mail listener: an address of
 * this machine (or its public address, or a name for it) on a port this
 * server listens on. Mail handed there would come straight back, round and
 * round. Throws ConfigError naming primary.
 */
export function checkPrimaryIsNotSelf(settings: Settings, listenPorts: readonly number[]): void {
  if (settings.primary === null || settings.primary === 'mx') return;
  const target = parseHostPort(settings.primary, 25);
  if (!listenPorts.includes(target.port) || !isThisMachine(target.host, settings)) return;
  throw new ConfigError(
    `primary: ${formatHostPort(target)} is this server's own mail listener, so mail handed to it would come straight back; give the address of the primary mail server`,
    'primary',
  );
}

function isThisMachine(host: string, settings: Settings): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  if (isIP(name) === 0) return [settings.hostname, machineHostname(), 'localhost'].some((own) => own?.toLowerCase() === name);
  const own = settings.publicAddress ? [...localAddresses(), settings.publicAddress] : localAddresses();
  return selfAddressMatcher(own)(name);
}
