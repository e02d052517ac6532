import { cp, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bodyOffset, PREFIX_BYTES } from '../../core/spool/record.ts';
import { startPrimary, type PrimaryFixture } from '../fixtures/primary.ts';
import { plainMessage, queueIdOf, sendMail, startEngine, until, withoutOurReceived, type RunningEngine } from './engine-harness.ts';

const USER = 'user@example.test';

interface Held {
  raw: string;
  qid: string;
}

/** Sends `count` messages for one mailbox while the primary is down; the third also has DSN parameters and a second recipient. */
async function holdMail(running: RunningEngine, count: number, tag: string): Promise<Held[]> {
  const held: Held[] = [];
  for (let index = 0; index < count; index++) {
    const raw = plainMessage(`${tag} ${index}`, `Body ${index} of ${tag}.\r\n.a line with a leading dot\r\n`);
    const withDsn = index === 2;
    const result = await sendMail(running.port, {
      from: 'sender@origin.test',
      to: withDsn ? [USER, 'boss@example.test'] : [USER],
      raw,
      ...(withDsn ? { dsn: { ret: 'HDRS', envid: 'env-2', notify: ['SUCCESS', 'FAILURE'], orcpt: 'rfc822;user@origin.test' } } : {}),
    });
    expect(result, `${tag} ${index}`).toMatchObject({ ok: true, code: 250 });
    held.push({ raw, qid: queueIdOf(result.response) });
  }
  return held;
}

async function freshFolder(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'mx-standby-recovery-'));
}

/** Brings the primary up and checks every held message reached it once, in order, byte for byte, with its envelope. */
async function expectHandedOver(primary: PrimaryFixture, running: RunningEngine, held: Held[]): Promise<void> {
  await primary.up();
  // One delivery per recipient: the third message has two.
  await until(async () => (await running.engine.api.status({})).queue.delivered === held.length + 1, 20_000, 'every recipient delivered');
  const forUser = primary.received.filter((mail) => mail.to.includes(USER));
  expect(forUser.map((mail) => withoutOurReceived(mail.raw))).toEqual(held.map((message) => message.raw));
  expect(forUser.every((mail) => mail.from === 'sender@origin.test')).toBe(true);
  const withDsn = primary.received.filter((mail) => withoutOurReceived(mail.raw) === held[2]!.raw);
  expect(withDsn.flatMap((mail) => mail.to).sort()).toEqual(['boss@example.test', USER]);
  expect(withDsn[0]!.mailParams).toMatchObject({ RET: 'HDRS', ENVID: 'env-2' });
  expect(withDsn[0]!.rcptParams[USER]).toMatchObject({ NOTIFY: 'SUCCESS,FAILURE', ORCPT: 'rfc822;user@origin.test' });
}

