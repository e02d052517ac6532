import { BlockList, isIP } from 'node:net';
import { lookupMx } from './mx.ts';
import { DnsLookupError, type RecordResolver } from './resolver.ts';

/**
 * Enough of SPF (RFC 7208) to tell whether an address may send for a domain:
 * ip4, ip6, a, mx, include, all and redirect. ptr, exists and macros are not
 * evaluated (they never match here), and the result says so.
 */

export type SpfVerdict = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'permerror' | 'temperror';

export interface SpfResult {
  verdict: SpfVerdict;
  /** The domain's own SPF record, if it has one. */
  record: string | null;
  /** Plain words: which term decided, or what is wrong. */
  detail: string;
}

const MAX_LOOKUPS = 10;
const MAX_MX_HOSTS = 10;
const QUALIFIERS: Record<string, SpfVerdict> = { '+': 'pass', '-': 'fail', '~': 'softfail', '?': 'neutral' };

class SpfError extends Error {
  readonly verdict: 'permerror' | 'temperror';
  constructor(verdict: 'permerror' | 'temperror', message: string) {
    super(message);
    this.verdict = verdict;
  }
}

interface Context {
  resolver: RecordResolver;
  address: string;
  lookups: number;
  skipped: string[];
}

function dnsTrouble(error: unknown): never {
  if (error instanceof DnsLookupError && (error.code === 'SERVFAIL' || error.code === 'TIMEOUT')) throw new SpfError('temperror', error.message);
  throw error;
}

async function spfRecord(context: Context, domain: string): Promise<string | null> {
  const records = await context.resolver.resolveTxt(domain).catch(dnsTrouble);
  const spf = records.filter((text) => /^v=spf1(\s|$)/i.test(text));
  if (spf.length > 1) throw new SpfError('permerror', `${domain} has ${spf.length} SPF records; there must be only one`);
  return spf[0] ?? null;
}

function count(context: Context): void {
  context.lookups += 1;
  if (context.lookups > MAX_LOOKUPS) throw new SpfError('permerror', `the SPF record needs more than ${MAX_LOOKUPS} DNS look-ups (RFC 7208 4.6.4)`);
}

