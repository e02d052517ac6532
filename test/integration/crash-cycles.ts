import { setTimeout as sleep } from 'node:timers/promises';
import type { PrimaryFixture } from '../fixtures/primary.ts';
import type { CrashEngine } from './crash-engine.ts';
import type { Ledger, Load } from './crash-load.ts';
import { heldIds, inHandover, removeDatabase, storedMessages, undeliveredCount } from './crash-store.ts';
import { until } from './engine-harness.ts';

/**
 * What the primary does in a run. It is taken down only while the engine is
 * dead, so that no handover is cut by it (a cut after the primary's 250 would
 * be a duplicate no kill explains); 'comes up' brings it up just before the kill.
 */
export type PrimaryPlan = 'up' | 'down' | 'comes up';

export interface Cycle {
  primary: PrimaryPlan;
  /**
   * 'receiving': the senders go on, and the kill comes after ACKS_BEFORE_KILL
   * new 250s and a random delay. 'handing over': the senders wait, and the
   * kill comes once the primary has taken a third of the backlog.
   */
  killWhile: 'receiving' | 'handing over';
  /** Removes queue.sqlite and its -wal and -shm before this start, as a lost database or a naive backup would. */
  dropDatabase?: boolean;
}

export interface Kill {
  cycle: Cycle;
  /** Ids whose delivery was claimed but not recorded when the engine died: they may reach the primary twice. */
  handover: string[];
  /** Ids with a recipient not yet delivered: a restart must hand them over. */
  held: string[];
  /** Ids stored, delivered or not. */
  stored: string[];
  /** Ids delivered (every recipient). */
  delivered: string[];
  /** Held messages when a 'handing over' kill came; more than 0 shows that it came mid-way. */
  undelivered: number;
}

export interface CrashRig {
  engine: CrashEngine;
  primary: PrimaryFixture;
  load: Load;
  ledger: Ledger;
  dataDir: string;
  random: () => number;
}

/** Each receiving run takes this many new 250s before its kill can come, so that every kill lands under load. */
const ACKS_BEFORE_KILL = 30;
const MAX_EXTRA_DELAY_MS = 1_200;
/**
 * A handover kill needs a backlog big enough that its kill, at a third of it,
 * cannot miss the handover; a receiving run with the primary down leaves
 * ACKS_BEFORE_KILL or more.
 */
const MIN_BACKLOG = ACKS_BEFORE_KILL;
const STEP_TIMEOUT_MS = 20_000;

/** Starts the engine for run `run`, kills it as the cycle says, and reads what the kill left. */
export async function runCycle(rig: CrashRig, cycle: Cycle, run: number): Promise<Kill> {
  const { engine, primary, load, ledger, dataDir } = rig;
  const backlog = cycle.killWhile === 'handing over' ? undeliveredCount(dataDir) : 0;
  if (cycle.killWhile === 'handing over' && backlog < MIN_BACKLOG) {
    throw new Error(`run ${run}: a handover kill needs at least ${MIN_BACKLOG} held messages, there are ${backlog}`);
  }
  if (cycle.dropDatabase) await removeDatabase(dataDir);
  await (cycle.primary === 'up' ? primary.up() : primary.down());
  if (cycle.killWhile === 'handing over') load.pause();
  else load.resume();
  ledger.run = run;
  const handedOver = primary.received.length;
  await engine.start();
  try {
    if (cycle.killWhile === 'handing over') {
      await primary.waitFor(handedOver + Math.floor(backlog / 3), STEP_TIMEOUT_MS);
    } else {
      const target = ledger.acked.size + ACKS_BEFORE_KILL;
      await until(() => ledger.acked.size >= target, STEP_TIMEOUT_MS, `${ACKS_BEFORE_KILL} messages accepted after start ${run + 1}`);
      if (cycle.primary === 'comes up') await primary.up();
      await sleep(Math.floor(rig.random() * MAX_EXTRA_DELAY_MS));
    }
  } catch (error) {
    const removed = cycle.dropDatabase ? ', the database removed before it' : '';
    throw new Error(`run ${run} (kill while ${cycle.killWhile}, primary ${cycle.primary}${removed}): ${(error as Error).message}\n${engine.output()}`);
  }
  await engine.kill();
  const stored = storedMessages(dataDir);
  return {
    cycle,
    handover: inHandover(dataDir),
    held: heldIds(dataDir),
    stored: stored.map((message) => message.id),
    delivered: stored.filter((message) => message.states.every((state) => state === 'delivered')).map((message) => message.id),
    undelivered: undeliveredCount(dataDir),
  };
}

/** The last run: primary up, senders on until stopped, then every held message handed over and a clean stop. */
export async function finalRun(rig: CrashRig, run: number): Promise<void> {
  const { engine, primary, load, ledger, dataDir } = rig;
  await primary.up();
  load.resume();
  ledger.run = run;
  try {
    await engine.start();
  } finally {
    await load.stop();
  }
  await until(() => undeliveredCount(dataDir) === 0, 30_000, 'every stored message to be delivered');
  const exit = await engine.stop();
  if (exit.code !== 0) throw new Error(`the last run did not stop cleanly: ${JSON.stringify(exit)}\n${engine.output()}`);
}
