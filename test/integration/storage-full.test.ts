import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { startPrimary, type PrimaryFixture } from '../fixtures/primary.ts';
import { runCli } from './cli-run.ts';
import { CrashEngine } from './crash-engine.ts';
import { plainMessage, sendMail, until } from './engine-harness.ts';
import { servedStatus } from './served-status.ts';
import { Tmpfs } from './tmpfs.ts';

const SIZE = 8 * 1024 * 1024;
/** Long enough for several health checks (500 ms apart) and one storage re-check. */
const SETTLE_MS = 15_000;

let tmpfs: Tmpfs;
let primary: PrimaryFixture;
let engine: CrashEngine | undefined;

/** No disk floor: the floor would refuse mail before storage ever fails, and this is about what happens when it does. */
const writeConfig = () => writeFile(join(tmpfs.dir, 'config.json'), JSON.stringify({ diskFloor: 0 }));

beforeAll(async () => {
  tmpfs = await Tmpfs.mount(SIZE);
  primary = await startPrimary();
  await writeConfig();
});

afterEach(async () => {
  await engine?.dispose();
  engine = undefined;
});

afterAll(async () => {
  await primary?.stop();
  await tmpfs?.unmount();
});

const send = (subject: string, port: number) =>
  sendMail(port, { from: 'sender@origin.test', to: ['user@example.test'], raw: plainMessage(subject) });

it('keeps running on a full disk, refuses new mail with 452 4.3.1, says so in status, and carries on when space returns', async () => {
  engine = await CrashEngine.create(tmpfs.dir, primary.port);
  await engine.start();
  expect(await send('before', engine.smtpPort)).toMatchObject({ code: 250 });
  await primary.waitFor(1);
  await primary.down();
  await until(async () => (await servedStatus(tmpfs.dir)).primary.destinations[0]?.state === 'down', SETTLE_MS, 'the primary seen down');
  expect(await send('held', engine.smtpPort)).toMatchObject({ code: 250 });

  await tmpfs.fill();
  await primary.up();
  await until(async () => (await servedStatus(tmpfs.dir)).primary.destinations[0]?.state === 'up', SETTLE_MS, 'the primary seen up');
  // The held message cannot be claimed (a claim is a write): status says why it waits, instead of a retry loop.
  await until(async () => /full/.test((await servedStatus(tmpfs.dir)).waiting[0]?.reason ?? ''), SETTLE_MS, 'the reason mail waits');

  const refused = await send('while full', engine.smtpPort);
  expect(refused.code).toBe(452);
  expect(refused.response).toContain('4.3.1');
  const failing = await servedStatus(tmpfs.dir);
  expect(failing.storage).toMatchObject({ state: 'failing', error: expect.stringMatching(/^the disk is full \(/) });
  const printed = await runCli(['status', '--data', tmpfs.dir]);
  expect(printed.stdout).toMatch(/^Storage +failing since .+: the disk is full \(.+\); new mail gets 452 until it works again$/m);

  await tmpfs.free();
  await until(async () => (await servedStatus(tmpfs.dir)).storage.state === 'ok', SETTLE_MS, 'storage ok again');
  expect(await send('after', engine.smtpPort)).toMatchObject({ code: 250 });
  await primary.waitFor(3);
  expect(primary.received.map((mail) => /Subject: (.*)/.exec(mail.raw.toString())?.[1])).toEqual(['before', 'held', 'after']);
  expect((await engine.stop()).code).toBe(0);
});

it('refuses to start on a disk so full the database cannot open, in one plain line, and starts once there is room', async () => {
  await tmpfs.fill();
  const refused = await runCli(['serve', '--data', tmpfs.dir, '--smtp-listen', '127.0.0.1:0', '--admin-listen', '127.0.0.1:0', '--primary', `127.0.0.1:${primary.port}`]);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(new RegExp(`^mx-standby: cannot start: the disk holding the data folder ${tmpfs.dir} is full \\(.*\\): free some space there, then start again\n$`));

  await tmpfs.free();
  engine = await CrashEngine.create(tmpfs.dir, primary.port);
  await engine.start();
  expect((await servedStatus(tmpfs.dir)).storage.state).toBe('ok');
  expect(await send('room again', engine.smtpPort)).toMatchObject({ code: 250 });
});

it('starts again after a crash on a disk that is still full, and says storage failing from the start', async () => {
  // A data folder of its own: how full SQLite's files were when the last engine died decides whether it can open at all.
  await tmpfs.empty();
  await writeConfig();
  engine = await CrashEngine.create(tmpfs.dir, primary.port);
  await engine.start();
  await tmpfs.fill();
  await engine.kill();

  await engine.start();
  const { storage } = await servedStatus(tmpfs.dir);
  expect(storage).toMatchObject({ state: 'failing', error: expect.stringMatching(/^the disk is full \(/) });
  expect((await send('still full', engine.smtpPort)).code).toBe(452);

  await tmpfs.free();
  await until(async () => (await servedStatus(tmpfs.dir)).storage.state === 'ok', SETTLE_MS, 'storage ok again');
  expect(await send('room again', engine.smtpPort)).toMatchObject({ code: 250 });
  expect((await engine.stop()).code).toBe(0);
});
