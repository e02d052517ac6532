import type { Readable } from 'node:stream';
import { formatHostPort, type EngineConfig, type HostPort } from '../config/runtime.ts';
import type { Logger } from '../log.ts';
import type { Spool } from '../spool/spool.ts';
import type { ClaimedDelivery } from '../store/rows.ts';
import { ConnectionLost, type HandoverConnection } from './handover-connection.ts';
import type { HandoverPool } from './handover-pool.ts';
import { allDeferred, outcomeFor } from './outcomes.ts';
import type { OutcomeWriter } from './outcome-writer.ts';
import { planTransactions, TransactionBodies, type Transaction } from './transactions.ts';

export interface HandoverContext {
  pool: HandoverPool;
  spool: Spool;
  outcomes: OutcomeWriter;
  config: EngineConfig;
  logger: Logger;
  /** True once the engine is stopping: what is not yet sent goes back to the queue. */
  stopping: () => boolean;
}

export type BatchResult = { kind: 'done' } | { kind: 'unreachable'; reason: string };

/**
 * Hands one claimed batch over, message after message in received order, on
 * one connection. If the destination stops answering, what is left of the
 * batch waits for the next try, and the caller backs off.
 */
export async function handOverBatch(
  claimed: ClaimedDelivery[],
  destination: { key: string; hosts: HostPort[] },
  context: HandoverContext,
): Promise<BatchResult> {
  const transactions = planTransactions(claimed, context.config.hostname);
  const bodies = new TransactionBodies(context.spool);
  bodies.readAhead(transactions[0]);
  try {
    for (let index = 0; index < transactions.length; index++) {
      if (context.stopping()) {
        await context.outcomes.release(transactions.slice(index).flatMap((transaction) => transaction.deliveries.map((delivery) => delivery.id)));
        return { kind: 'done' };
      }
      let connection: HandoverConnection;
      try {
        connection = await context.pool.get(destination.key, destination.hosts);
      } catch (error) {
        const reason = `could not reach the primary: ${(error as Error).message}`;
        await deferRest(transactions.slice(index), reason, context);
        return { kind: 'unreachable', reason };
      }
      bodies.readAhead(transactions[index + 1]);
      await sendOne(transactions[index]!, bodies.body(transactions[index]!), connection, context);
    }
    return { kind: 'done' };
  } finally {
    await context.outcomes.flush();
    context.pool.release(destination.key);
  }
}

async function sendOne(transaction: Transaction, body: Readable, connection: HandoverConnection, context: HandoverContext): Promise<void> {
  const host = formatHostPort(connection.target);
  const now = () => Date.now();
  const log = context.logger.child({ msg_id: transaction.deliveries[0]!.qid, host });
  try {
    const replies = await connection.send(transaction.envelope, body);
    const results = transaction.deliveries.map((delivery, index) => {
      const reply = replies[index]!;
      log.info({ rcpt: delivery.recipient, code: reply.code, response: reply.response }, reply.accepted ? 'delivered' : 'not delivered');
      return { outcome: outcomeFor(delivery, reply, host, context.config.retryMs, now()), recipient: delivery.recipient };
    });
    await context.outcomes.add({ qid: transaction.deliveries[0]!.qid, host, results });
    if (replies.some((reply) => !reply.accepted)) await connection.reset();
  } catch (error) {
    if (!(error instanceof ConnectionLost)) throw error;
    log.warn({ reason: error.message }, 'connection lost during handover');
    await deferAll(transaction, `connection lost: ${error.message}`, host, context);
  }
}

async function deferRest(transactions: Transaction[], reason: string, context: HandoverContext): Promise<void> {
  for (const transaction of transactions) await deferAll(transaction, reason, null, context);
}

async function deferAll(transaction: Transaction, reason: string, host: string | null, context: HandoverContext): Promise<void> {
  const outcomes = allDeferred(transaction.deliveries, reason, context.config.retryMs, Date.now());
  await context.outcomes.add({
    qid: transaction.deliveries[0]!.qid,
    host,
    results: outcomes.map((outcome, index) => ({ outcome, recipient: transaction.deliveries[index]!.recipient })),
  });
}
