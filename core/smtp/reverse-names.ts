import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';

const TTL_MS = 3_600_000;
const MAX_ENTRIES = 10_000;
const TIMEOUT_MS = 3_000;
const hostname = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i;

/**
 * Reverse DNS names of clients, looked up in the background. smtp-server would
 * hold the greeting until the lookup ends (seconds, where DNS is slow or
 * absent); here the session goes on at once and the name, once known, goes
 * into the Received header written at delivery.
 */
export class ReverseNames {
  private readonly cache = new Map<string, { name: string | null; until: number }>();
  private readonly resolver = new Resolver({ timeout: TIMEOUT_MS, tries: 1 });

  constructor(servers: string[] = []) {
    if (servers.length > 0) this.resolver.setServers(servers);
  }

  /** The name if already known; starts a lookup otherwise. */
  get(address: string): string | null {
    const entry = this.cache.get(address);
    if (entry && entry.until > Date.now()) return entry.name;
    this.lookUp(address);
    return null;
  }

  lookUp(address: string): void {
    if (!isIP(address) || this.cache.get(address)?.until! > Date.now()) return;
    this.remember(address, null, 60_000);
    this.resolver.reverse(address).then(
      (names) => {
        const name = names.find((candidate) => hostname.test(candidate));
        this.remember(address, name ? name.toLowerCase() : null, TTL_MS);
      },
      () => this.remember(address, null, TTL_MS / 4),
    );
  }

  private remember(address: string, name: string | null, ttl: number): void {
    this.cache.delete(address);
    this.cache.set(address, { name, until: Date.now() + ttl });
    if (this.cache.size > MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
  }
}
