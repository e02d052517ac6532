import { randomInt } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPrimary } from '../fixtures/primary.ts';
import { checkAfterCrashes, type CrashFigures } from './crash-check.ts';
import { finalRun, runCycle, type Cycle, type Kill } from './crash-cycles.ts';
import { CrashEngine } from './crash-engine.ts';
import { Ledger, seededRandom, startLoad } from './crash-load.ts';

const CLIENTS = 8;
/** A bound on the senders whatever goes wrong; a run of five kills takes about 30 s. */
const LOAD_LIMIT_MS = 90_000;

/**
 * One crash test: a fresh data folder, the fixture primary and concurrent
 * senders; serve is started and killed as each cycle says, started a last
 * time to hand everything over, and the end state is checked. The seed
 * (CRASH_SEED, or a random one) drives the senders and the timing of kills;
 * `plan` may use it to choose cycles.
 */
export async function crashAndCheck(test: string, plan: (random: () => number) => Cycle[]): Promise<CrashFigures> {
  const seed = Number(process.env.CRASH_SEED ?? randomInt(2 ** 31));
  console.log(`${test}: seed ${seed} (repeat with CRASH_SEED=${seed})`);
  const random = seededRandom(seed);
  const cycles = plan(random);
  const primary = await startPrimary();
  const dataDir = await mkdtemp(join(tmpdir(), 'mx-standby-crash-'));
  const engine = await CrashEngine.create(dataDir, primary.port);
  const ledger = new Ledger();
  const load = startLoad({ port: engine.smtpPort, clients: CLIENTS, seed, ledger, deadline: Date.now() + LOAD_LIMIT_MS });
  const rig = { engine, primary, load, ledger, dataDir, random };
  try {
    const kills: Kill[] = [];
    for (const [run, cycle] of cycles.entries()) kills.push(await runCycle(rig, cycle, run));
    await finalRun(rig, cycles.length);
    const figures = await checkAfterCrashes(rig, kills);
    console.log(
      `${test}: seed ${seed}: ${JSON.stringify(figures)}; ${primary.received.length} handed over; at each kill` +
        ` (in handover/held): ${kills.map((kill) => `${kill.handover.length}/${kill.held.length} ${kill.cycle.killWhile}`).join(', ')};` +
        ` senders cut off after their final dot: ${ledger.unanswered.size}`,
    );
    return figures;
  } finally {
    await load.stop();
    await engine.dispose();
    await primary.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
