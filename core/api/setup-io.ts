import { z } from 'zod';
import { domainName, primarySpec } from '../config/schema.ts';
import { GUIDE_PLACEHOLDERS, guideSchema, runSchema } from '../setup/schemas.ts';

/** Inputs and outputs of the setup operations of the contract (issue 5): DNS look-up, proposal, guides, checks. */

const hostName = z
  .string()
  .trim()
  .toLowerCase()
  .refine((text) => text.includes('.') && z.hostname().safeParse(text).success, 'must be a host name such as backup-mx.example.com');

const ipAddress = z
  .string()
  .trim()
  .refine((text) => z.ipv4().safeParse(text).success || z.ipv6().safeParse(text).success, 'must be an IP address such as 203.0.113.7');

export const dnsLookupInput = z.strictObject({ domain: domainName });

export const setupProposalInput = z.strictObject({
  domain: domainName,
  hostname: hostName.optional().describe("this server's name; default: the hostname setting, else backup-mx.DOMAIN"),
  publicAddress: ipAddress.optional().describe('default: the publicAddress setting'),
});

export const runSetupChecksInput = z.strictObject({
  domain: domainName.optional().describe('default: the first configured domain'),
  hostname: hostName.optional().describe('check as if this were the hostname setting (the wizard, before saving)'),
  publicAddress: ipAddress.optional().describe('check as if this were the publicAddress setting'),
  primary: primarySpec.optional().describe('check as if this were the primary setting: HOST[:PORT], or "mx" to follow the MX records'),
});

export const setupChecksInput = z.strictObject({
  domain: domainName.optional().describe('default: the first configured domain'),
});

const mxHost = z.strictObject({
  host: z.string(),
  preference: z.number().int(),
  addresses: z.array(z.string()).describe('IPv4 first, then IPv6'),
  problem: z.string().nullable().describe('why the addresses could not be found'),
});

export const domainLookup = z.strictObject({
  domain: z.string(),
  kind: z.enum(['mx', 'null-mx', 'no-mx', 'failed']).describe('null-mx: the domain takes no mail (RFC 7505); failed: the look-up failed'),
  hosts: z.array(mxHost).describe('sorted by preference, lowest (tried first) first'),
  primary: z.string().nullable().describe('the most preferred host that is not this server'),
  problem: z.string().nullable(),
});

const proposedRecord = z.strictObject({
  type: z.enum(['A', 'AAAA', 'MX']),
  name: z.string().describe('the full name'),
  host: z.string().describe('the name relative to the domain, as DNS hosts ask for it; "@" is the domain itself'),
  value: z.string().nullable().describe('the address, or the mail server for MX; null when it must be filled in'),
  priority: z.number().int().nullable().describe('the MX preference; null for other types'),
  ttl: z.number().int(),
  purpose: z.string(),
});

export const setupProposal = z.strictObject({
  domain: z.string(),
  hostname: z.string(),
  publicAddress: z.string().nullable(),
  lookup: domainLookup,
  primaryPreference: z.number().int().nullable(),
  preference: z.number().int().describe("the primary's preference plus 10"),
  records: z.array(proposedRecord),
  zone: z.string().describe('the records as a BIND zone snippet'),
  missing: z.array(z.string()).describe('what must be filled in first'),
  notes: z.array(z.string()),
});

export const setupGuides = z.strictObject({
  placeholders: z.record(z.string(), z.string()).describe('the words in braces in steps and notes, and what to put there'),
  guides: z.array(guideSchema),
});

export const setupRun = runSchema;

export const lastSetupChecks = z.strictObject({ run: runSchema.nullable().describe('null when the checks never ran for the domain') });

export { GUIDE_PLACEHOLDERS };
