import { formatDuration } from '../config/duration.ts';
import type { EngineConfig } from '../config/runtime.ts';
import type { EventBus } from '../events/bus.ts';
import type { Logger } from '../log.ts';
import { newQueueId } from '../smtp/queue-id.ts';
import { messageFromRecord, type SpoolRecord } from '../spool/record.ts';
import type { Spool } from '../spool/spool.ts';
import { insertMessage } from '../store/messages.ts';
import { dueNotices, settleNotices, type DueNotice } from '../store/notices.ts';
import type { WriteBatcher } from '../store/write-batcher.ts';
import type { Db } from '../store/open.ts';
import { dsnEnvelope, dsnStream, type DsnInput } from './dsn.ts';
import { dsnRecipient, wantsNotice } from './notice-policy.ts';

const BATCH = 50;

export interface BouncerDeps {
  db: Db;
  batcher: WriteBatcher;
  events: EventBus;
  spool: Spool;
  config: () => EngineConfig;
  logger: Logger;
  /** A notice was queued: it needs delivering. */
  queued: () => void;
}

/**
 * Turns failed, expired and long-delayed deliveries into notices to their
 * senders (RFC 3464 DSNs). A notice is itself a queued message, stored with
 * the same care as received mail, so it is not lost in a crash either.
 */
export class Bouncer {
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly deps: BouncerDeps;

  constructor(deps: BouncerDeps) {
    this.deps = deps;
  }

  /** Works through what is owed; a call during a run makes it look once more at the end. */
  run(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** No new runs; waits for the one under way, so the database can close after. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      while (!this.stopped) {
        const notices = dueNotices(this.deps.db, BATCH);
        if (notices.length === 0) break;
        for (const notice of notices) {
          if (this.stopped) return;
          await this.settle(notice);
        }
      }
    } while (this.again && !this.stopped);
  }

  private async settle(notice: DueNotice): Promise<void> {
    const log = this.deps.logger.child({ msg_id: notice.qid });
    const allIds = notice.deliveries.map((delivery) => delivery.id);
    const wanted = notice.deliveries.filter((delivery) => wantsNotice(notice, delivery));
    if (wanted.length === 0) {
      await this.deps.batcher.write((db) => settleNotices(db, allIds));
      return;
    }
    const config = this.deps.config();
    const input: DsnInput = {
      reportingMta: config.hostname,
      originalSender: notice.mailFrom,
      envid: notice.mailParams.envid,
      ret: notice.mailParams.ret,
      arrivalDate: new Date(notice.receivedAt),
      queueId: notice.qid,
      recipients: wanted.map((delivery) => dsnRecipient(delivery, formatDuration(config.lifetimeMs))),
      original: () => this.deps.spool.read(notice.spoolFile),
      originalBody: notice.mailParams.body === '8BITMIME' ? '8BITMIME' : '7BIT',
    };
    const dsnQid = newQueueId();
    const envelope = dsnEnvelope(input);
    const { receivedAt, seq } = this.deps.spool.arrival();
    // A notice is a spool body like any other: it carries its envelope, so a rebuilt queue still sends it.
    const record: SpoolRecord = {
      qid: dsnQid,
      kind: 'dsn',
      receivedAt,
      seq,
      expiresAt: receivedAt + config.lifetimeMs,
      mailFrom: '',
      mailParams: { ret: null, envid: null, body: input.originalBody === '8BITMIME' ? '8BITMIME' : null, smtputf8: false },
      clientAddress: null,
      clientHostname: null,
      helo: null,
      tls: null,
      recipients: [{ address: envelope.to, params: { notify: ['NEVER'], orcpt: null } }],
    };
    const spooled = await this.deps.spool.write(record, dsnStream(input));
    const action = wanted.some((delivery) => delivery.due === 'failure') ? 'failed' : 'delayed';
    const summary = {
      subject: null,
      from: `MAILER-DAEMON@${config.hostname}`,
      to: envelope.to,
      date: new Date(receivedAt).toISOString(),
      messageId: null,
    };
    await this.deps.batcher.write((db) => {
      insertMessage(db, messageFromRecord(record, spooled, summary));
      settleNotices(db, allIds);
      this.deps.events.record(db, {
        type: 'dsn.queued',
        qid: notice.qid,
        data: { to: envelope.to, dsnQid, action, recipients: wanted.map((delivery) => delivery.recipient) },
      });
    });
    log.info({ dsn_id: dsnQid, to: envelope.to, action }, 'delivery status notice queued for the sender');
    this.deps.queued();
  }
}
