import { request } from 'node:https';
import { DnsLookupError, type RecordResolver } from './resolver.ts';
import { parseStsPolicy, parseStsRecord, type StsPolicy } from './mta-sts-policy.ts';

export interface MtaStsOptions {
  resolver: RecordResolver;
  /** The HTTPS port of the policy host: 443 (RFC 8461); other ports only for tests. */
  port?: number;
  /** Certificate authorities (PEM) to trust instead of the public ones; for tests. */
  ca?: string[];
  timeoutMs?: number;
}

export type MtaStsLookup =
  /** No `_mta-sts` TXT record: the domain does not use MTA-STS. */
  | { kind: 'none' }
  /** The TXT record or its look-up is broken; senders act as if there were no policy. */
  | { kind: 'failed'; problem: string }
  /** A TXT record, but the policy file could not be fetched or is not valid. */
  | { kind: 'unavailable'; id: string; url: string; problem: string }
  | { kind: 'policy'; id: string; url: string; policy: StsPolicy };

/** RFC 8461 3.3 lets senders stop reading a policy at 64 KiB. */
const MAX_POLICY_BYTES = 64 * 1024;
const DEFAULT_TIMEOUT_MS = 10_000;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function tlsProblem(host: string, error: NodeJS.ErrnoException): string {
  const code = error.code ?? '';
  if (/CERT|SELF_SIGNED|ALTNAME|UNABLE_TO/.test(code)) return `the HTTPS certificate of ${host} is not valid (${code})`;
  return `could not fetch the policy from ${host}: ${error.code ?? error.message}`;
}

/** GETs the policy over HTTPS, as RFC 8461 3.3 says: a valid certificate, no redirects, 200 and text/plain only. */
function fetchPolicy(host: string, address: string, options: MtaStsOptions): Promise<string> {
  const port = options.port ?? 443;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: address,
        port,
        servername: host,
        path: '/.well-known/mta-sts.txt',
        method: 'GET',
        headers: { host: port === 443 ? host : `${host}:${port}` },
        agent: false,
        timeout: timeoutMs,
        ...(options.ca ? { ca: options.ca } : {}),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const type = String(res.headers['content-type'] ?? '');
        if (status !== 200) {
          res.destroy();
          const redirect = status >= 300 && status < 400 ? ', a redirect, which RFC 8461 does not allow' : '';
          return reject(new Error(`${host} answered HTTP ${status}${redirect}`));
        }
        if (!/^text\/plain\s*(;|$)/i.test(type)) {
          res.destroy();
          return reject(new Error(`${host} served the policy as "${type || 'no type'}", not text/plain`));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_POLICY_BYTES) return res.destroy(new Error(`the policy from ${host} is larger than 64 KiB`));
          chunks.push(chunk);
        });
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${host} did not answer within ${timeoutMs} ms`)));
    // Node's errors carry a code; the ones written here already say what went wrong.
    req.on('error', (error: NodeJS.ErrnoException) => reject(error.code ? new Error(tlsProblem(host, error)) : error));
    req.end();
  });
}

/**
 * The MTA-STS policy of a domain: its `_mta-sts` TXT record, then the policy
 * file from https://mta-sts.DOMAIN/.well-known/mta-sts.txt. Never throws.
 */
export async function lookupMtaSts(domain: string, options: MtaStsOptions): Promise<MtaStsLookup> {
  let records: string[];
  try {
    records = await options.resolver.resolveTxt(`_mta-sts.${domain}`);
  } catch (error) {
    return { kind: 'failed', problem: error instanceof DnsLookupError ? error.message : describe(error) };
  }
  const record = parseStsRecord(domain, records);
  if (record.kind === 'none') return { kind: 'none' };
  if (record.kind === 'invalid') return { kind: 'failed', problem: record.problem };
  const host = `mta-sts.${domain}`;
  const url = `https://${host}${options.port && options.port !== 443 ? `:${options.port}` : ''}/.well-known/mta-sts.txt`;
  try {
    const [address] = await options.resolver.resolveAddresses(host);
    const parsed = parseStsPolicy(await fetchPolicy(host, address!, options));
    if (!parsed.ok) return { kind: 'unavailable', id: record.id, url, problem: parsed.problem };
    return { kind: 'policy', id: record.id, url, policy: parsed.policy };
  } catch (error) {
    return { kind: 'unavailable', id: record.id, url, problem: describe(error) };
  }
}
