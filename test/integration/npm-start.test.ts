import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const START = fileURLToPath(new URL('../../bin/start.js', import.meta.url));

function dryRun(env: NodeJS.ProcessEnv): Promise<{ mode: string; reason: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [START], { env: { ...process.env, ...env, MX_STANDBY_START_DRY_RUN: '1' } }, (error, stdout) =>
      error ? reject(error) : resolve(JSON.parse(stdout) as { mode: string; reason: string }),
    );
  });
}

describe('npm start (bin/start.js)', () => {
  it('chooses the headless server when the Electron binary is not installed (as on these machines)', async () => {
    const choice = await dryRun({ DISPLAY: ':0' });
    expect(choice).toEqual({ mode: 'headless', reason: expect.stringContaining('npx install-electron') });
  });

  it('chooses the headless server when asked to', async () => {
    expect(await dryRun({ MX_STANDBY_HEADLESS: '1' })).toMatchObject({ mode: 'headless' });
  });

  it('falls back to serve, prints the address of the UI, and stops cleanly on SIGTERM', async () => {
    const data = await mkdtemp(join(tmpdir(), 'mx-standby-start-'));
    const child = spawn(process.execPath, [START, '--data', data, '--smtp-listen', '127.0.0.1:0', '--admin-listen', '127.0.0.1:0', '--hostname', 'backup.test'], {
      env: { ...process.env, MX_STANDBY_LOG_LEVEL: 'silent' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', () => {
          const found = /Open the admin UI: (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
          if (found) resolve(found[1]!);
        });
        child.on('exit', () => reject(new Error(`exited early: ${output}`)));
      });
      // It answers on that address (and so has finished starting, signal handlers included).
      expect((await fetch(`${url}/api/v1/status`)).status).toBe(401);
      expect(output).toContain('Starting the headless server: the Electron binary is not installed');
      expect(output).toMatch(/Admin API and web UI on http:\/\/127\.0\.0\.1:\d+/);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).toContain('MX Standby stopped.');
    } finally {
      child.kill('SIGKILL');
      await rm(data, { recursive: true, force: true });
    }
  });
});
