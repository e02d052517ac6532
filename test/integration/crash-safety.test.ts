import { randomInt } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startPrimary, type PrimaryFixture } from '../fixtures/primary.ts';
import { checkAfterCrashes } from './crash-check.ts';
import { finalRun, runCycle, type Cycle, type CrashRig, type Kill } from './crash-cycles.ts';
import { CrashEngine } from './crash-engine.ts';
import { Ledger, seededRandom, startLoad, type Load } from './crash-load.ts';

const CLIENTS = 8;
/** A bound on the senders whatever goes wrong; a run of five kills takes about 20 s. */
const LOAD_LIMIT_MS = 60_000;

let primary: PrimaryFixture | undefined;
let engine: CrashEngine | undefined;
let load: Load | undefined;
let dataDir: string | undefined;

afterEach(async () => {
  await load?.stop();
  await engine?.dispose();
  await primary?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function rig(seed: number): Promise<CrashRig> {
  primary = await startPrimary();
  dataDir = await mkdtemp(join(tmpdir(), 'mx-standby-crash-'));
  engine = await CrashEngine.create(dataDir, primary.port);
  const ledger = new Ledger();
  load = startLoad({ port: engine.smtpPort, clients: CLIENTS, seed, ledger, deadline: Date.now() + LOAD_LIMIT_MS });
  return { engine, primary, load, ledger, dataDir, random: seededRandom(seed) };
}

function seedFromEnvironment(test: string): number {
  const seed = Number(process.env.CRASH_SEED ?? randomInt(2 ** 31));
  console.log(`${test}: seed ${seed} (repeat with CRASH_SEED=${seed})`);
  return seed;
}

async function crashAndCheck(test: string, seed: number, cycles: Cycle[]): Promise<void> {
  const crash = await rig(seed);
  const kills: Kill[] = [];
  for (const [run, cycle] of cycles.entries()) kills.push(await runCycle(crash, cycle, run));
  await finalRun(crash, cycles.length);
  const figures = await checkAfterCrashes(crash, kills);
  console.log(
    `${test}: seed ${seed}: ${JSON.stringify(figures)}; ${crash.primary.received.length} handed over; at each kill` +
      ` (in handover/held): ${kills.map((kill) => `${kill.handover.length}/${kill.held.length} ${kill.cycle.killWhile}`).join(', ')};` +
      ` senders cut off after their final dot: ${crash.ledger.unanswered.size}`,
  );
  expect(figures.lost).toBe(0);
}

it('keeps every message that got a 250 through SIGKILLs while receiving and while handing over', { timeout: 120_000 }, async () => {
  const seed = seedFromEnvironment('crash-safety');
  const random = seededRandom(seed ^ 0x5eed);
  // A backlog first, a kill in its handover, a kill under both, then again by chance.
  await crashAndCheck('crash-safety', seed, [
    { primary: 'down', killWhile: 'receiving' },
    { primary: 'up', killWhile: 'handing over' },
    { primary: random() < 0.5 ? 'up' : 'comes up', killWhile: 'receiving' },
    { primary: 'down', killWhile: 'receiving' },
    { primary: 'up', killWhile: 'handing over' },
  ]);
});
