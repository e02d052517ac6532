import { Readable } from 'node:stream';
import type { SMTPEnvelope } from 'nodemailer/lib/smtp-connection';
import type { Spool } from '../spool/spool.ts';
import type { ClaimedDelivery } from '../store/rows.ts';
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

/** The bytes handed over: our Received header, then exactly what the sender sent. */
export function transactionBody(transaction: Transaction, spool: Spool): Readable {
  const header = Buffer.from(transaction.header);
  const file = transaction.deliveries[0]!.spoolFile;
  return Readable.from(
    (async function* () {
      yield header;
      yield* spool.read(file);
    })(),
  );
}
