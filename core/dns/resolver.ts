import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import { z } from 'zod';
import { formatHostPort, type HostPort } from '../config/runtime.ts';
import type { MxRecord } from './mx.ts';
import { reverseLookupName } from './reverse-name.ts';

export interface DnsResolver {
  /** The MX answer as the server gave it; lookupMx validates and orders it. */
  resolveMx(domain: string): Promise<MxRecord[]>;
  /** IPv4 addresses first, then IPv6. */
  resolveAddresses(host: string): Promise<string[]>;
}

/** What the setup checks need beyond routing: TXT (SPF, MTA-STS) and reverse (PTR) look-ups. */
export interface RecordResolver extends DnsResolver {
  /** Each TXT record with its character-strings joined (RFC 7208 3.3); none is an empty list. */
  resolveTxt(name: string): Promise<string[]>;
  /** The PTR names of an address, lower case without the root dot; none is an empty list. */
  reverse(address: string): Promise<string[]>;
}

export type DnsErrorCode = 'NXDOMAIN' | 'NODATA' | 'SERVFAIL' | 'TIMEOUT' | 'OTHER';

/** A failed look-up, with a message the status page can show as it is. */
export class DnsLookupError extends Error {
  readonly code: DnsErrorCode;
  /** The name that was looked up. */
  readonly host: string;

  constructor(code: DnsErrorCode, host: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DnsLookupError';
    this.code = code;
    this.host = host;
  }
}

type Asked = 'MX' | 'A' | 'AAAA' | 'TXT' | 'PTR';

const WHAT: Record<Asked, string> = {
  MX: 'MX records',
  A: 'IPv4 address',
  AAAA: 'IPv6 address',
  TXT: 'TXT records',
  PTR: 'reverse name (PTR)',
};

const CODES: Record<string, DnsErrorCode> = {
  ENOTFOUND: 'NXDOMAIN',
  ENODATA: 'NODATA',
  ESERVFAIL: 'SERVFAIL',
  ETIMEOUT: 'TIMEOUT',
};

function message(code: DnsErrorCode, host: string, asked: Asked, detail: string): string {
  switch (code) {
    case 'NXDOMAIN':
      return `${host} does not exist in DNS`;
    case 'NODATA':
      return `${host} has no ${WHAT[asked]} in DNS`;
    case 'SERVFAIL':
      return `the DNS server failed to answer for the ${WHAT[asked]} of ${host} (SERVFAIL)`;
    case 'TIMEOUT':
      return `no DNS server answered in time for the ${WHAT[asked]} of ${host}`;
    case 'OTHER':
      return `looking up the ${WHAT[asked]} of ${host} failed (${detail})`;
  }
}

function toLookupError(error: unknown, host: string, asked: Asked): DnsLookupError {
  if (error instanceof DnsLookupError) return error;
  const detail = (error as NodeJS.ErrnoException).code ?? String(error);
  const code = CODES[detail] ?? 'OTHER';
  return new DnsLookupError(code, host, message(code, host, asked, detail), { cause: error });
}

async function ask<T>(host: string, asked: Asked, query: () => Promise<T>): Promise<T> {
  try {
    return await query();
  } catch (error) {
    throw toLookupError(error, host, asked);
  }
}

function validated<T>(host: string, asked: Asked, schema: z.ZodType<T>, answer: unknown): T {
  const parsed = schema.safeParse(answer);
  if (parsed.success) return parsed.data;
  const detail = `malformed answer: ${z.prettifyError(parsed.error)}`;
  throw new DnsLookupError('OTHER', host, message('OTHER', host, asked, detail));
}

const ipv4List = z.array(z.ipv4());
const ipv6List = z.array(z.ipv6());
const txtList = z.array(z.array(z.string()).transform((strings) => strings.join('')));
const ptrList = z.array(z.hostname().transform((name) => name.toLowerCase().replace(/\.$/, '')));

// For TXT and PTR "nothing there" is an answer, not a failure.
async function orNone<T>(query: Promise<T[]>): Promise<T[]> {
  try {
    return await query;
  } catch (error) {
    if (error instanceof DnsLookupError && (error.code === 'NODATA' || error.code === 'NXDOMAIN')) return [];
    throw error;
  }
}

// Which failure to report when neither family gave an address: server trouble
// (it may pass) says more than "no such name", which says more than "no data".
function noAddress(host: string, errors: DnsLookupError[]): DnsLookupError {
  const passing = errors.find((error) => error.code !== 'NODATA' && error.code !== 'NXDOMAIN');
  const missing = errors.find((error) => error.code === 'NXDOMAIN');
  return passing ?? missing ?? new DnsLookupError('NODATA', host, `${host} has no address (A or AAAA) in DNS`);
}

async function resolveAddresses(resolver: Resolver, host: string): Promise<string[]> {
  const results = await Promise.allSettled([
    ask(host, 'A', async () => validated(host, 'A', ipv4List, await resolver.resolve4(host))),
    ask(host, 'AAAA', async () => validated(host, 'AAAA', ipv6List, await resolver.resolve6(host))),
  ]);
  const addresses = results.flatMap((result) => (result.status === 'fulfilled' ? result.value : []));
  // Like Postfix, one family answering is enough: a broken AAAA must not hold mail back.
  if (addresses.length > 0) return addresses;
  const errors = results.flatMap((result) =>
    result.status === 'rejected' && result.reason instanceof DnsLookupError ? [result.reason] : [],
  );
  throw noAddress(host, errors);
}

function serverText(server: HostPort): string {
  if (isIP(server.host) === 0) throw new Error(`DNS server "${server.host}" must be an IP address, not a name`);
  return formatHostPort(server);
}

/** A resolver asking the given DNS servers, or the system's when the list is empty. */
export function createResolver(servers: HostPort[], options: { timeoutMs?: number; tries?: number } = {}): RecordResolver {
  const resolver = new Resolver({
    ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
    ...(options.tries === undefined ? {} : { tries: options.tries }),
  });
  if (servers.length > 0) resolver.setServers(servers.map(serverText));
  return {
    resolveMx: (domain) =>
      ask(domain, 'MX', async () =>
        (await resolver.resolveMx(domain)).map(({ exchange, priority }) => ({ exchange, priority })),
      ),
    resolveAddresses: (host) => resolveAddresses(resolver, host),
    resolveTxt: (name) =>
      orNone(ask(name, 'TXT', async () => validated(name, 'TXT', txtList, await resolver.resolveTxt(name)))),
    reverse: (address) =>
      orNone(ask(address, 'PTR', async () => validated(address, 'PTR', ptrList, await resolver.resolvePtr(reverseLookupName(address))))),
  };
}
