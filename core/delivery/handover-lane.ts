import type { Readable } from 'node:stream';
import { formatHostPort, type EngineConfig, type HostPort } from '../config/runtime.ts';
import type { Logger } from '../log.ts';
import type { Spool } from '../spool/spool.ts';
import { BodyDamaged } from './body-check.ts';
import { ConnectionLost, type HandoverConnection } from './handover-connection.ts';
import type { HandoverPool } from './handover-pool.ts';
import { mailboxesOf, mailboxOf } from './lanes.ts';
import { allDamaged, allDeferred, outcomeFor } from './outcomes.ts';
import type { Attempt, OutcomeWriter } from './outcome-writer.ts';
import { TransactionBodies, type Transaction } from './transactions.ts';

export interface HandoverContext {
  pool: HandoverPool;
  spool: Spool;
  outcomes: OutcomeWriter;
  config: EngineConfig;
  logger: Logger;
  /** True once the engine is stopping: what is not yet sent goes back to the queue. */
  stopping: () => boolean;
  /** Resolves when new mail may be due for the destination, so a free connection can take it. */
  newMail: () => Promise<void>;
}

export interface Destination {
  key: string;
  hosts: HostPort[];
}

/**
 * How a lane ended. `refused`: no connection to be had while others to the
 * destination are open (it limits connections); `rest` is for one of those.
 * `unreachable`: nothing answers; what was left is deferred.
 */
export type LaneResult = { kind: 'done' } | { kind: 'refused'; rest: Transaction[] } | { kind: 'unreachable'; reason: string };

/** What a lane tells as it goes: it got a connection (the window may have widened); deliveries are settled (recorded or given back). */
export interface LaneProgress {
  connected(): void;
  settled(deliveries: number): void;
}

/**
 * Hands one lane over on one connection, transaction after transaction in
 * received order. Once a mailbox's message is deferred, the lane's later
 * mail for that mailbox goes back to the queue unsent, where the claim keeps
 * it behind the deferred one (for at most orderHold).
 */
export async function handOverLane(
  lane: Transaction[],
  destination: Destination,
  context: HandoverContext,
  progress: LaneProgress,
): Promise<LaneResult> {
  const bodies = new TransactionBodies(context.spool);
  const waitsBehind = new Set<string>();
  let connection: HandoverConnection | null = null;
  bodies.readAhead(lane[0]);
  try {
    for (let index = 0; index < lane.length; index++) {
      const transaction = lane[index]!;
      if (context.stopping()) {
        await settle(lane.slice(index), () => context.outcomes.release(deliveryIds(lane.slice(index))), progress);
        return { kind: 'done' };
      }
      if (mustWait(transaction, waitsBehind)) {
        bodies.forget(transaction);
        await settle([transaction], () => context.outcomes.release(deliveryIds([transaction])), progress);
        continue;
      }
      if (!connection?.open) {
        if (connection) context.pool.release(destination.key, connection);
        connection = null;
        try {
          connection = await context.pool.get(destination.key, destination.hosts);
          progress.connected();
        } catch (error) {
          if (!(error instanceof ConnectionLost)) throw error;
          return await laneBlocked(lane.slice(index), waitsBehind, `could not reach the primary: ${error.message}`, { destination, context, progress });
        }
      }
      bodies.readAhead(lane[index + 1]);
      const sent = await sendOne(transaction, bodies.body(transaction), connection, context);
      progress.settled(transaction.deliveries.length);
      if (sent.closing) context.pool.refused(destination.key);
      for (const { outcome, recipient } of sent.results) if (outcome.result === 'deferred') waitsBehind.add(mailboxOf(recipient));
    }
    return { kind: 'done' };
  } finally {
    if (connection) context.pool.release(destination.key, connection);
  }
}

/** True when an earlier message for one of its mailboxes was deferred; its other mailboxes then wait too. */
function mustWait(transaction: Transaction, waitsBehind: Set<string>): boolean {
  const mailboxes = mailboxesOf(transaction);
  if (!mailboxes.some((mailbox) => waitsBehind.has(mailbox))) return false;
  for (const mailbox of mailboxes) waitsBehind.add(mailbox);
  return true;
}

