import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startPrimary, type PrimaryFixture } from '../fixtures/primary.ts';
import { plainMessage, queueIdOf, RawSmtp, startEngine, until, withoutOurReceived, type RunningEngine } from './engine-harness.ts';

const MAIL = 'MAIL FROM:<sender@origin.test>';

describe('stopping the engine', () => {
  let primary: PrimaryFixture;
  let running: RunningEngine | undefined;
  let dataDir: string | undefined;
  const clients: RawSmtp[] = [];

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await running?.stop();
    running = undefined;
    await primary?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    dataDir = undefined;
  });

  /** A session that has sent MAIL, RCPT and DATA and is ready for the message text. */
  async function inData(port: number): Promise<RawSmtp> {
    const client = await RawSmtp.session(port);
    clients.push(client);
    expect(await client.command(MAIL)).toMatchObject({ code: 250 });
    expect(await client.command('RCPT TO:<user@example.test>')).toMatchObject({ code: 250 });
    expect(await client.command('DATA')).toMatchObject({ code: 354 });
    return client;
  }

  it('answers 421 to open sessions, finishes a message already in DATA, and loses nothing it accepted', async () => {
    primary = await startPrimary({ up: false });
    dataDir = await mkdtemp(join(tmpdir(), 'mx-standby-shutdown-'));
    running = await startEngine({ primaryPort: primary.port }, dataDir);
    const first = plainMessage('accepted before the stop');
    const second = plainMessage('in DATA during the stop', 'First half.\r\nSecond half.\r\n');

    const done = await inData(running.port);
    done.write(`${first}.\r\n`);
    const firstReply = await done.reply();
    expect(firstReply.code).toBe(250);
    const sending = await inData(running.port);
    sending.write(second.slice(0, second.indexOf('Second half.')));

    const stopping = running.stop();
    expect(await done.command(MAIL)).toMatchObject({ code: 421 });
    sending.write(`${second.slice(second.indexOf('Second half.'))}.\r\n`);
    const secondReply = await sending.reply();
    expect(secondReply.code).toBe(250);
    expect(await sending.command(MAIL)).toMatchObject({ code: 421 });
    await Promise.all([done.closed, sending.closed]);
    await stopping;

    await primary.up();
    running = await startEngine({ primaryPort: primary.port }, dataDir);
    await primary.waitFor(2);
    expect(primary.received.map((mail) => withoutOurReceived(mail.raw))).toEqual([first, second]);
    const engine = running.engine;
    for (const id of [queueIdOf(firstReply.text), queueIdOf(secondReply.text)]) {
      await until(async () => (await engine.api.getMessage({ id })).state === 'delivered', 5000, `${id} to be delivered`);
    }
  });

  it('stops cleanly while a health probe of the primary is reporting', async () => {
    primary = await startPrimary();
    const unhandled: unknown[] = [];
    const collect = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', collect);
    try {
      for (let round = 0; round < 10; round++) {
        const before = primary.connections;
        const engine = await startEngine({ primaryPort: primary.port });
        // The first probe has connected; its report arrives while the engine stops.
        await until(() => primary.connections > before, 5000, 'the first probe');
        await engine.stop();
      }
      // Rejections surface on a later turn of the event loop.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('unhandledRejection', collect);
    }
    expect(unhandled).toEqual([]);
  });
});
