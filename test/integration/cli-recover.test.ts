import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startPrimary, type PrimaryFixture } from '../fixtures/primary.ts';
import { startAdmin } from './api-harness.ts';
import { runCli } from './cli-run.ts';
import { plainMessage, queueIdOf, sendMail, startEngine, until, withoutOurReceived, type RunningEngine } from './engine-harness.ts';

describe('mx-standby recover', () => {
  let primary: PrimaryFixture | undefined;
  const engines: RunningEngine[] = [];
  const folders: string[] = [];

  afterEach(async () => {
    for (const running of engines.splice(0)) await running.stop();
    await primary?.stop();
    for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
  });

  async function folder(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'mx-standby-recover-'));
    folders.push(dir);
    return dir;
  }

  async function engineOn(dataDir: string): Promise<RunningEngine> {
    const running = await startEngine({ primaryPort: primary!.port }, dataDir);
    engines.push(running);
    return running;
  }

  async function stop(running: RunningEngine): Promise<void> {
    engines.splice(engines.indexOf(running), 1);
    await running.stop();
  }

  /** Holds `count` messages in dataDir (the primary is down) and stops; their raw bytes and queue ids, in order. */
  async function held(dataDir: string, count: number, tag: string): Promise<{ raw: string; qid: string }[]> {
    const running = await engineOn(dataDir);
    const sent: { raw: string; qid: string }[] = [];
    for (let index = 0; index < count; index++) {
      const raw = plainMessage(`${tag} ${index}`);
      const result = await sendMail(running.port, { from: 'sender@origin.test', to: ['user@example.test'], raw });
      expect(result.code).toBe(250);
      sent.push({ raw, qid: queueIdOf(result.response) });
    }
    await stop(running);
    return sent;
  }

  it('rebuilds a lost queue database from the spool, in arrival order, and says what it found', async () => {
    primary = await startPrimary({ up: false });
    const dataDir = await folder();
    const sent = await held(dataDir, 4, 'lost');
    await rm(join(dataDir, 'queue.sqlite'));

    const json = await runCli(['recover', '--data', dataDir, '--json']);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      dataDir,
      known: 0,
      recovered: sent.map((message) => message.qid),
      fromQuarantine: 0,
      quarantined: [],
    });
    const again = await runCli(['recover', '--data', dataDir]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('0 messages taken back into the queue');
    expect(again.stdout).toContain('4 already in the queue database');

    const running = await engineOn(dataDir);
    expect((await running.engine.api.status({})).recovery).toMatchObject({ recovered: 0, quarantined: 0 });
    await primary.up();
    await primary.waitFor(4, 20_000);
    expect(primary.received.map((mail) => withoutOurReceived(mail.raw))).toEqual(sent.map((message) => message.raw));
  });

  it('takes in the bodies a database holding other mail does not know, quarantined ones too, and quarantines the unreadable', async () => {
    primary = await startPrimary({ up: false });
    const dataDir = await folder();
    const other = await folder();
    const mine = await held(dataDir, 2, 'mine');
    const [stranger] = await held(other, 1, 'stranger');
    const strangerFile = `${stranger!.qid}.eml`;
    await cp(join(other, 'spool', 'messages', strangerFile), join(dataDir, 'spool', 'messages', strangerFile));
    // A start puts it in quarantine: the database holds other mail. Status says so.
    const served = await startAdmin({ primaryPort: primary.port }, { dataDir });
    try {
      const status = await runCli(['status', '--data', dataDir]);
      expect(status.stdout).toMatch(new RegExp(`Quarantined +1 message file the queue did not know, moved to ${join(dataDir, 'quarantine')} at the start`));
    } finally {
      await served.stop();
    }
    expect(await readdir(join(dataDir, 'quarantine'))).toEqual([strangerFile]);
    await writeFile(join(dataDir, 'spool', 'messages', 'junk.eml'), 'Subject: no envelope record here\r\n\r\nhello\r\n');

    const result = await runCli(['recover', '--data', dataDir]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('1 message taken back into the queue, oldest first (1 of them out of quarantine)');
    expect(result.stdout).toContain('2 already in the queue database');
    expect(result.stdout).toContain(`1 moved to ${join(dataDir, 'quarantine')}`);
    expect(result.stdout).toMatch(/junk\.eml: its envelope record cannot be read/);
    expect(result.stdout).toContain('The queue database already held mail');
    expect((await readdir(join(dataDir, 'quarantine'))).sort()).toEqual(['junk.eml']);

    const running = await engineOn(dataDir);
    await primary.up();
    await until(async () => (await running.engine.api.status({})).queue.delivered === 3, 20_000, 'three delivered');
    expect(primary.received.map((mail) => withoutOurReceived(mail.raw)).sort()).toEqual([...mine, stranger!].map((message) => message.raw).sort());
  });

  it('refuses while the server runs on the folder, naming it', async () => {
    primary = await startPrimary({ up: false });
    const dataDir = await folder();
    await engineOn(dataDir);
    const result = await runCli(['recover', '--data', dataDir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`mx-standby: the data folder ${dataDir} is in use by another MX Standby (serve or recover); stop that one first\n`);
  });
});
