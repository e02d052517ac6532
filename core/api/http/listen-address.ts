import { isIP } from 'node:net';
import { formatHostPort, type HostPort } from '../../config/runtime.ts';

/** The admin listener could not start; the message says why and what to do. */
export class AdminListenError extends Error {}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

/** The URL a client on this machine uses: a wildcard listener is reached through loopback. */
export function urlFor(address: HostPort): string {
  const host = address.host === '0.0.0.0' ? '127.0.0.1' : address.host === '::' || address.host === '' ? '::1' : address.host;
  return `http://${formatHostPort({ host, port: address.port })}`;
}
