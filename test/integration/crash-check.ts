import { expect } from 'vitest';
import type { ReceivedMail } from '../fixtures/primary.ts';
import type { CrashRig, Kill } from './crash-cycles.ts';
import { sha256 } from './crash-load.ts';
import { spoolProblems, storedMessages } from './crash-store.ts';
import { withoutOurReceived } from './engine-harness.ts';

/**
 * The bound on the ids a kill finds in handover. The scheduler claims at most
 * 100 rows at a time (BATCH in core/delivery/scheduler.ts) for the one
 * primary, and claims the next batch only after handOverBatch has committed
 * the outcomes of the last (OutcomeWriter, which commits every 100 outcomes
 * or 250 ms, is flushed in its finally). So after a kill at most 100 rows are
 * 'delivering'.
 */
const CLAIM_BATCH = 100;

export interface CrashFigures {
  acked: number;
  /** Got a 250 and never reached the primary: must be 0. */
  lost: number;
  /** Extra copies the primary got, and of how many messages. */
  duplicated: number;
  duplicatedMessages: number;
  /** Held when a kill came, handed over after a restart. */
  recoveredAfterKill: number;
  /** Stored when the database was removed, handed over from the spool alone. */
  recoveredFromSpool: number;
}

/**
 * Checks the end state after the kills against what the senders know, and
 * returns the figures. A message reaches the primary twice only if a kill
 * found its delivery claimed and unrecorded, or if it had been delivered
 * before the database was removed and its kept body was taken back in:
 * each such event allows one more copy, and nothing else does.
 */
export async function checkAfterCrashes(rig: CrashRig, kills: Kill[]): Promise<CrashFigures> {
  const { ledger, dataDir, primary } = rig;
  const stored = storedMessages(dataDir);
  const storedIds = new Set(stored.map((message) => message.id));
  const storedUnanswered = stored.filter((message) => ledger.unanswered.has(message.id)).length;
  const copies = copiesById(primary.received);

  // The store: every 250 is there, nothing refused or cut off before its dot is, and nothing is half there.
  expect([...ledger.unanswered.values()].filter((run) => run === kills.length), 'cut off in the last run, which was not killed').toEqual([]);
  expect(storedIds.size, 'each id is stored at most once').toBe(stored.length);
  expect([...ledger.acked].filter((id) => !storedIds.has(id)), 'got a 250 but is not stored').toEqual([]);
  const unexpected = stored.filter((message) => !ledger.acked.has(message.id) && !ledger.unanswered.has(message.id));
  expect(unexpected.map((message) => message.id), 'stored without a 250 or a reply lost in a kill').toEqual([]);
  expect(stored.length).toBe(ledger.acked.size + storedUnanswered);
  const changed = stored.filter((message) => message.sha256 !== ledger.digests.get(message.id));
  expect(changed.map((message) => message.id), 'stored bytes differ from what was sent').toEqual([]);
  const undelivered = stored.filter((message) => message.states.join() !== 'delivered');
  expect(undelivered.map((message) => message.id), 'not recorded as delivered').toEqual([]);
  expect(await spoolProblems(dataDir, stored)).toEqual([]);

  // The primary: every stored message arrived, byte for byte, and nothing else did.
  const altered = primary.received.filter((mail) => sha256(withoutOurReceived(mail.raw)) !== ledger.digests.get(testId(mail.raw)));
  expect(altered.map((mail) => testId(mail.raw)), 'delivered bytes differ from what was sent').toEqual([]);
  const lost = [...ledger.acked].filter((id) => !copies.has(id));
  expect(lost, 'got a 250 but never reached the primary').toEqual([]);
  expect([...storedIds].filter((id) => !copies.has(id)), 'stored but never delivered').toEqual([]);
  expect([...copies.keys()].filter((id) => !storedIds.has(id)), 'delivered but never stored').toEqual([]);

  // Kills meant to land in a handover did.
  for (const [run, kill] of kills.entries()) {
    expect(kill.handover.length, `in handover at kill ${run + 1}`).toBeLessThanOrEqual(CLAIM_BATCH);
    if (kill.cycle.killWhile === 'handing over') expect(kill.undelivered, `still held at handover kill ${run + 1}`).toBeGreaterThan(0);
  }

  const duplicates = [...copies].filter(([, count]) => count > 1);
  const unexplained = duplicates.filter(([id, count]) => count - 1 > allowedExtraCopies(id, kills));
  expect(unexplained, 'duplicates not explained by a kill during their handover or a removed database').toEqual([]);
  const beforeRemoval = kills.filter((_, run) => kills[run + 1]?.cycle.dropDatabase);
  return {
    acked: ledger.acked.size,
    lost: lost.length,
    duplicated: duplicates.reduce((sum, [, count]) => sum + count - 1, 0),
    duplicatedMessages: duplicates.length,
    recoveredAfterKill: new Set(kills.flatMap((kill) => kill.held)).size,
    recoveredFromSpool: new Set(beforeRemoval.flatMap((kill) => kill.stored)).size,
  };
}

/** One per kill that found it in handover, one per database removal after it had been delivered. */
function allowedExtraCopies(id: string, kills: Kill[]): number {
  return kills.reduce((sum, kill, run) => {
    const removedNext = kills[run + 1]?.cycle.dropDatabase === true;
    return sum + (kill.handover.includes(id) ? 1 : 0) + (removedNext && kill.delivered.includes(id) ? 1 : 0);
  }, 0);
}

export function testId(raw: Buffer): string {
  return /^X-Test-Id: (\S+)\r$/m.exec(withoutOurReceived(raw))?.[1] ?? '(no id)';
}

function copiesById(received: ReceivedMail[]): Map<string, number> {
  const copies = new Map<string, number>();
  for (const mail of received) copies.set(testId(mail.raw), (copies.get(testId(mail.raw)) ?? 0) + 1);
  return copies;
}
