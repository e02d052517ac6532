import { copyFile, open, rm, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MessageDetail } from '../../core/api/contract.ts';
import { startPrimary, type PrimaryFixture } from '../fixtures/primary.ts';
import { primaryKnownDown, startAdmin, type RunningAdmin } from './api-harness.ts';
import { runCli } from './cli-run.ts';
import { plainMessage, queueIdOf, sendMail, until, withoutOurReceived } from './engine-harness.ts';

const TO = 'user@example.test';

/** Where a held message's body lives in the data folder. */
function bodyPath(server: RunningAdmin, qid: string): string {
  return join(server.running.dataDir, 'spool', 'messages', `${qid}.eml`);
}

/** Flips the bits of one byte, `fromEnd` bytes before the end of the file: same size, other bytes. */
async function garble(path: string, fromEnd: number): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    const { size } = await handle.stat();
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, size - fromEnd);
    byte[0] = byte[0]! ^ 0xff;
    await handle.write(byte, 0, 1, size - fromEnd);
  } finally {
    await handle.close();
  }
}

async function held(server: RunningAdmin, raw: string): Promise<string> {
  const result = await sendMail(server.running.port, { from: 'sender@origin.test', to: [TO], raw });
  if (!result.ok) throw new Error(`sending failed: ${result.response}`);
  return queueIdOf(result.response);
}

async function detail(server: RunningAdmin, qid: string): Promise<MessageDetail> {
  const response = await server.call(`/messages/${qid}`);
  expect(response.status, `GET /messages/${qid}`).toBe(200);
  return (await response.json()) as MessageDetail;
}

async function stateOf(server: RunningAdmin, qid: string): Promise<string> {
  return (await detail(server, qid)).state;
}

describe('a held body that is not the one received is never handed over', () => {
  let primary: PrimaryFixture | undefined;
  let server: RunningAdmin | undefined;

  afterEach(async () => {
    await server?.stop();
    await primary?.stop();
    server = undefined;
    primary = undefined;
  });

  it('truncated, garbled and missing bodies become damaged; the intact mail around them goes, byte for byte', async () => {
    primary = await startPrimary({ up: false });
    server = await startAdmin({ primaryPort: primary.port });
    await primaryKnownDown(server);
    const raws = ['intact first', 'truncated', 'garbled', 'missing', 'intact last'].map((subject) =>
      plainMessage(subject, `The body of "${subject}".\r\nA second line.\r\n`),
    );
    const ids: string[] = [];
    for (const raw of raws) ids.push(await held(server, raw));
    const [first, truncated, garbled, missing, last] = ids;
    const size = (raw: string | undefined) => Buffer.byteLength(raw!);

    await truncate(bodyPath(server, truncated!), (await stat(bodyPath(server, truncated!))).size - 10);
    const backup = join(server.running.dataDir, 'garbled-backup.eml');
    await copyFile(bodyPath(server, garbled!), backup);
    await garble(bodyPath(server, garbled!), 5);
    await rm(bodyPath(server, missing!));

    await primary.up();
    await primary.waitFor(2, 20_000);
    const damaged = [truncated!, garbled!, missing!];
    await until(async () => (await Promise.all(damaged.map((qid) => stateOf(server!, qid)))).every((state) => state === 'damaged'), 20_000, 'three damaged');
    expect(await stateOf(server, first!)).toBe('delivered');
    expect(await stateOf(server, last!)).toBe('delivered');
    expect(primary.received.map((mail) => withoutOurReceived(mail.raw))).toEqual([raws[0], raws[4]]);

    const found = await Promise.all(damaged.map((qid) => detail(server!, qid)));
    expect(found.map((message) => message.deliveries[0]!.lastResponse)).toEqual([
      expect.stringContaining(`holds ${size(raws[1]) - 10} bytes, not the ${size(raws[1])} bytes received`),
      expect.stringContaining(`the ${size(raws[2])} bytes received, but not the same bytes`),
      expect.stringContaining('the body file is missing'),
    ]);
    for (const message of found) {
      expect(message.history.filter((event) => event.type === 'message.damaged'), message.id).toHaveLength(1);
      expect(message.history.some((event) => event.type === 'delivery.deferred'), message.id).toBe(false);
      expect(message.deliveries[0]!.nextAttemptAt).toBeNull();
    }
    const status = (await (await server.call('/status')).json()) as { queue: Record<string, number> };
    expect(status.queue).toMatchObject({ damaged: 3, delivered: 2, queued: 0, deferred: 0 });

    // Several retry periods later (retry is 300 ms here), nothing was tried again.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(primary.received).toHaveLength(2);
    expect(await Promise.all(damaged.map((qid) => stateOf(server!, qid)))).toEqual(['damaged', 'damaged', 'damaged']);

    const queue = await runCli(['queue', '--state', 'damaged', '--data', server.running.dataDir]);
    expect(queue).toMatchObject({ code: 0, stderr: '' });
    for (const qid of damaged) expect(queue.stdout).toMatch(new RegExp(`^${qid} .* damaged `, 'm'));
    expect(queue.stdout).toContain(`${missing}: the body file is missing`);
    expect(queue.stdout).toContain('not handed over, retried or bounced');

    // The owner puts the body back from a backup and redelivers: it passes its check and goes.
    await copyFile(backup, bodyPath(server, garbled!));
    expect((await server.call(`/messages/${garbled}/redeliver`, { method: 'POST' })).status).toBe(200);
    await primary.waitFor(3, 20_000);
    expect(withoutOurReceived(primary.received[2]!.raw)).toBe(raws[2]);
  });

  it('a large body, streamed, garbled near its end: the DATA is cut before its final dot and the primary keeps nothing', async () => {
    primary = await startPrimary({ up: false });
    server = await startAdmin({ primaryPort: primary.port });
    await primaryKnownDown(server);
    const line = `${'x'.repeat(98)}\r\n`;
    const big = plainMessage('large', line.repeat(10_500));
    const after = plainMessage('after the large one');
    const largeId = await held(server, big);
    const afterId = await held(server, after);
    await garble(bodyPath(server, largeId), 50);

    await primary.up();
    await primary.waitFor(1, 20_000);
    await until(async () => (await stateOf(server!, largeId)) === 'damaged', 20_000, 'the large message damaged');
    expect(await stateOf(server, afterId)).toBe('delivered');
    expect(primary.received.map((mail) => withoutOurReceived(mail.raw))).toEqual([after]);
    const message = await detail(server, largeId);
    expect(message.size).toBeGreaterThan(1_000_000);
    expect(message.deliveries[0]!.lastResponse).toContain('not the same bytes');
    expect(message.history.filter((event) => event.type === 'message.damaged')).toHaveLength(1);
  });
});
