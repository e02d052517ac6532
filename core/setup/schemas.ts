import { z } from 'zod';

/**
 * The setup module's data as zod schemas, free of Node so the contract (which
 * the UI bundles) can use them: the provider guides and a run of the checks.
 */

/** The words in braces a guide may use; the UI fills them in from the proposal. */
export const GUIDE_PLACEHOLDERS = {
  domain: 'the domain, e.g. example.com',
  host: 'the backup host name relative to the domain, e.g. backup-mx',
  hostname: 'the full backup host name, e.g. backup-mx.example.com',
  address: "this server's public address",
  preference: 'the MX preference number proposed for the backup',
} as const;

const known = new Set(Object.keys(GUIDE_PLACEHOLDERS));

const guideText = z
  .string()
  .min(1)
  .refine((value) => [...value.matchAll(/\{(\w+)\}/g)].every((match) => known.has(match[1]!)), {
    message: `uses a placeholder other than ${[...known].map((name) => `{${name}}`).join(', ')}`,
  });

export const guideSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/, 'must be lower-case letters, digits and dashes'),
  name: z.string().min(1),
  order: z.number().int().describe('where the guide is listed: lower first; the generic guide last'),
  manageUrl: z.url({ protocol: /^https$/ }).nullable().describe('where the owner signs in to manage DNS; null for the generic guide'),
  steps: z.array(guideText).min(3),
  notes: z.array(guideText),
});

export type DnsGuide = z.infer<typeof guideSchema>;

export const checkSchema = z.strictObject({
  id: z.string().describe('stable across runs'),
  title: z.string(),
  status: z.enum(['pass', 'warn', 'fail', 'not-checked']),
  expected: z.string(),
  found: z.string(),
  action: z.string().nullable().describe('what to do about it; null when nothing'),
});

export const runSchema = z.strictObject({
  domain: z.string(),
  checkedAt: z.string().describe('ISO 8601 time'),
  checks: z.array(checkSchema),
});
