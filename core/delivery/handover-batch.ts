import { formatHostPort, type EngineConfig, type HostPort } from '../config/runtime.ts';
import type { Logger } from '../log.ts';
import type { Spool } from '../spool/spool.ts';
import type { ClaimedDelivery } from '../store/rows.ts';
import { ConnectionLost, type HandoverConnection } from './handover-connection.ts';
import type { HandoverPool } from './handover-pool.ts';
import { allDeferred, outcomeFor } from './outcomes.ts';
import type { OutcomeWriter } from './outcome-writer.ts';
import { planTransactions, transactionBody, type Transaction } from './transactions.ts';

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
      await sendOne(transactions[index]!, connection, context);
    }
    return { kind: 'done' };
  } finally {
    await context.outcomes.flush();
    context.pool.release(destination.key);
  }
}

async function sendOne(transaction: Transaction, connection: HandoverConnection, context: HandoverContext): Promise<void> {
  const host = formatHostPort(connection.target);
  const now = () => Date.now();
  const log = context.logger.child({ msg_id: transaction.deliveries[0]!.qid, host });
  try {
    const replies = await connection.send(transaction.envelope, transactionBody(transaction, context.spool));
    let refused = false;
    for (const [index, delivery] of transaction.deliveries.entries()) {
      const reply = replies[index]!;
      refused ||= !reply.accepted;
      log.info({ rcpt: delivery.recipient, code: reply.code, response: reply.response }, reply.accepted ? 'delivered' : 'not delivered');
      await context.outcomes.add(outcomeFor(delivery, reply, host, context.config.retryMs, now()), delivery.recipient);
    }
    if (refused) await connection.reset();
  } catch (error) {
    if (!(error instanceof ConnectionLost)) throw error;
    log.warn({ reason: error.message }, 'connection lost during handover');
    for (const outcome of allDeferred(transaction.deliveries, `connection lost: ${error.message}`, context.config.retryMs, now())) {
      await context.outcomes.add(outcome, recipientOf(transaction, outcome.id));
    }
  }
}

async function deferRest(transactions: Transaction[], reason: string, context: HandoverContext): Promise<void> {
  for (const transaction of transactions) {
    for (const outcome of allDeferred(transaction.deliveries, reason, context.config.retryMs, Date.now())) {
      await context.outcomes.add(outcome, recipientOf(transaction, outcome.id));
    }
  }
}

function recipientOf(transaction: Transaction, deliveryId: number): string {
  return transaction.deliveries.find((delivery) => delivery.id === deliveryId)!.recipient;
}
