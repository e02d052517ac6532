import { z } from 'zod';
import type { MessageSummary, NewMessage } from '../store/rows.ts';

/**
 * The envelope a body carries in front of the sender's bytes, as a Postfix
 * queue file does, so a lost database can be rebuilt from the spool. On disk:
 *
 *   "\0MXSTANDBY" SP version SP length (8 decimal digits) LF, then `length`
 *   bytes of JSON ending in LF, then the message exactly as received.
 *
 * The NUL in the marker cannot start a body written by an older version
 * (those began with the sender's header fields), so such bodies read as
 * having no record.
 */
const MARKER = '\0MXSTANDBY';
const VERSION = 1;
const LENGTH_DIGITS = 8;
/** Marker, version, length and the spaces and LF between them. */
export const PREFIX_BYTES = MARKER.length + 1 + 1 + 1 + LENGTH_DIGITS + 1;
const PREFIX = new RegExp(`^${MARKER}\\s(\\d)\\s(\\d{${LENGTH_DIGITS}})\\n$`);

const recipient = z.strictObject({
  address: z.string(),
  params: z.strictObject({ notify: z.array(z.string()).nullable(), orcpt: z.string().nullable() }),
});

const recordSchema = z.strictObject({
  qid: z.string().regex(/^[a-z0-9]+$/),
  kind: z.enum(['inbound', 'dsn']),
  receivedAt: z.number().int(),
  /** Arrival order across restarts: re-imported mail is queued in this order. */
  seq: z.number().int().nonnegative(),
  expiresAt: z.number().int(),
  mailFrom: z.string(),
  mailParams: z.strictObject({
    ret: z.enum(['FULL', 'HDRS']).nullable(),
    envid: z.string().nullable(),
    body: z.enum(['7BIT', '8BITMIME']).nullable(),
    smtputf8: z.boolean(),
  }),
  clientAddress: z.string().nullable(),
  clientHostname: z.string().nullable(),
  helo: z.string().nullable(),
  tls: z.strictObject({ protocol: z.string(), cipher: z.string() }).nullable(),
  recipients: z.array(recipient).min(1),
});

export type SpoolRecord = z.infer<typeof recordSchema>;

/** Where the sender's bytes start, read from the first PREFIX_BYTES of a file: 0 for a body with no record. */
export function bodyOffset(prefix: Buffer): number {
  const match = PREFIX.exec(prefix.toString('latin1'));
  return match ? PREFIX_BYTES + Number(match[2]) : 0;
}

export function encodeRecord(record: SpoolRecord): Buffer {
  const json = Buffer.from(`${JSON.stringify(record)}\n`);
  const prefix = `${MARKER} ${VERSION} ${String(json.length).padStart(LENGTH_DIGITS, '0')}\n`;
  return Buffer.concat([Buffer.from(prefix, 'latin1'), json]);
}

/** The record in `bytes` (prefix and JSON); throws a plain error when there is none or it cannot be read. */
export function decodeRecord(bytes: Buffer): SpoolRecord {
  const match = PREFIX.exec(bytes.subarray(0, PREFIX_BYTES).toString('latin1'));
  if (!match) throw new Error('no envelope record (a body written by an older version, or not a message)');
  if (Number(match[1]) !== VERSION) throw new Error(`envelope record version ${match[1]} is not one this version reads`);
  const json = bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + Number(match[2]));
  if (json.length !== Number(match[2])) throw new Error('the envelope record is cut short');
  let parsed: unknown;
  try {
    parsed = JSON.parse(json.toString('utf8'));
  } catch {
    throw new Error('the envelope record is not valid JSON');
  }
  const result = recordSchema.safeParse(parsed);
  if (!result.success) throw new Error(`the envelope record is incomplete: ${result.error.issues[0]?.message ?? 'invalid'}`);
  return result.data;
}

/** What the database records for a body: its envelope from the record, its size, hash and summary from the bytes. */
export function messageFromRecord(
  record: SpoolRecord,
  body: { file: string; size: number; sha256: string },
  summary: MessageSummary,
): NewMessage {
  return { ...record, size: body.size, sha256: body.sha256, spoolFile: body.file, summary };
}