describe('the spool without the queue database that indexes it', () => {
  let primary: PrimaryFixture | undefined;
  const engines: RunningEngine[] = [];
  const folders: string[] = [];

  afterEach(async () => {
    for (const running of engines.splice(0)) await running.stop();
    await primary?.stop();
    for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
  });

  async function engineOn(dataDir: string): Promise<RunningEngine> {
    const running = await startEngine({ primaryPort: primary!.port }, dataDir);
    engines.push(running);
    return running;
  }

  async function stop(running: RunningEngine): Promise<void> {
    engines.splice(engines.indexOf(running), 1);
    await running.stop();
  }

  it('is rebuilt from the spool: queue.sqlite moved away, every held message is taken back and handed over in order', async () => {
    primary = await startPrimary({ up: false });
    const dataDir = await freshFolder();
    folders.push(dataDir);
    const first = await engineOn(dataDir);
    const held = await holdMail(first, 6, 'moved');
    await stop(first);
    for (const file of ['queue.sqlite', 'queue.sqlite-wal', 'queue.sqlite-shm']) {
      await rename(join(dataDir, file), join(dataDir, `${file}.away`)).catch(() => undefined);
    }

    const second = await engineOn(dataDir);
    const status = await second.engine.api.status({});
    expect(status.recovery).toMatchObject({ recovered: 6, quarantined: 0 });
    expect(status.messages).toBe(6);
    const page = await second.engine.api.listMessages({});
    expect(page.items.map((item) => item.id).sort()).toEqual(held.map((message) => message.qid).sort());
    expect(page.items.find((item) => item.id === held[0]!.qid)).toMatchObject({ subject: 'moved 0', from: 'sender@origin.test' });
    await expectHandedOver(primary, second, held);
  });

  it('is rebuilt from a copy of the data folder taken without queue.sqlite-wal, as a naive backup does', async () => {
    primary = await startPrimary({ up: false });
    const dataDir = await freshFolder();
    const copy = await freshFolder();
    folders.push(dataDir, copy);
    const first = await engineOn(dataDir);
    const held = await holdMail(first, 5, 'copied');
    // Taken while the engine runs: its commits are still in the -wal file, which the copy leaves out.
    await cp(join(dataDir, 'spool'), join(copy, 'spool'), { recursive: true });
    await cp(join(dataDir, 'queue.sqlite'), join(copy, 'queue.sqlite'));
    await stop(first);

    const second = await engineOn(copy);
    expect((await second.engine.api.status({})).recovery).toMatchObject({ recovered: 5, quarantined: 0 });
    await expectHandedOver(primary, second, held);
  });

  it('keeps a body unknown to a database that holds other mail in DATA/quarantine/, and still hands over the rest', async () => {
    primary = await startPrimary({ up: false });
    const dataDir = await freshFolder();
    const other = await freshFolder();
    folders.push(dataDir, other);
    const first = await engineOn(dataDir);
    const held = await holdMail(first, 3, 'kept');
    await stop(first);
    const stranger = await engineOn(other);
    const [strangerMail] = await holdMail(stranger, 1, 'stranger');
    await stop(stranger);
    const strangerFile = `${strangerMail!.qid}.eml`;
    await cp(join(other, 'spool', 'messages', strangerFile), join(dataDir, 'spool', 'messages', strangerFile));

    const second = await engineOn(dataDir);
    const status = await second.engine.api.status({});
    expect(status.recovery).toMatchObject({ recovered: 0, quarantined: 1, quarantineFolder: join(dataDir, 'quarantine') });
    expect(status.messages).toBe(3);
    expect(await readdir(join(dataDir, 'quarantine'))).toEqual([strangerFile]);
    expect(await readdir(join(dataDir, 'spool', 'messages'))).not.toContain(strangerFile);
    await primary.up();
    await until(async () => (await second.engine.api.status({})).queue.delivered === 4, 20_000, 'the three messages delivered');
    expect(primary.received.filter((mail) => mail.to.includes(USER)).map((mail) => withoutOurReceived(mail.raw))).toEqual(
      held.map((message) => message.raw),
    );
  });

  it('hands over, byte for byte, a body written by an earlier version, which has no envelope record', async () => {
    primary = await startPrimary({ up: false });
    const dataDir = await freshFolder();
    folders.push(dataDir);
    const first = await engineOn(dataDir);
    const [message] = await holdMail(first, 1, 'older');
    await stop(first);
    const path = join(dataDir, 'spool', 'messages', `${message!.qid}.eml`);
    const stored = await readFile(path);
    const offset = bodyOffset(stored.subarray(0, PREFIX_BYTES));
    expect(offset).toBeGreaterThan(PREFIX_BYTES);
    expect(stored.subarray(offset).toString()).toBe(message!.raw);
    await writeFile(path, stored.subarray(offset));

    const second = await engineOn(dataDir);
    expect((await second.engine.api.status({})).recovery).toMatchObject({ recovered: 0, quarantined: 0 });
    await primary.up();
    await until(async () => (await second.engine.api.status({})).queue.delivered === 1, 20_000, 'delivered');
    expect(primary.received.map((mail) => withoutOurReceived(mail.raw))).toEqual([message!.raw]);
  });

  it('sets a body whose envelope record cannot be read aside in quarantine/, even when the database is empty', async () => {
    primary = await startPrimary({ up: false });
    const dataDir = await freshFolder();
    folders.push(dataDir);
    const first = await engineOn(dataDir);
    const [whole, garbled] = await holdMail(first, 2, 'garbled');
    await stop(first);
    await rm(join(dataDir, 'queue.sqlite'));
    const garbledFile = `${garbled!.qid}.eml`;
    const path = join(dataDir, 'spool', 'messages', garbledFile);
    const stored = await readFile(path);
    stored[PREFIX_BYTES] = 0x58; // the record's opening brace: no longer JSON
    await writeFile(path, stored);

    const second = await engineOn(dataDir);
    expect((await second.engine.api.status({})).recovery).toMatchObject({ recovered: 1, quarantined: 1 });
    expect(await readdir(join(dataDir, 'quarantine'))).toEqual([garbledFile]);
    const page = await second.engine.api.listMessages({});
    expect(page.items.map((item) => item.id)).toEqual([whole!.qid]);
  });
});
