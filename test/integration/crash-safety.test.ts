import { randomInt } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, expect, it } from 'vitest';
import { startPrimary, type PrimaryFixture, type ReceivedMail } from '../fixtures/primary.ts';
import { CrashEngine } from './crash-engine.ts';
import { Ledger, seededRandom, sha256, startLoad } from './crash-load.ts';
import { inHandover, spoolProblems, storedMessages, undeliveredCount } from './crash-store.ts';
import { until, withoutOurReceived } from './engine-harness.ts';

const KILLS = 5;
const CLIENTS = 8;
/** Each run takes this many new 250s before its kill can come, so that every kill lands under load. */
const ACKS_BEFORE_KILL = 30;
const MAX_EXTRA_DELAY_MS = 1_200;
/** A bound on the senders whatever goes wrong; a run takes about 15 s. */
const LOAD_LIMIT_MS = 60_000;
/**
 * The bound on duplicates. A message reaches the primary twice only if a kill
 * lands after the primary took it and before the engine committed its
 * outcome; until that commit its delivery row stays 'delivering'. The
 * scheduler claims at most 100 rows at a time (BATCH in core/delivery/
 * scheduler.ts) for the one primary, and claims the next batch only after
 * handOverBatch has committed the outcomes of the last (OutcomeWriter, which
 * commits every 100 outcomes or 250 ms, is flushed in its finally). So after a
 * kill at most 100 rows are 'delivering', and each message may arrive at most
 * once more per kill that found it 'delivering'. The test reads those rows
 * from the database after each kill and holds every id to that count.
 */
const CLAIM_BATCH = 100;

/**
 * What the primary does in a run. It is taken down only while the engine is
 * dead, so that no handover is cut by it (a cut after the primary's 250 would
 * be a duplicate no kill explains); it may come up at any moment.
 */
type PrimaryPlan = 'up' | 'down' | 'comes up';

/** Down first, so that a backlog builds up; then up, so that a kill lands in its handover; then by chance. */
function primaryPlan(cycle: number, random: () => number): PrimaryPlan {
  if (cycle < 2) return cycle === 0 ? 'down' : 'up';
  const draw = random();
  return draw < 0.5 ? 'up' : draw < 0.75 ? 'comes up' : 'down';
}

interface Kill {
  primary: PrimaryPlan;
  /** Ids whose delivery was claimed but not recorded when the engine died. */
  handover: string[];
}

let primary: PrimaryFixture | undefined;
let engine: CrashEngine | undefined;
let dataDir: string | undefined;

