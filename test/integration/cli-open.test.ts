import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as outputs from '../../core/api/outputs.ts';
import { BIN, runCli } from './cli-run.ts';

const LINK = /Open the admin UI: (http:\/\/\S+)/;

/** The code in a sign-in link's fragment. */
function codeOf(link: string): string {
  const code = /#signin=([\w-]+)$/.exec(link)?.[1];
  if (!code) throw new Error(`no sign-in code in ${link}`);
  return code;
}

/** `mx-standby serve` prints a sign-in link at start, and `mx-standby open` prints fresh ones. */
describe('sign-in links from serve and mx-standby open', () => {
  let dataDir: string;
  let child: ChildProcess;
  let exited: Promise<number | null>;
  let firstLink: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mx-standby-open-'));
    child = spawn(
      process.execPath,
      [BIN, 'serve', '--data', dataDir, '--smtp-listen', '127.0.0.1:0', '--admin-listen', '127.0.0.1:0', '--domain', 'example.test', '--hostname', 'backup.test'],
      { env: { ...process.env, MX_STANDBY_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    let stdout = '';
    firstLink = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = LINK.exec(stdout);
        if (match) resolve(match[1]!);
      });
      void exited.then((code) => reject(new Error(`serve exited with ${code}:\n${stdout}`)));
    });
  });

  afterAll(async () => {
    if (child?.exitCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  const signIn = (link: string) =>
    fetch(new URL('/api/v1/sign-in', link), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: codeOf(link) }) });

  it('prints a link whose code signs in once, answering the token in the data folder', async () => {
    const adminUrl = (await readFile(join(dataDir, 'admin-url'), 'utf8')).trim();
    expect(firstLink.startsWith(`${adminUrl}/#signin=`)).toBe(true);
    const answer = await signIn(firstLink);
    expect(answer.status).toBe(200);
    const token = (await readFile(join(dataDir, 'admin-token'), 'utf8')).trim();
    expect(outputs.signInResult.parse(await answer.json()).token).toBe(token);
    expect((await signIn(firstLink)).status).toBe(403);
  });

  it('mx-standby open prints a fresh link and how to open it', async () => {
    const result = await runCli(['open', '--data', dataDir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Open this link in a web browser');
    expect(result.stdout).toMatch(/It works once, until \d{4}-\d\d-\d\d \d\d:\d\d/);
    const link = /^ {2}(http:\/\/\S+)$/m.exec(result.stdout)?.[1];
    expect(link).toBeDefined();
    expect(link).not.toBe(firstLink);
    expect((await signIn(link!)).status).toBe(200);
  });

  it('mx-standby open --json gives the API answer for scripts', async () => {
    const result = await runCli(['open', '--json', '--data', dataDir]);
    expect(result.code).toBe(0);
    const link = outputs.signInLink.parse(JSON.parse(result.stdout));
    expect((await signIn(link.url)).status).toBe(200);
  });

  it('says so when nothing runs with that data folder', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'mx-standby-open-none-'));
    try {
      const result = await runCli(['open', '--data', empty]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/mx-standby: /);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
