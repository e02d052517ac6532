import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onExit } from './exit-cleanup.ts';
import { mainCf, masterCf, type PostfixLayout } from './postfix-config.ts';
import { captureOutput, freePort, isListening, waitForExit, waitUntil } from './process-tools.ts';
import { runningAsRoot } from './smtp-tools.ts';
import type { BackupTarget, TargetKind } from './target.ts';

const POSTFIX = '/usr/sbin/postfix';
const POSTQUEUE = '/usr/sbin/postqueue';
const POSTCONF = '/usr/sbin/postconf';

/** Why a private Postfix cannot run here, or null. */
export function postfixUnavailable(): string | null {
  if (!existsSync(POSTFIX) || !existsSync(POSTQUEUE)) return 'not installed (apt-get install postfix)';
  // Postfix's master must start as root to switch its daemons to the postfix account.
  if (!runningAsRoot) return 'needs root';
  return null;
}

export function postfixVersion(): string {
  const result = spawnSync(POSTCONF, ['-h', 'mail_version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : 'unknown version';
}

/** Runs a Postfix command to completion; Postfix only prints to a terminal, so failures point at the maillog. */
async function runPostfixCommand(program: string, args: string[], layout: PostfixLayout): Promise<void> {
  const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = captureOutput(child);
  const exit = await waitForExit(child, 30_000);
  if (exit?.code === 0) return;
  const log = existsSync(layout.maillog) ? readFileSync(layout.maillog, 'utf8').split('\n').slice(-15).join('\n') : '';
  const said = `${output.stdout()}${output.stderr()}`.trim();
  throw new Error(`${program} ${args.join(' ')} failed (${exit ? `exit ${exit.code ?? exit.signal}` : 'timed out'})\n${said}\n${log}`.trim());
}

function readMasterPid(layout: PostfixLayout): number | null {
  try {
    const pid = Number(readFileSync(join(layout.queueDir, 'pid', 'master.pid'), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Messages Postfix is still working on: not yet deferred, so a flush now would miss them. */
function inFlight(layout: PostfixLayout): number {
  return ['maildrop', 'incoming', 'active'].reduce((sum, queue) => sum + readdirSync(join(layout.queueDir, queue)).length, 0);
}

function isAlive(pid: number): boolean {
  return existsSync(`/proc/${pid}`);
}

async function createLayout(): Promise<PostfixLayout> {
  const root = await mkdtemp(join(tmpdir(), 'bench-postfix-'));
  // Postfix daemons run as the postfix account and must reach the queue below this folder.
  await chmod(root, 0o755);
  const layout = {
    root,
    configDir: join(root, 'etc'),
    queueDir: join(root, 'queue'),
    dataDir: join(root, 'data'),
    maillog: join(root, 'maillog'),
  };
  // The data directory is left to `postfix start`, which creates it owned by the postfix account.
  await mkdir(layout.configDir);
  await mkdir(layout.queueDir);
  return layout;
}

/**
 * A private Postfix set up as the backup MX of example.test, in a temp
 * folder, with its own queue and config, smtpd on a free loopback port and
 * the primary at 127.0.0.1:primaryPort. The system's own Postfix instance is
 * not touched. While the primary is down, deliveries defer; primaryIsBack()
 * runs `postqueue -f`, because Postfix would otherwise wait for its retry
 * timer (minutes), which says nothing about its delivery rate.
 */
export async function startPostfixBackup(primaryPort: number): Promise<BackupTarget> {
  const layout = await createLayout();
  const postfixArgs = (command: string) => ['-c', layout.configDir, command];
  let stopped = false;
  const stopNow = () => {
    if (readMasterPid(layout) !== null) spawnSync(POSTFIX, postfixArgs('stop'), { stdio: 'ignore', timeout: 15_000 });
    rmSync(layout.root, { recursive: true, force: true });
  };
  const forget = onExit(stopNow);
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    const pid = readMasterPid(layout);
    try {
      // `postfix stop` waits up to five seconds for master, then kills the whole process group.
      if (pid !== null && isAlive(pid)) await runPostfixCommand(POSTFIX, postfixArgs('stop'), layout);
      if (pid !== null) await waitUntil(() => !isAlive(pid), 10_000);
    } finally {
      await rm(layout.root, { recursive: true, force: true });
      forget();
    }
  };
  try {
    const smtpPort = await freePort();
    await writeFile(join(layout.configDir, 'main.cf'), mainCf(layout, primaryPort));
    await writeFile(join(layout.configDir, 'master.cf'), masterCf(smtpPort));
    await runPostfixCommand(POSTFIX, postfixArgs('start'), layout);
    const ready = await waitUntil(async () => readMasterPid(layout) !== null && (await isListening(smtpPort)), 15_000);
    const rootPid = readMasterPid(layout);
    if (!ready || rootPid === null) throw new Error(`Postfix did not listen on 127.0.0.1:${smtpPort} within 15 s`);
    return {
      smtpPort,
      rootPid,
      // A message still in the active queue when the flush comes is deferred afterwards, for
      // minutes: so the flush waits until every message sits in the deferred queue.
      settle: async () => {
        if (!(await waitUntil(() => inFlight(layout) === 0, 60_000, 100))) throw new Error('Postfix did not defer all mail within 60 s');
      },
      primaryIsBack: () => runPostfixCommand(POSTQUEUE, ['-c', layout.configDir, '-f'], layout),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

export const postfixKind: TargetKind = {
  name: `Postfix ${postfixUnavailable() === null ? postfixVersion() : ''}`.trim(),
  unavailable: postfixUnavailable,
  start: startPostfixBackup,
  notes: [
    'Postfix: a private instance as backup MX of example.test (relay_domains, transport to the primary),',
    '  default durability (queue files fsynced before 250), no chroot, 50 MiB size limit like MX Standby.',
    '  Once all mail is deferred and the primary returns, it is flushed with `postqueue -f` for fairness:',
    '  on its own it would wait for its retry timer (minutes).',
    '  Its peak RSS is the sum of per-process peaks over master and all its children.',
  ],
};