function inRange(address: string, candidates: string[], v4: number, v6: number): boolean {
  const list = new BlockList();
  for (const candidate of candidates) {
    const family = isIP(candidate);
    if (family === 4) list.addSubnet(candidate, v4, 'ipv4');
    else if (family === 6) list.addSubnet(candidate, v6, 'ipv6');
  }
  return list.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

async function addressesOf(context: Context, host: string): Promise<string[]> {
  try {
    return await context.resolver.resolveAddresses(host);
  } catch (error) {
    if (error instanceof DnsLookupError && (error.code === 'NXDOMAIN' || error.code === 'NODATA')) return [];
    return dnsTrouble(error);
  }
}

async function mxAddresses(context: Context, domain: string): Promise<string[]> {
  const lookup = await lookupMx(context.resolver, domain).catch((error: unknown) => {
    if (error instanceof DnsLookupError && error.code === 'NXDOMAIN') return { kind: 'no-mx' as const };
    return dnsTrouble(error);
  });
  if (lookup.kind !== 'mx') return [];
  const hosts = lookup.records.slice(0, MAX_MX_HOSTS);
  return (await Promise.all(hosts.map((record) => addressesOf(context, record.exchange)))).flat();
}

interface Term {
  qualifier: SpfVerdict;
  name: string;
  value: string | null;
  v4: number;
  v6: number;
}

function parseTerm(domain: string, text: string): Term {
  const match = /^([+\-~?]?)([a-z0-9]+)(?::([^/]+))?(?:\/(\d+))?(?:\/\/(\d+))?$/i.exec(text);
  // ip6:2001:db8::/32 holds colons of its own: the value is everything after the first one.
  const ip6 = /^([+\-~?]?)ip6:([0-9a-f:.]+)(?:\/(\d+))?$/i.exec(text);
  if (ip6) return { qualifier: QUALIFIERS[ip6[1] || '+']!, name: 'ip6', value: ip6[2]!, v4: 32, v6: Number(ip6[3] ?? 128) };
  if (!match) throw new SpfError('permerror', `the SPF record of ${domain} has a term it cannot read: "${text}"`);
  const name = match[2]!.toLowerCase();
  return { qualifier: QUALIFIERS[match[1] || '+']!, name, value: match[3] ?? null, v4: Number(match[4] ?? 32), v6: Number(match[5] ?? 128) };
}

async function matches(context: Context, domain: string, term: Term, text: string): Promise<boolean | SpfResult> {
  const target = term.value ?? domain;
  switch (term.name) {
    case 'all':
      return true;
    case 'ip4':
    case 'ip6':
      return inRange(context.address, [term.value ?? ''], term.v4, term.v6);
    case 'a':
      count(context);
      return inRange(context.address, await addressesOf(context, target), term.v4, term.v6);
    case 'mx':
      count(context);
      return inRange(context.address, await mxAddresses(context, target), term.v4, term.v6);
    case 'include': {
      count(context);
      const result = await evaluate(context, target);
      if (result.verdict === 'none') throw new SpfError('permerror', `"${text}" names ${target}, which has no SPF record`);
      if (result.verdict === 'permerror' || result.verdict === 'temperror') return result;
      return result.verdict === 'pass';
    }
    case 'ptr':
    case 'exists':
      count(context);
      context.skipped.push(text);
      return false;
    default:
      throw new SpfError('permerror', `the SPF record of ${domain} has an unknown mechanism "${text}"`);
  }
}

async function evaluate(context: Context, domain: string): Promise<SpfResult> {
  const record = await spfRecord(context, domain);
  if (record === null) return { verdict: 'none', record: null, detail: `${domain} publishes no SPF record` };
  let redirect: string | null = null;
  for (const text of record.split(/\s+/).slice(1).filter((term) => term !== '')) {
    if (/^redirect=/i.test(text)) redirect = text.slice('redirect='.length);
    if (/^[a-z][a-z0-9_.-]*=/i.test(text)) continue;
    if (text.includes('%')) {
      context.skipped.push(text);
      continue;
    }
    const term = parseTerm(domain, text);
    const matched = await matches(context, domain, term, text);
    if (typeof matched !== 'boolean') return { ...matched, record };
    if (!matched) continue;
    const detail =
      term.name === 'all'
        ? `nothing in the SPF record of ${domain} lists ${context.address}, so its "${text}" applies`
        : `"${text}" in the SPF record of ${domain} matches ${context.address}`;
    return { verdict: term.qualifier, record, detail };
  }
  if (redirect !== null) {
    count(context);
    const result = await evaluate(context, redirect);
    if (result.verdict === 'none') throw new SpfError('permerror', `the SPF record of ${domain} redirects to ${redirect}, which has none`);
    return { ...result, record };
  }
  return { verdict: 'neutral', record, detail: `no term of the SPF record of ${domain} matches ${context.address}` };
}

/** The SPF verdict for mail from `address` with `domain` as its sender domain. Never throws. */
export async function checkSpf(resolver: RecordResolver, domain: string, address: string): Promise<SpfResult> {
  const context: Context = { resolver, address, lookups: 0, skipped: [] };
  let result: SpfResult;
  try {
    result = await evaluate(context, domain);
  } catch (error) {
    const record = await resolver.resolveTxt(domain).then((texts) => texts.find((text) => /^v=spf1(\s|$)/i.test(text)) ?? null, () => null);
    if (error instanceof SpfError) return { verdict: error.verdict, record, detail: error.message };
    return { verdict: 'temperror', record, detail: error instanceof Error ? error.message : String(error) };
  }
  if (result.verdict === 'pass' || context.skipped.length === 0) return result;
  return { ...result, detail: `${result.detail} (not evaluated here: ${context.skipped.join(', ')})` };
}

/** The record with this address allowed: an ip4:/ip6: term added before its final "all" or redirect. */
export function spfWithAddress(record: string, address: string): string {
  const term = `${isIP(address) === 6 ? 'ip6' : 'ip4'}:${address}`;
  const terms = record.trim().split(/\s+/);
  const last = terms.findIndex((text) => /^[+\-~?]?all$/i.test(text) || /^redirect=/i.test(text));
  terms.splice(last < 0 ? terms.length : last, 0, term);
  return terms.join(' ');
}