/** No connection for the rest of the lane: another open one takes it, or, with none open, it waits for the next try. */
async function laneBlocked(
  rest: Transaction[],
  waitsBehind: Set<string>,
  reason: string,
  { destination, context, progress }: { destination: Destination; context: HandoverContext; progress: LaneProgress },
): Promise<LaneResult> {
  if (context.pool.busy(destination.key) === 0) {
    await settle(rest, () => deferLanes([rest], reason, context), progress);
    return { kind: 'unreachable', reason };
  }
  context.pool.refused(destination.key);
  const waiting = rest.filter((transaction) => mustWait(transaction, waitsBehind));
  await settle(waiting, () => context.outcomes.release(deliveryIds(waiting)), progress);
  return { kind: 'refused', rest: rest.filter((transaction) => !waiting.includes(transaction)) };
}

/** One transaction's results; `closing` when the destination said 421, closing the connection. */
async function sendOne(
  transaction: Transaction,
  body: Promise<Readable>,
  connection: HandoverConnection,
  context: HandoverContext,
): Promise<{ results: Attempt['results']; closing: boolean }> {
  const host = formatHostPort(connection.target);
  const log = context.logger.child({ msg_id: transaction.deliveries[0]!.qid, host });
  try {
    const replies = await connection.send(transaction.envelope, await body);
    const results = transaction.deliveries.map((delivery, index) => {
      const reply = replies[index]!;
      log.info({ rcpt: delivery.recipient, code: reply.code, response: reply.response }, reply.accepted ? 'delivered' : 'not delivered');
      return { outcome: outcomeFor(delivery, reply, host, context.config.retryMs, Date.now()), recipient: delivery.recipient };
    });
    await context.outcomes.add({ qid: transaction.deliveries[0]!.qid, host, results });
    if (replies.some((reply) => !reply.accepted) && connection.open) await connection.reset();
    return { results, closing: replies.some((reply) => reply.code === 421) };
  } catch (error) {
    if (error instanceof BodyDamaged) return { results: await markDamaged(transaction, error, log, context), closing: false };
    if (!(error instanceof ConnectionLost)) throw error;
    log.warn({ reason: error.message }, 'connection lost during handover');
    return { results: await deferAll(transaction, `connection lost: ${error.message}`, host, context), closing: false };
  }
}

/** The body is not the one received: its deliveries are damaged, final, with what was found for the owner. */
async function markDamaged(transaction: Transaction, damage: BodyDamaged, log: Logger, context: HandoverContext): Promise<Attempt['results']> {
  const { qid, size, sha256 } = transaction.deliveries[0]!;
  log.error({ problem: damage.problem, size, sha256 }, 'damaged body, not handed over');
  const outcomes = allDamaged(transaction.deliveries, damage.problem);
  const results = outcomes.map((outcome, index) => ({ outcome, recipient: transaction.deliveries[index]!.recipient }));
  await context.outcomes.add({ qid, host: null, results, damage: { problem: damage.problem, size, sha256 } });
  return results;
}

/** Lanes that could not reach the destination wait for their next try. */
export async function deferLanes(lanes: Transaction[][], reason: string, context: HandoverContext): Promise<void> {
  for (const transaction of lanes.flat()) await deferAll(transaction, reason, null, context);
}

async function deferAll(transaction: Transaction, reason: string, host: string | null, context: HandoverContext): Promise<Attempt['results']> {
  const outcomes = allDeferred(transaction.deliveries, reason, context.config.retryMs, Date.now());
  const results = outcomes.map((outcome, index) => ({ outcome, recipient: transaction.deliveries[index]!.recipient }));
  await context.outcomes.add({ qid: transaction.deliveries[0]!.qid, host, results });
  return results;
}

async function settle(transactions: Transaction[], write: () => Promise<void>, progress: LaneProgress): Promise<void> {
  await write();
  progress.settled(deliveryIds(transactions).length);
}

export function deliveryIds(transactions: Transaction[]): number[] {
  return transactions.flatMap((transaction) => transaction.deliveries.map((delivery) => delivery.id));
}
