import { randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { encodeWords } from 'nodemailer/lib/mime-funcs';
import { encode as qpEncode, wrap as qpWrap } from 'nodemailer/lib/qp';
import { displayText, field, fieldText, rfc5322Date } from './dsn-fields.ts';
import { headerSection } from './dsn-original.ts';
import { deliveryStatusText } from './dsn-status.ts';
import { fromName, humanText, subjectText } from './dsn-text.ts';

export interface DsnRecipient {
  /** The envelope recipient (RCPT TO), e.g. "bob@example.com". */
  address: string;
  /** ORCPT as received on RCPT, already xtext-decoded, e.g. "rfc822;Bob@Example.com", or null. */
  orcpt: string | null;
  action: 'failed' | 'delayed';
  /** Enhanced status code "5.1.1" / "4.4.1"; an invalid or empty one becomes 5.0.0 / 4.0.0 by action. */
  status: string;
  /** The last SMTP reply from the remote server, or a local reason when remoteMta is null. */
  diagnostic: string | null;
  /** Host name of the server that gave the reply, or null. */
  remoteMta: string | null;
  lastAttemptAt: Date | null;
  /** For 'delayed' only. */
  willRetryUntil: Date | null;
}

export interface DsnInput {
  /** This server's host name, e.g. "backup-mx.example.com". */
  reportingMta: string;
  /** MAIL FROM of the original message; never empty (no DSN is built for the null sender). */
  originalSender: string;
  /** ENVID from MAIL FROM (RFC 3461), xtext-decoded. */
  envid: string | null;
  /** RET from MAIL FROM; null means headers only. */
  ret: 'FULL' | 'HDRS' | null;
  arrivalDate: Date;
  /** Our id for the original message, for the human text and an X-header. */
  queueId: string;
  /** At least one; all in one report. */
  recipients: DsnRecipient[];
  /** Opens a fresh stream of the original message's exact bytes (CRLF line endings). */
  original: () => Readable;
  /**
   * BODY from the original MAIL FROM (RFC 6152). With 8BITMIME the returned content is
   * labelled 8bit, and the DSN must then be sent with BODY=8BITMIME too.
   */
  originalBody?: '7BIT' | '8BITMIME';
  /** For the Date: header; default new Date(). */
  now?: Date;
}

/** The whole DSN message (headers + body), CRLF line endings, as a stream. Memory does not grow with the original's size. */
export function dsnStream(input: DsnInput): Readable {
  if (input.recipients.length === 0) throw new Error('a delivery status notification needs at least one recipient');
  return Readable.from(dsnChunks(input), { objectMode: false });
}

/** Envelope to send it with: MAIL FROM:<> (null sender, so it can never bounce back), RCPT TO:<originalSender>. */
export function dsnEnvelope(input: DsnInput): { from: ''; to: string } {
  return { from: '', to: input.originalSender };
}

async function* dsnChunks(input: DsnInput): AsyncGenerator<Buffer> {
  // Random hex cannot be predicted by whoever wrote the returned message, so it cannot close a part early.
  const boundary = `=_mx-standby-dsn_${randomBytes(16).toString('hex')}`;
  yield Buffer.from(
    [
      topHeaders(input, boundary),
      'This is a MIME-formatted delivery status notification.\r\n',
      `--${boundary}\r\n${humanPart(input)}`,
      `--${boundary}\r\n${statusPart(input)}`,
      `--${boundary}\r\n${returnedPartHeaders(input)}`,
    ].join('\r\n'),
  );
  // Opened only when the reader wants more than the report itself; then pulled chunk by chunk (back-pressure).
  const original = input.original();
  yield* input.ret === 'FULL' ? (original as AsyncIterable<Buffer>) : headerSection(original);
  // Leading CRLF belongs to the delimiter, so the returned content is kept byte for byte.
  yield Buffer.from(`\r\n--${boundary}--\r\n`);
}

function topHeaders(input: DsnInput, boundary: string): string {
  const reportingMta = fieldText(input.reportingMta);
  const lines = [
    field('From', `${encodeWords(fromName())} <MAILER-DAEMON@${reportingMta}>`),
    // An internationalized sender keeps its letters: such a DSN can only travel over SMTPUTF8 anyway.
    field('To', `<${displayText(input.originalSender)}>`),
    field('Subject', encodeWords(subjectText(input))),
    field('Date', rfc5322Date(input.now ?? new Date())),
    field('Message-ID', `<${randomUUID()}@${reportingMta}>`),
    'MIME-Version: 1.0',
    // RFC 3834: tells autoresponders and vacation programs not to answer this message.
    'Auto-Submitted: auto-replied',
    field('X-MX-Standby-Queue-Id', fieldText(input.queueId)),
    'Content-Type: multipart/report; report-type=delivery-status;',
    ` boundary="${boundary}"`,
  ];
  if (input.originalBody === '8BITMIME') lines.push('Content-Transfer-Encoding: 8bit');
  return lines.join('\r\n') + '\r\n';
}

function humanPart(input: DsnInput): string {
  return [
    'Content-Description: Notification',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    qpWrap(qpEncode(humanText(input)), 76),
  ].join('\r\n');
}

function statusPart(input: DsnInput): string {
  return ['Content-Description: Delivery report', 'Content-Type: message/delivery-status', '', deliveryStatusText(input)].join(
    '\r\n',
  );
}

function returnedPartHeaders(input: DsnInput): string {
  const lines =
    input.ret === 'FULL'
      ? ['Content-Description: Undelivered message', 'Content-Type: message/rfc822']
      : ['Content-Description: Undelivered message headers', 'Content-Type: text/rfc822-headers'];
  if (input.originalBody === '8BITMIME') lines.push('Content-Transfer-Encoding: 8bit');
  return lines.join('\r\n') + '\r\n\r\n';
}
