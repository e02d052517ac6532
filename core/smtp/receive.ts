import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import type { EngineConfig } from '../config/runtime.ts';
import type { Logger } from '../log.ts';
import type { EventBus } from '../events/bus.ts';
import { messageFromRecord, type SpoolRecord } from '../spool/record.ts';
import type { Spool, SpooledBody } from '../spool/spool.ts';
import { insertMessage } from '../store/messages.ts';
import type { MailParams, RcptParams } from '../store/rows.ts';
import type { StorageHealth } from '../store/storage-health.ts';
import type { WriteBatcher } from '../store/write-batcher.ts';
import { countHops, DataInspector, parseHeaderFields, type HeaderField } from './data-inspector.ts';
import { newQueueId } from './queue-id.ts';
import { reply, SmtpReply } from './smtp-error.ts';
import { summarize } from './summary.ts';

const MAX_RECEIVED = 30;
/** Our own name in more Received fields than this means the mail is going round in circles. */
const MAX_OWN_RECEIVED = 2;

export interface ReceiveDeps {
  config: () => EngineConfig;
  spool: Spool;
  batcher: WriteBatcher;
  events: EventBus;
  logger: Logger;
  /** Told when a body cannot be written for a storage reason, so new mail is refused until it can. */
  storage: StorageHealth;
  reverseName: (address: string) => string | null;
}

/**
 * The DATA phase. The 250 is sent only after the body is on disk and the
 * message with its deliveries is committed (DESIGN.md promise 1); any
 * failure on the way answers with an error and leaves nothing behind.
 */
export async function receiveMessage(stream: SMTPServerDataStream, session: SMTPServerSession, deps: ReceiveDeps): Promise<string> {
  const config = deps.config();
  const qid = newQueueId();
  const log = deps.logger.child({ msg_id: qid, client: session.remoteAddress });
  const inspector = new DataInspector(config.maxSize);
  const body = new PassThrough();
  stream.pipe(body);
  // pipe() does not pass on a stream destroyed without an error (the client hung up
  // mid-message); without this the spool write would wait for ever, holding its file.
  stream.once('close', () => {
    if (!stream.readableEnded && !body.destroyed) body.destroy(new ClientGone());
  });
  // The spool's pipeline reports that error; this covers the moment before it is attached.
  body.on('error', () => undefined);
  let spooled: SpooledBody | null = null;
  try {
    const record = envelopeRecord(qid, session, config, deps);
    spooled = await deps.spool.write(record, body, [inspector]);
    if (stream.sizeExceeded) throw reply(552, '5.3.4 Message is larger than this server accepts');
    const fields = parseHeaderFields(inspector.headerSection());
    checkHops(fields, config.hostname);
    const message = messageFromRecord(record, spooled, summarize(fields));
    await deps.batcher.write((db) => {
      insertMessage(db, message);
      deps.events.record(db, {
        type: 'message.received',
        qid,
        data: { from: message.mailFrom, to: message.recipients.map((r) => r.address), size: message.size, subject: message.summary.subject },
      });
    });
    log.info({ size: spooled.size, from: message.mailFrom, rcpts: message.recipients.length }, 'message accepted');
    return `2.0.0 Ok: queued as ${qid}`;
  } catch (error) {
    stream.unpipe(body);
    await drain(stream);
    if (spooled) await deps.spool.remove(spooled.file).catch(() => undefined);
    if (error instanceof ClientGone) {
      log.info('the client went away in the middle of the message; nothing kept');
      throw error;
    }
    if (error instanceof SmtpReply) {
      log.info({ code: error.responseCode, reason: error.message }, 'message refused');
      throw error;
    }
    deps.storage.report(error);
    log.error({ err: error }, 'message could not be stored');
    throw reply(451, '4.3.0 The message could not be stored safely; please try again later');
  }
}

class ClientGone extends Error {
  constructor() {
    super('the client went away in the middle of the message');
  }
}

function checkHops(fields: HeaderField[], hostname: string): void {
  const hops = countHops(fields, hostname);
  if (hops.received > MAX_RECEIVED || hops.ours > MAX_OWN_RECEIVED) {
    throw reply(554, `5.4.6 Mail loop detected: the message has passed ${hops.received} servers, ${hops.ours} times through this one`);
  }
}

/** smtp-server answers only once the data stream has ended, so a refused message must still be read to its end. */
async function drain(stream: SMTPServerDataStream): Promise<void> {
  if (stream.readableEnded || stream.destroyed) return;
  stream.resume();
  await finished(stream).catch(() => undefined);
}

function mailParams(session: SMTPServerSession): MailParams {
  const { envelope } = session;
  const args = envelope.mailFrom ? envelope.mailFrom.args : false;
  const ret = envelope.dsn?.ret?.toUpperCase();
  const body = envelope.bodyType?.toUpperCase();
  return {
    ret: ret === 'FULL' || ret === 'HDRS' ? ret : null,
    envid: envelope.dsn?.envid ?? null,
    body: body === '8BITMIME' || body === '7BIT' ? body : null,
    smtputf8: Boolean(args && 'SMTPUTF8' in args),
  };
}

function rcptParams(dsn: { notify?: string[] | undefined; orcpt?: string | undefined } | undefined): RcptParams {
  return { notify: dsn?.notify?.map((value) => value.toUpperCase()) ?? null, orcpt: dsn?.orcpt ?? null };
}

/** smtp-server keeps one entry per address as given; a bare `postmaster` and postmaster@domain are one mailbox once completed. */
function distinct<T extends { address: string }>(recipients: T[]): T[] {
  const seen = new Set<string>();
  return recipients.filter((rcpt) => {
    const key = rcpt.address.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The envelope as it is stored in front of the body: what the queue needs to hold the message without its database. */
function envelopeRecord(qid: string, session: SMTPServerSession, config: EngineConfig, deps: ReceiveDeps): SpoolRecord {
  const { receivedAt, seq } = deps.spool.arrival();
  const { envelope } = session;
  return {
    qid,
    kind: 'inbound',
    receivedAt,
    seq,
    mailFrom: envelope.mailFrom ? envelope.mailFrom.address : '',
    mailParams: mailParams(session),
    clientAddress: session.remoteAddress,
    clientHostname: deps.reverseName(session.remoteAddress),
    helo: session.hostNameAppearsAs || null,
    tls: session.tlsOptions ? { protocol: session.tlsOptions.version ?? '', cipher: session.tlsOptions.name } : null,
    recipients: distinct(envelope.rcptTo).map((rcpt) => ({ address: rcpt.address, params: rcptParams(rcpt.dsn) })),
    expiresAt: receivedAt + config.lifetimeMs,
  };
}
