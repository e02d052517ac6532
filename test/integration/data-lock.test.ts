import { spawnSync } from 'node:child_process';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../bench/process-tools.ts';
import { CrashEngine } from './crash-engine.ts';

/** A pid that was a process a moment ago and is none now. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('the data-folder lock', () => {
  let dataDir: string;
  const engines: CrashEngine[] = [];

  afterEach(async () => {
    for (const engine of engines.splice(0)) await engine.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function engine(): Promise<CrashEngine> {
    // Nothing listens on the primary's port: these tests are about starting, not handing over.
    const created = await CrashEngine.create(dataDir, await freePort());
    engines.push(created);
    return created;
  }

  it('lets exactly one of two starts at once run, over a stale pid file; the other names the busy folder', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mx-standby-lock-'));
    await writeFile(join(dataDir, 'mx-standby.pid'), `${deadPid()}\n`);
    const [first, second] = [await engine(), await engine()];
    const results = await Promise.allSettled([first.start(), second.start()]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    const loser = results[0].status === 'rejected' ? first : second;
    // It has exited already: nothing to kill afterwards.
    engines.splice(engines.indexOf(loser), 1);
    expect(loser.output()).toContain(`mx-standby: the data folder ${dataDir} is in use by another MX Standby`);
    expect(loser.output()).not.toMatch(/\n\s+at /);
  });

  it('is not held by a process killed with SIGKILL: the next start runs at once', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mx-standby-lock-'));
    const first = await engine();
    await first.start();
    await first.kill();
    await access(join(dataDir, 'lock'));
    const second = await engine();
    await second.start();
    expect(await second.stop(), second.output()).toEqual({ code: 0, signal: null });
  });

  it('ignores a pid file from older versions, even one naming a live process, and removes it', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mx-standby-lock-'));
    await writeFile(join(dataDir, 'mx-standby.pid'), `${process.pid}\n`);
    const started = await engine();
    await started.start();
    await expect(access(join(dataDir, 'mx-standby.pid'))).rejects.toThrow(/ENOENT/);
    expect(await started.stop(), started.output()).toEqual({ code: 0, signal: null });
  });
});
