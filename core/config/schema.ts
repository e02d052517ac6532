import { z } from 'zod';
import { formatDuration, parseDuration } from './duration.ts';

const DAY = 86_400_000;

const hostnamePattern = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

export const domainName = z
  .string()
  .trim()
  .toLowerCase()
  .regex(hostnamePattern, 'must be a domain name such as example.com');

const duration = (limits: { min?: number; max?: number } = {}) =>
  z.string().superRefine((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration; write it like 500ms, 2s, 5m, 4h or 30d` });
    } else if (limits.min !== undefined && ms < limits.min) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is too short; the least is ${formatDuration(limits.min)}` });
    } else if (limits.max !== undefined && ms > limits.max) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is too long; the most is ${formatDuration(limits.max)}` });
    }
  });

// Text without a trailing :PORT passes, so a malformed address gets only the format message.
const portInRange = (text: string) => {
  const port = /:(\d+)$/.exec(text);
  return !port || Number(port[1]) <= 65535;
};

/** HOST:PORT, with [v6]:PORT for IPv6 addresses. */
export const listenAddress = z
  .string()
  .regex(/^(\[[0-9a-f:.]+\]|[^\s:[\]]+):\d{1,5}$/i, 'must look like HOST:PORT, for example 0.0.0.0:25')
  .refine(portInRange, 'must have a port of 65535 or less');

/** "mx" to follow the domain's MX records, else HOST or HOST:PORT. */
export const primarySpec = z
  .string()
  .trim()
  .refine(
    (text) => text === 'mx' || /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i.test(text),
    'must be HOST, HOST:PORT or "mx"',
  )
  .refine(portInRange, 'must have a port of 65535 or less');

const recipientPattern = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(\*|[^\s@]+)@[a-z0-9.-]+$/i, 'must be an address (name@example.com) or *@example.com');

export const settingsSchema = z
  .object({
    domains: z.array(domainName).default([]),
    primary: primarySpec.nullable().default(null),
    // Absent means this computer's own name (see machine-hostname.ts); the schema stays free of Node so the UI can use it.
    hostname: z.string().regex(hostnamePattern, 'must be a host name').optional(),
    smtpListen: listenAddress.default('0.0.0.0:25'),
    adminListen: listenAddress.default('127.0.0.1:8025'),
    recipientPolicy: z.enum(['any', 'list', 'verify']).default('any'),
    recipients: z.array(recipientPattern).default([]),
    healthInterval: duration({ min: 500, max: DAY }).default('30s'),
    retry: z.array(duration({ min: 100 })).min(1).default(['1m', '5m', '15m', '30m', '1h', '2h', '4h']),
    lifetime: duration({ min: 60_000, max: 90 * DAY }).default('30d'),
    maxSize: z.number().int().min(1024).max(1024 ** 3).default(52_428_800),
    diskFloor: z.number().int().min(0).nullable().default(null),
    keepDelivered: duration({ min: 60_000, max: 365 * DAY }).default('7d'),
    delayNoticeAfter: duration({ min: 60_000 }).nullable().default(null),
    tls: z
      .object({ cert: z.string().min(1), key: z.string().min(1) })
      .strict()
      .nullable()
      .default(null),
    outboundTls: z.enum(['opportunistic', 'require']).default('opportunistic'),
    bounceRelay: primarySpec.nullable().default(null),
    resolvers: z.array(listenAddress).default([]),
    // This server's address as the Internet sees it (the router's public address): the setup proposal and checks use it.
    publicAddress: z
      .string()
      .trim()
      .refine((text) => z.ipv4().safeParse(text).success || z.ipv6().safeParse(text).success, 'must be an IP address such as 203.0.113.7')
      .nullable()
      .default(null),
    // How often the setup checks run again after setup; null turns them off.
    setupCheckInterval: duration({ min: 60_000, max: 7 * DAY }).nullable().default('6h'),
    maxConnections: z.number().int().min(1).max(10_000).default(200),
    // 10, not Postfix's 50: at 50 four addresses could hold all 200 connections; at 10 it takes twenty. A sender
    // that wants more (Postfix opens up to 20 to one destination) gets a temporary 421 and uses the ones it has.
    maxConnectionsPerClient: z.number().int().min(1).max(1000).default(10),
    // RFC 5321 4.5.3.1.8: a server must take at least 100 recipients per message; 1,000 as Postfix's smtpd_recipient_limit.
    maxRecipients: z.number().int().min(100).max(1_000_000).default(1000),
    // How long later mail for a mailbox waits behind an earlier message the primary deferred, before it goes ahead.
    orderHold: duration({ max: DAY }).default('15m'),
    // Handover connections open at once to one destination (Postfix: 20). 10 drains a slow primary ten mailboxes
    // at a time and stays under common per-client limits of primaries (Exchange allows 20 per source).
    maxConnectionsPerDestination: z.number().int().min(1).max(100).default(10),
  })
  .strict();

export type Settings = z.infer<typeof settingsSchema>;
