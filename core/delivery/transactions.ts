import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import type { SMTPEnvelope } from 'nodemailer/lib/smtp-connection';
import type { Spool } from '../spool/spool.ts';
import type { ClaimedDelivery } from '../store/rows.ts';
import { checkedBody, checkWhole, whenMissing } from './body-check.ts';
import { receivedHeader } from './received-header.ts';

/** One SMTP transaction of the handover: a message and the recipients that can share its envelope. */
export interface Transaction {
  deliveries: ClaimedDelivery[];
  envelope: SMTPEnvelope & { to: string[] };
  header: string;
}

/**
 * Splits claimed deliveries (already in received order) into transactions.
 * nodemailer takes one set of DSN parameters per envelope, so recipients with
 * different NOTIFY or ORCPT go in transactions of their own.
 */
export function planTransactions(claimed: ClaimedDelivery[], hostname: string): Transaction[] {
  const groups = new Map<string, ClaimedDelivery[]>();
  for (const delivery of claimed) {
    const key = `${delivery.messageId}\u0000${JSON.stringify(delivery.rcptParams)}`;
    const group = groups.get(key);
    if (group) group.push(delivery);
    else groups.set(key, [delivery]);
  }
  return [...groups.values()].map((deliveries) => toTransaction(deliveries, hostname));
}

function toTransaction(deliveries: ClaimedDelivery[], hostname: string): Transaction {
  const first = deliveries[0]!;
  const to = deliveries.map((delivery) => delivery.recipient);
  const header = receivedHeader(first, hostname, to);
  const { ret, envid, body } = first.mailParams;
  const { notify, orcpt } = first.rcptParams;
  return {
    deliveries,
    header,
    envelope: {
      from: first.mailFrom,
      to,
      size: first.size + Buffer.byteLength(header),
      use8BitMime: body === '8BITMIME',
      dsn: { ret, envid, notify, orcpt },
    },
  };
}

/** Bodies up to this size are read whole, ahead of their turn; larger ones are streamed. */
const READ_AHEAD_LIMIT = 256 * 1024;

/**
 * The bytes handed over: our Received header, then exactly what the sender
 * sent. A small body is read while the message before it is being sent, so
 * the handover does not wait on the disk between messages; memory stays
 * bounded by one read-ahead of at most 256 KB. Every body is checked
 * against the size and SHA-256 it was received with (body-check.ts).
 */
export class TransactionBodies {
  private readonly ahead = new Map<Transaction, Promise<Buffer>>();
  private readonly spool: Spool;

  constructor(spool: Spool) {
    this.spool = spool;
  }

  readAhead(transaction: Transaction | undefined): void {
    if (!transaction || this.ahead.has(transaction)) return;
    const { spoolFile, size, sha256 } = transaction.deliveries[0]!;
    if (size > READ_AHEAD_LIMIT) return;
    const read = buffer(this.spool.read(spoolFile)).then((whole) => checkWhole(whole, { size, sha256 }), whenMissing);
    // Awaited in body(); this only keeps an unused read-ahead (a stop) from being an unhandled rejection.
    read.catch(() => undefined);
    this.ahead.set(transaction, read);
  }

  /** The transaction will not be sent now: let go of its read-ahead. */
  forget(transaction: Transaction): void {
    this.ahead.delete(transaction);
  }

  /**
   * The bytes to send. A body read ahead is checked before anything is sent
   * (rejects with BodyDamaged); a streamed one while it is sent, and the
   * stream fails with BodyDamaged instead of ending.
   */
  async body(transaction: Transaction): Promise<Readable> {
    const header = Buffer.from(transaction.header);
    const read = this.ahead.get(transaction);
    this.ahead.delete(transaction);
    if (read) return Readable.from([header, await read]);
    const { spoolFile, size, sha256 } = transaction.deliveries[0]!;
    const body = checkedBody(this.spool.read(spoolFile), { size, sha256 });
    return Readable.from(
      (async function* () {
        yield header;
        yield* body;
      })(),
    );
  }
}