afterEach(async () => {
  await engine?.dispose();
  await primary?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

it('keeps every message that got a 250 through repeated SIGKILLs under load, and hands each over', { timeout: 90_000 }, async () => {
  const seed = Number(process.env.CRASH_SEED ?? randomInt(2 ** 31));
  console.log(`crash-safety: seed ${seed} (repeat with CRASH_SEED=${seed})`);
  const random = seededRandom(seed);
  primary = await startPrimary();
  dataDir = await mkdtemp(join(tmpdir(), 'mx-standby-crash-'));
  engine = await CrashEngine.create(dataDir, primary.port);
  const ledger = new Ledger();
  const load = startLoad({ port: engine.smtpPort, clients: CLIENTS, seed, ledger, deadline: Date.now() + LOAD_LIMIT_MS });

  const kills: Kill[] = [];
  try {
    for (let cycle = 0; cycle < KILLS; cycle++) {
      const plan = primaryPlan(cycle, random);
      await (plan === 'up' ? primary.up() : primary.down());
      ledger.run = cycle;
      await engine.start();
      const target = ledger.acked.size + ACKS_BEFORE_KILL;
      await until(() => ledger.acked.size >= target, 20_000, `${ACKS_BEFORE_KILL} messages accepted after start ${cycle + 1}`);
      if (plan === 'comes up') await primary.up();
      await sleep(Math.floor(random() * MAX_EXTRA_DELAY_MS));
      await engine.kill();
      kills.push({ primary: plan, handover: inHandover(dataDir) });
    }
    await primary.up();
    ledger.run = KILLS;
    await engine.start();
  } finally {
    await load.stop();
  }
  const directory = dataDir;
  await until(() => undeliveredCount(directory) === 0, 30_000, 'every stored message to be delivered');
  expect(await engine.stop(), engine.output()).toEqual({ code: 0, signal: null });

  const stored = storedMessages(directory);
  const storedIds = new Set(stored.map((message) => message.id));
  const storedUnanswered = stored.filter((message) => ledger.unanswered.has(message.id)).length;
  const copies = copiesById(primary.received);
  const duplicates = [...copies].filter(([, count]) => count > 1);
  const extraCopies = duplicates.reduce((sum, [, count]) => sum + count - 1, 0);
  const inHandoverAtKills = kills.reduce((sum, kill) => sum + kill.handover.length, 0);
  const cutOff = Array.from({ length: KILLS + 1 }, (_, run) => [...ledger.unanswered.values()].filter((at) => at === run).length);
  console.log(
    `crash-safety: seed ${seed}: ${ledger.acked.size} messages got a 250, ${ledger.unanswered.size} were cut off after their` +
      ` final dot (${storedUnanswered} of them stored), ${primary.received.length} handed over;` +
      ` ${extraCopies} duplicate(s) of ${duplicates.length} message(s); in handover at each kill:` +
      ` ${kills.map((kill) => `${kill.handover.length} (primary ${kill.primary})`).join(', ')};` +
      ` senders cut off after the final dot by each kill: ${cutOff.slice(0, KILLS).join(', ')}`,
  );

  // The store: every 250 is there, nothing refused or cut off before its dot is, and nothing is half there.
  expect(cutOff[KILLS], 'cut off in the last run, which was not killed').toBe(0);
  expect(storedIds.size, 'each id is stored at most once').toBe(stored.length);
  expect([...ledger.acked].filter((id) => !storedIds.has(id)), 'got a 250 but is not stored').toEqual([]);
  const unexpected = stored.filter((message) => !ledger.acked.has(message.id) && !ledger.unanswered.has(message.id));
  expect(unexpected.map((message) => message.id), 'stored without a 250 or a reply lost in a kill').toEqual([]);
  expect(stored.length).toBe(ledger.acked.size + storedUnanswered);
  const changed = stored.filter((message) => message.sha256 !== ledger.digests.get(message.id));
  expect(changed.map((message) => message.id), 'stored bytes differ from what was sent').toEqual([]);
  const undelivered = stored.filter((message) => message.states.join() !== 'delivered');
  expect(undelivered.map((message) => message.id), 'not recorded as delivered').toEqual([]);
  expect(await spoolProblems(directory, stored)).toEqual([]);

  // The primary: every stored message arrived, byte for byte, and nothing else did.
  const altered = primary.received.filter((mail) => sha256(withoutOurReceived(mail.raw)) !== ledger.digests.get(testId(mail.raw)));
  expect(altered.map((mail) => testId(mail.raw)), 'delivered bytes differ from what was sent').toEqual([]);
  expect([...storedIds].filter((id) => !copies.has(id)), 'stored but never delivered').toEqual([]);
  expect([...copies.keys()].filter((id) => !storedIds.has(id)), 'delivered but never stored').toEqual([]);

  // Duplicates: only where a kill found the delivery claimed and unrecorded, at most once per such kill.
  for (const kill of kills) expect(kill.handover.length).toBeLessThanOrEqual(CLAIM_BATCH);
  const unexplained = duplicates.filter(([id, count]) => count - 1 > kills.filter((kill) => kill.handover.includes(id)).length);
  expect(unexplained, 'duplicates not explained by a kill during their handover').toEqual([]);
  expect(extraCopies).toBeLessThanOrEqual(inHandoverAtKills);
});

function testId(raw: Buffer): string {
  return /^X-Test-Id: (\S+)\r$/m.exec(withoutOurReceived(raw))?.[1] ?? '(no id)';
}

function copiesById(received: ReceivedMail[]): Map<string, number> {
  const copies = new Map<string, number>();
  for (const mail of received) copies.set(testId(mail.raw), (copies.get(testId(mail.raw)) ?? 0) + 1);
  return copies;
}
