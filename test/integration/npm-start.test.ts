import { execFile, spawn } from 'node:child_process';
import { cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const START = join(ROOT, 'bin', 'start.js');

/**
 * A copy of the project as a fresh `npm install` leaves it: the sources and
 * node_modules (linked), no built UI. The UI is built into the copy, so the
 * renderer/dist that other tests use is never touched.
 */
async function freshCheckout(): Promise<string> {
  const copy = await mkdtemp(join(tmpdir(), 'mx-standby-checkout-'));
  for (const entry of ['package.json', 'tsconfig.json', 'bin', 'core', 'renderer', 'resources']) {
    await cp(join(ROOT, entry), join(copy, entry), { recursive: true, filter: (source) => source !== join(ROOT, 'renderer', 'dist') });
  }
  await symlink(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  return copy;
}

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

  it('falls back to serve, builds the web UI on the first start after npm install and serves it, and stops cleanly on SIGTERM', async () => {
    const checkout = await freshCheckout();
    const data = await mkdtemp(join(tmpdir(), 'mx-standby-start-'));
    const child = spawn(process.execPath, [join(checkout, 'bin', 'start.js'), '--data', data, '--smtp-listen', '127.0.0.1:0', '--admin-listen', '127.0.0.1:0', '--hostname', 'backup.test'], {
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

      const page = await fetch(`${url}/`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).not.toContain('not built');
      const script = /<script type="module" crossorigin src="\.\/(assets\/index-[\w-]+\.js)">/.exec(html);
      expect(script, html).not.toBeNull();
      expect((await fetch(`${url}/${script![1]}`)).status).toBe(200);
      expect(output).toContain('Building the web UI (npm run build): it is not built yet.');
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).toContain('MX Standby stopped.');
    } finally {
      // start.js passes SIGTERM on to the server it started; a SIGKILL would leave that one running.
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      await rm(data, { recursive: true, force: true });
      await rm(checkout, { recursive: true, force: true });
    }
  }, 180_000);
});
