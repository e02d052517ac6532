import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as outputs from '../../core/api/outputs.ts';
import { startPrimary, type PrimaryFixture } from '../fixtures/primary.ts';
import { primaryKnownDown, startAdmin, type RunningAdmin } from './api-harness.ts';
import { runCli } from './cli-run.ts';
import { plainMessage } from './engine-harness.ts';

/** A port that was free a moment ago and now has nobody listening. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('mx-standby admin commands', () => {
  let primary: PrimaryFixture;
  let server: RunningAdmin;
  let data: string[];
  const ids: string[] = [];

  beforeAll(async () => {
    primary = await startPrimary({ up: false });
    server = await startAdmin({ primaryPort: primary.port });
    await primaryKnownDown(server);
    data = ['--data', server.running.dataDir];
    ids.push(await server.send('Quarterly report'));
    ids.push(await server.send('Lunch on Friday', { to: ['user@example.test', 'team@example.test'] }));
  });

  afterAll(async () => {
    await server?.stop();
    await primary?.stop();
  });

  it('status prints a readable summary, and the contract JSON with --json', async () => {
    const human = await runCli(['status', ...data]);
    expect(human).toMatchObject({ code: 0, stderr: '' });
    expect(human.stdout).toMatch(/^MX Standby \S+ on backup\.test, running for /);
    expect(human.stdout).toMatch(/^Primary +127\.0\.0\.1:\d+: /m);
    expect(human.stdout).toMatch(/^Queue +2 messages; recipients: /m);

    const json = await runCli(['status', '--json', ...data]);
    const status = outputs.status.parse(JSON.parse(json.stdout));
    expect(status.messages).toBe(2);
  });

  it('queue prints one aligned line per message, oldest first, and filters by state', async () => {
    const table = await runCli(['queue', ...data]);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID +RECEIVED +STATE +TRIES +FROM +TO +SUBJECT$/);
    expect(lines.slice(1, 3).map((line) => line.split(' ')[0])).toEqual(ids);
    expect(lines[2]).toContain('user@example.test +1');
    expect(lines[2]!.indexOf('Lunch on Friday')).toBe(lines[1]!.indexOf('Quarterly report'));
    expect(lines[3]).toBe('2 messages');

    const json = await runCli(['queue', '--json', ...data]);
    expect(outputs.messagePage.parse(JSON.parse(json.stdout)).items.map((item) => item.id)).toEqual(ids);
    expect((await runCli(['queue', '--state', 'held', ...data])).stdout).toBe('No messages with recipients in state held.\n');
  });

  it('hold, release, redeliver and delete act on the ids given and say what they did', async () => {
    expect(await runCli(['hold', ids[1]!, ...data])).toMatchObject({ code: 0, stdout: 'Held: 2 recipients of 1 message.\n' });
    const held = await runCli(['queue', '--state', 'held', '--json', ...data]);
    expect(outputs.messagePage.parse(JSON.parse(held.stdout)).items.map((item) => item.id)).toEqual([ids[1]]);
    expect(await runCli(['release', ids[1]!, ...data])).toMatchObject({ code: 0, stdout: 'Released: 2 recipients of 1 message.\n' });
    expect(await runCli(['release', ids[1]!, ...data])).toMatchObject({ code: 0, stdout: expect.stringContaining('Nothing changed') });
    const redeliver = await runCli(['redeliver', '--json', ids[0]!, ...data]);
    expect(outputs.commandResult.parse(JSON.parse(redeliver.stdout))).toEqual({ changed: 1, messages: 1 });
    expect((await runCli(['flush', ...data])).code).toBe(0);

    const unknown = await runCli(['delete', 'abcdef123456', ...data]);
    expect(unknown).toMatchObject({ code: 1, stdout: '' });
    expect(unknown.stderr).toBe('mx-standby: no message with id abcdef123456\n');
  });

  it('export writes the message exactly as received to standard output', async () => {
    const exported = await runCli(['export', ids[0]!, ...data]);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toBe(plainMessage('Quarterly report'));
  });

  it('delete removes the message for good', async () => {
    const id = await server.send('Delete me');
    expect(await runCli(['delete', id, ...data])).toMatchObject({ code: 0, stdout: 'Deleted: 1 recipient of 1 message.\n' });
    expect((await server.call(`/messages/${id}`)).status).toBe(404);
  });

  it('explains usage mistakes without a stack trace', async () => {
    const noIds = await runCli(['hold', ...data]);
    expect(noIds).toMatchObject({ code: 1, stderr: 'mx-standby: usage: mx-standby hold ID... [options]\n' });
    const badState = await runCli(['queue', '--state', 'lost', ...data]);
    expect(badState.code).toBe(1);
    expect(badState.stderr).toMatch(/^mx-standby: state: .*"held"/);
    const badOption = await runCli(['status', '--colour', ...data]);
    expect(badOption.stderr).toMatch(/^mx-standby: Unknown option '--colour'.*see mx-standby status --help\n$/);
    expect((await runCli(['status', '--help'])).stdout).toMatch(/^Usage: mx-standby status \[options\]/);
  });

  it('says plainly that MX Standby is not running when nothing answers', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'mx-standby-stopped-'));
    try {
      const port = await closedPort();
      await writeFile(join(empty, 'admin-url'), `http://127.0.0.1:${port}\n`);
      const result = await runCli(['status', '--data', empty]);
      expect(result).toMatchObject({ code: 1, stdout: '' });
      expect(result.stderr).toBe(
        `mx-standby: MX Standby is not running (nothing answers at http://127.0.0.1:${port}); start it with: npx mx-standby serve --data ${JSON.stringify(empty)}\n`,
      );
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('says which token file it used when the running instance refuses it', async () => {
    const other = await mkdtemp(join(tmpdir(), 'mx-standby-other-'));
    try {
      await writeFile(join(other, 'admin-url'), `${server.admin.url}\n`);
      await writeFile(join(other, 'admin-token'), `${'x'.repeat(43)}\n`);
      const result = await runCli(['status', '--data', other]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`did not accept the token in ${join(other, 'admin-token')}`);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});
