import { mkdir, mkdtemp, readFile, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { freePort } from '../bench/process-tools.ts';
import { CrashEngine } from './crash-engine.ts';
import { checkAcceptances } from './durability-order.ts';
import { plainMessage, queueIdOf, sendMail } from './engine-harness.ts';
import { parseTrace } from './syscall-trace.ts';

/**
 * kill -9 leaves the page cache in place, so the crash test cannot tell a
 * missing fsync from a present one; a power cut could. This test reads the
 * system calls instead: for each 250, the body, its directory and the queue
 * database's WAL must have been fsynced, in that order, before the reply.
 * Bodies from one line to a few hundred KB, so that some take many writes;
 * a dozen of them, so that an order that holds only by chance has a dozen
 * chances to show it.
 */
const BODY_LINES = [1, 40, 900, 4_000, 12, 2_500, 3, 200, 1_500, 7, 60, 3_000];

let engine: CrashEngine | undefined;
let workDir: string | undefined;

afterEach(async () => {
  await engine?.dispose();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

it('writes each 250 only after the body, its directory and the WAL were fsynced, in that order', { timeout: 60_000 }, async () => {
  workDir = await realpath(await mkdtemp(join(tmpdir(), 'mx-standby-strace-')));
  const dataDir = join(workDir, 'data');
  const traceFile = join(workDir, 'serve.strace');
  await mkdir(dataDir);
  // Nothing listens on the primary's port: messages are only taken in, so the trace holds no handover.
  engine = await CrashEngine.create(dataDir, await freePort(), { traceFile });
  await engine.start();

  const queueIds: string[] = [];
  for (const [index, lines] of BODY_LINES.entries()) {
    const body = `line of message ${index}: the quick brown fox jumps over the lazy dog.\r\n`.repeat(lines);
    const result = await sendMail(engine.smtpPort, { from: 'sender@origin.test', to: ['user@example.test'], raw: plainMessage(`strace ${index}`, body) });
    expect(result.code, result.response).toBe(250);
    queueIds.push(queueIdOf(result.response));
  }
  expect(await engine.stop(), engine.output()).toEqual({ code: 0, signal: null });

  const acceptances = checkAcceptances(parseTrace(await readFile(traceFile, 'utf8')), dataDir);
  expect(acceptances.map((acceptance) => acceptance.queueId), 'the 250s found in the trace').toEqual(queueIds);
  for (const { queueId, problems } of acceptances) expect(problems, `before the 250 for ${queueId}`).toEqual([]);
});
