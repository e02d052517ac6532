import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, type CliResult } from './cli-run.ts';

/** `serve` as a person starts it; it is expected to stop by itself, so it gets 30 s before being killed. */
function serve(dataDir: string, smtpListen: string, adminListen: string): Promise<CliResult> {
  const args = ['serve', '--data', dataDir, '--smtp-listen', smtpListen, '--admin-listen', adminListen, '--domain', 'example.test', '--hostname', 'backup.test'];
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 30_000, env: { ...process.env, MX_STANDBY_LOG_LEVEL: 'warn' } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Another program on a loopback port. */
async function holdPort(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port };
}

function expectOnePlainLine(result: CliResult, line: RegExp): void {
  expect(result.code).not.toBe(0);
  expect(result.stderr).not.toMatch(/^ {4}at /m);
  expect(result.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(line)]);
}

describe('serve when a listening address cannot be had', () => {
  let dataDir: string;
  let held: Server | undefined;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mx-standby-bind-'));
  });

  afterEach(async () => {
    await new Promise<void>((resolve) => (held ? held.close(() => resolve()) : resolve()));
    held = undefined;
    await rm(dataDir, { recursive: true, force: true });
  });

  it('names the mail address and its flag when another program holds the port, and exits non-zero', { timeout: 40_000 }, async () => {
    const { server, port } = await holdPort();
    held = server;
    const result = await serve(dataDir, `127.0.0.1:${port}`, '127.0.0.1:0');
    expectOnePlainLine(result, new RegExp(`^mx-standby: cannot listen on 127\\.0\\.0\\.1:${port} \\(--smtp-listen / smtpListen\\): the address is in use by another program`));
  });

  it('names the admin address and its flag the same way', { timeout: 40_000 }, async () => {
    const { server, port } = await holdPort();
    held = server;
    const result = await serve(dataDir, '127.0.0.1:0', `127.0.0.1:${port}`);
    expectOnePlainLine(result, new RegExp(`^mx-standby: cannot listen on 127\\.0\\.0\\.1:${port} \\(--admin-listen / adminListen\\): the address is in use by another program`));
  });

  it('says plainly when the address is not one of this machine', { timeout: 40_000 }, async () => {
    // 192.0.2.0/24 is reserved for documentation (RFC 5737): no machine has it.
    const result = await serve(dataDir, '192.0.2.1:2525', '127.0.0.1:0');
    expectOnePlainLine(result, /^mx-standby: cannot listen on 192\.0\.2\.1:2525 \(--smtp-listen \/ smtpListen\): this computer has no such address/);
  });
});
