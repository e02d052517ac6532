import { spawn, type ChildProcess } from 'node:child_process';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as outputs from '../../core/api/outputs.ts';
import { BIN, runCli } from './cli-run.ts';
import { until } from './engine-harness.ts';

interface ServeChild {
  child: ChildProcess;
  /** stdout so far. */
  output: () => string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

/** `mx-standby serve` as a child process, once it has said where its admin API is. */
async function startServe(dataDir: string, adminListen: string): Promise<{ serve: ServeChild; url: string }> {
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--data', dataDir, '--smtp-listen', '127.0.0.1:0', '--admin-listen', adminListen, '--domain', 'example.test', '--hostname', 'backup.test'],
    { env: { ...process.env, MX_STANDBY_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /Admin API and web UI on (http:\S+)/.exec(stdout);
      if (match) resolve(match[1]!);
    });
    void exited.then((code) => reject(new Error(`serve exited with ${code} before listening:\n${stdout}`)));
  });
  return { serve: { child, output: () => stdout, exited }, url };
}

describe('serve with its admin API', () => {
  let dataDir: string;
  let serve: ServeChild | undefined;

  afterEach(async () => {
    if (serve && serve.child.exitCode === null) {
      serve.child.kill('SIGTERM');
      await serve.exited;
    }
    serve = undefined;
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers the CLI and curl-style requests with the token, and tidies up when stopped', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mx-standby-serve-'));
    const started = await startServe(dataDir, '127.0.0.1:0');
    serve = started.serve;
    expect((await readFile(join(dataDir, 'admin-url'), 'utf8')).trim()).toBe(started.url);
    expect(serve.output()).not.toContain('Warning');

    const status = await runCli(['status', '--data', dataDir]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^MX Standby \S+ on backup\.test/);

    const token = (await readFile(join(dataDir, 'admin-token'), 'utf8')).trim();
    const response = await fetch(`${started.url}/api/v1/status`, { headers: { authorization: `Bearer ${token}` } });
    expect(outputs.status.parse(await response.json()).hostname).toBe('backup.test');

    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
    expect(serve.output()).toContain('MX Standby stopped.');
    await expect(access(join(dataDir, 'admin-url'))).rejects.toThrow();
  });

  it('warns when the admin API listens beyond loopback, and is still reached through loopback', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mx-standby-serve-'));
    const started = await startServe(dataDir, '0.0.0.0:0');
    serve = started.serve;
    expect(started.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const warning = /Warning: the admin API listens on 0\.0\.0\.0:\d+, reachable from other machines/;
    await until(() => warning.test(serve!.output()), 10_000, 'the warning');
    const status = await runCli(['status', '--json', '--data', dataDir]);
    expect(outputs.status.parse(JSON.parse(status.stdout)).hostname).toBe('backup.test');
    const anonymous = await fetch(`${started.url}/api/v1/status`);
    expect(anonymous.status).toBe(401);
  });
});
