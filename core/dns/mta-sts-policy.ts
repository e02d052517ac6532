import { z } from 'zod';
import { normalizeName } from './mx.ts';

/** MTA-STS (RFC 8461): the `_mta-sts` TXT record and the policy file, parsed and validated. */

export type StsRecord = { kind: 'none' } | { kind: 'record'; id: string } | { kind: 'invalid'; problem: string };

export interface StsPolicy {
  version: 'STSv1';
  mode: 'enforce' | 'testing' | 'none';
  maxAge: number;
  /** Host name patterns, lower case; "*.example.com" stands for exactly one more label. */
  mx: string[];
}

const stsId = z.string().regex(/^[a-z0-9]{1,32}$/i, 'id must be 1 to 32 letters and digits');

/**
 * RFC 8461 3.1: records not starting with "v=STSv1;" are ignored; anything but
 * exactly one that remains means the domain has no usable policy.
 */
export function parseStsRecord(domain: string, records: readonly string[]): StsRecord {
  const sts = records.filter((text) => /^v=STSv1\s*(;|$)/.test(text));
  if (sts.length === 0) return { kind: 'none' };
  if (sts.length > 1) return { kind: 'invalid', problem: `_mta-sts.${domain} has ${sts.length} "v=STSv1" TXT records; there must be exactly one` };
  const fields = new Map(
    sts[0]!
      .split(';')
      .map((field) => field.trim())
      .filter((field) => field !== '')
      .map((field) => [field.slice(0, field.indexOf('=')).trim(), field.slice(field.indexOf('=') + 1).trim()] as const),
  );
  const id = stsId.safeParse(fields.get('id'));
  if (!id.success) return { kind: 'invalid', problem: `the _mta-sts.${domain} TXT record "${sts[0]}" has no valid id (1 to 32 letters and digits)` };
  return { kind: 'record', id: id.data };
}

const pattern = z
  .string()
  .transform(normalizeName)
  .refine((text) => z.hostname().safeParse(text.replace(/^\*\./, '')).success && !text.slice(1).includes('*'), 'is not a host name or *.domain pattern');

const policySchema = z
  .object({
    version: z.literal('STSv1', 'version must be STSv1'),
    mode: z.enum(['enforce', 'testing', 'none'], 'mode must be enforce, testing or none'),
    maxAge: z.coerce.number('max_age must be a number').int('max_age must be a whole number').min(0).max(31_557_600),
    mx: z.array(pattern),
  })
  .refine((policy) => policy.mode === 'none' || policy.mx.length > 0, 'a policy in enforce or testing mode must list at least one mx');

/** Parses the policy file (RFC 8461 3.2): "key: value" lines; unknown keys are ignored. */
export function parseStsPolicy(text: string): { ok: true; policy: StsPolicy } | { ok: false; problem: string } {
  const fields: Record<string, string> = {};
  const mx: string[] = [];
  for (const line of text.split(/\r?\n/).slice(0, 1000)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (key === 'mx') mx.push(value);
    else if (!(key in fields)) fields[key] = value;
  }
  const parsed = policySchema.safeParse({ version: fields.version, mode: fields.mode, maxAge: fields.max_age, mx });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path[0] === 'mx' ? `mx line ${JSON.stringify(mx[Number(issue.path[1])])} ` : '';
    return { ok: false, problem: `the policy file is not valid: ${where}${issue.message}` };
  }
  return { ok: true, policy: parsed.data };
}

/** RFC 8461 4.1: does an MX host name match one of the policy's mx patterns? */
export function stsAllows(policy: StsPolicy, host: string): boolean {
  const name = normalizeName(host);
  return policy.mx.some((item) => {
    if (!item.startsWith('*.')) return item === name;
    const dot = name.indexOf('.');
    return dot > 0 && name.slice(dot + 1) === item.slice(2);
  });
}
