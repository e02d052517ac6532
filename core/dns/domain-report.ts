import { lookupMx, normalizeName, type MxLookup } from './mx.ts';
import { DnsLookupError, type DnsResolver } from './resolver.ts';

/** One MX host of a domain, with its addresses (IPv4 first), or why they could not be found. */
export interface MxHostReport {
  host: string;
  preference: number;
  addresses: string[];
  problem: string | null;
}

/** What DNS says about where a domain's mail goes, in plain words where it is trouble. */
export interface DomainReport {
  domain: string;
  /** mx: MX records found; null-mx: the domain takes no mail (RFC 7505); no-mx: none published; failed: the look-up failed. */
  kind: 'mx' | 'null-mx' | 'no-mx' | 'failed';
  /** Sorted by preference (lowest, the most preferred, first), then by name. */
  hosts: MxHostReport[];
  /** The most preferred host that is not this server; null when there is none. */
  primary: string | null;
  problem: string | null;
}

/** More hosts than this is not a small business's domain; the rest are not looked up. */
const MAX_HOSTS = 20;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function withAddresses(resolver: DnsResolver, host: string, preference: number): Promise<MxHostReport> {
  try {
    return { host, preference, addresses: await resolver.resolveAddresses(host), problem: null };
  } catch (error) {
    return { host, preference, addresses: [], problem: describe(error) };
  }
}

function problemOf(domain: string, lookup: MxLookup): string | null {
  if (lookup.kind === 'null-mx') return `${domain} publishes a null MX record: it says it accepts no mail at all (RFC 7505)`;
  if (lookup.kind === 'no-mx') return `${domain} publishes no MX records, so there is no primary mail server to back up yet`;
  return null;
}

/**
 * The MX records of a domain with the addresses of each host, and its primary
 * named. `selfNames` are this server's names: never named as the primary.
 * Never throws: a failed look-up is a report of kind "failed".
 */
export async function lookupDomain(resolver: DnsResolver, domain: string, selfNames: readonly string[] = []): Promise<DomainReport> {
  const name = normalizeName(domain);
  let lookup: MxLookup;
  try {
    lookup = await lookupMx(resolver, name);
  } catch (error) {
    const problem = error instanceof DnsLookupError ? error.message : `looking up ${name} failed: ${describe(error)}`;
    return { domain: name, kind: 'failed', hosts: [], primary: null, problem };
  }
  if (lookup.kind !== 'mx') return { domain: name, kind: lookup.kind, hosts: [], primary: null, problem: problemOf(name, lookup) };
  const records = lookup.records.slice(0, MAX_HOSTS);
  const hosts = await Promise.all(records.map((record) => withAddresses(resolver, record.exchange, record.priority)));
  const self = new Set(selfNames.map(normalizeName));
  const primary = hosts.find((host) => !self.has(host.host))?.host ?? null;
  return { domain: name, kind: 'mx', hosts, primary, problem: null };
}
