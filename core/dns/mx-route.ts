import { lookupMx, normalizeName, type MxLookup, type MxRecord } from './mx.ts';
import type { DnsResolver } from './resolver.ts';
import { selfAddressMatcher } from './self-address.ts';

export { localAddresses } from './self-address.ts';

export interface RouteHost {
  host: string;
  port: number;
  preference: number;
  /** The addresses checked not to be this machine's; connecting to these avoids a second look-up. */
  addresses?: string[];
}

export type MxRoute =
  | { kind: 'deliver'; hosts: RouteHost[] }
  /** Plain words for the status page. */
  | { kind: 'wait'; reason: string };

export interface MxRouteOptions {
  resolver: DnsResolver;
  /** This host's names, lower-case. */
  selfNames: string[];
  /** This machine's addresses: localAddresses() plus any configured public address. */
  selfAddresses: string[];
  port?: number;
}

type Checked =
  | { record: MxRecord; status: 'self' }
  | { record: MxRecord; status: 'usable'; addresses: string[] }
  | { record: MxRecord; status: 'unresolved'; problem: string };

type Usable = Extract<Checked, { status: 'usable' }>;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function check(
  record: MxRecord,
  resolver: DnsResolver,
  isSelfName: (name: string) => boolean,
  isSelfAddress: (address: string) => boolean,
): Promise<Checked> {
  if (isSelfName(record.exchange)) return { record, status: 'self' };
  try {
    const addresses = await resolver.resolveAddresses(record.exchange);
    // A host with even one of our addresses could hand the mail straight back to us.
    if (addresses.some(isSelfAddress)) return { record, status: 'self' };
    return { record, status: 'usable', addresses };
  } catch (error) {
    return { record, status: 'unresolved', problem: describe(error) };
  }
}

function toHosts(usable: Usable[], port: number): RouteHost[] {
  const seen = new Set<string>();
  return usable.flatMap(({ record, addresses }) => {
    if (seen.has(record.exchange)) return [];
    seen.add(record.exchange);
    return [{ host: record.exchange, port, preference: record.priority, addresses }];
  });
}

function listing(records: MxRecord[]): string {
  return records.map((record) => `MX ${record.priority} ${record.exchange}`).join(', ');
}

function problems(checked: Checked[]): string {
  return checked.flatMap((entry) => (entry.status === 'unresolved' ? [entry.problem] : [])).join('; ');
}

function implicitReason(domain: string, entry: Checked): string {
  if (entry.status === 'self') return `${domain} publishes no MX records, and the domain's own address is this machine`;
  return `${domain} publishes no MX records, and ${problems([entry])}`;
}

// Only called when nothing ranked before this host could be used.
function waitReason(domain: string, checked: Checked[], ahead: Checked[], selfPreference: number): string {
  if (ahead.length === 0) {
    const own = checked.filter((entry) => entry.status === 'self' && entry.record.priority === selfPreference);
    return `${domain} lists no mail server ranked before this one (${listing(own.map((entry) => entry.record))})`;
  }
  if (Number.isFinite(selfPreference)) {
    return `the mail servers ${domain} ranks before this one could not be looked up: ${problems(ahead)}`;
  }
  return `none of the mail servers ${domain} lists could be looked up: ${problems(ahead)}`;
}

function choose(domain: string, lookup: MxLookup, checked: Checked[], port: number): MxRoute {
  // RFC 5321 5.1: only hosts strictly preferred to our own best entry may take the mail.
  const selfPreference = Math.min(...checked.filter((entry) => entry.status === 'self').map((entry) => entry.record.priority));
  const ahead = checked.filter((entry) => entry.record.priority < selfPreference);
  const usable = ahead.filter((entry): entry is Usable => entry.status === 'usable');
  if (usable.length > 0) return { kind: 'deliver', hosts: toHosts(usable, port) };
  const [implicit] = checked;
  if (lookup.kind === 'no-mx' && implicit) return { kind: 'wait', reason: implicitReason(domain, implicit) };
  return { kind: 'wait', reason: waitReason(domain, checked, ahead, selfPreference) };
}

/**
 * Where to hand over mail for a domain, by its MX records, never to this host
 * nor to a host ranked equal to or after it (DESIGN.md promise 5). Never
 * throws: trouble becomes a wait with the reason in plain words.
 */
export async function routeByMx(domain: string, options: MxRouteOptions): Promise<MxRoute> {
  const name = normalizeName(domain);
  let lookup: MxLookup;
  try {
    lookup = await lookupMx(options.resolver, name);
  } catch (error) {
    return { kind: 'wait', reason: describe(error) };
  }
  if (lookup.kind === 'null-mx') {
    return { kind: 'wait', reason: `${name} publishes a null MX record: it accepts no mail (RFC 7505)` };
  }
  const records = lookup.kind === 'mx' ? lookup.records : [{ exchange: name, priority: 0 }];
  const selfNames = new Set(options.selfNames.map(normalizeName));
  const isSelfAddress = selfAddressMatcher(options.selfAddresses);
  const checked = await Promise.all(
    records.map((record) => check(record, options.resolver, (host) => selfNames.has(host), isSelfAddress)),
  );
  return choose(name, lookup, checked, options.port ?? 25);
}
