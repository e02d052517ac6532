import { z } from 'zod';
import { DnsLookupError, type DnsResolver } from './resolver.ts';

export interface MxRecord {
  exchange: string;
  priority: number;
}

export type MxLookup =
  | { kind: 'mx'; records: MxRecord[] }
  /** RFC 7505: the domain says it takes no mail (a single MX "."). */
  | { kind: 'null-mx' }
  /** RFC 5321 5.1: no MX records, so the domain itself is the implicit MX. */
  | { kind: 'no-mx' };

/** Lower case, no root dot: the form names are compared in. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

const hostName = z.hostname();

// The root name ("" once normalized) is the null MX target; anything else
// must be a host name, and not an IP address in disguise (RFC 3696 section 2:
// a top-level label is never all digits).
function isExchange(name: string): boolean {
  return name === '' || (hostName.safeParse(name).success && !/(^|\.)\d+$/.test(name));
}

const HOST = 'is not a host name';
const PREFERENCE = 'is not a preference from 0 to 65535';

const mxAnswer = z.array(
  z.object({
    exchange: z.string(HOST).transform(normalizeName).refine(isExchange, HOST),
    priority: z.number(PREFERENCE).int(PREFERENCE).min(0, PREFERENCE).max(65535, PREFERENCE),
  }, 'is not an MX record'),
  'is not a list of MX records',
);

// Plain words for the status page: which field, its value, what is wrong with it.
function describeIssue(answer: unknown, issue: z.core.$ZodIssue): string {
  const value = issue.path.reduce<unknown>(
    (node, step) => (node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[step] : undefined),
    answer,
  );
  const field = typeof issue.path.at(-1) === 'string' ? `${String(issue.path.at(-1))} ` : '';
  return `${field}${JSON.stringify(value) ?? String(value)} ${issue.message}`;
}

function byPriorityThenName(a: MxRecord, b: MxRecord): number {
  if (a.priority !== b.priority) return a.priority - b.priority;
  if (a.exchange === b.exchange) return 0;
  return a.exchange < b.exchange ? -1 : 1;
}

/** Validates an MX answer (anything from DNS is outside input) and puts it in the order to try. */
export function parseMxAnswer(domain: string, answer: unknown): MxLookup {
  const parsed = mxAnswer.safeParse(answer);
  if (!parsed.success) {
    const detail = describeIssue(answer, parsed.error.issues[0]!);
    throw new DnsLookupError('OTHER', domain, `the MX records of ${domain} are malformed: ${detail}`);
  }
  // A "." among real hosts breaks RFC 7505; like other MTAs, skip it and use the real ones.
  const records = parsed.data.filter((record) => record.exchange !== '');
  if (parsed.data.length === 0) return { kind: 'no-mx' };
  if (records.length === 0) return { kind: 'null-mx' };
  return { kind: 'mx', records: records.sort(byPriorityThenName) };
}

export async function lookupMx(resolver: DnsResolver, domain: string): Promise<MxLookup> {
  try {
    return parseMxAnswer(domain, await resolver.resolveMx(domain));
  } catch (error) {
    if (error instanceof DnsLookupError && error.code === 'NODATA') return { kind: 'no-mx' };
    throw error;
  }
}
