import { afterEach, describe, expect, it } from 'vitest';
import * as outputs from '../../core/api/outputs.ts';
import { startPrimary, type PrimaryFixture } from '../fixtures/primary.ts';
import { primaryKnownDown, startAdmin, type RunningAdmin } from './api-harness.ts';
import { runCli } from './cli-run.ts';
import { plainMessage, queueIdOf, RawSmtp } from './engine-harness.ts';

interface RcptTally {
  /** How many RCPT replies had each code. */
  codes: Map<number, number>;
  /** The replies in order, for the first `keep` only. */
  first: string[];
  /** The first reply that was not 250. */
  firstRefusal: string | undefined;
}

/** MAIL FROM and `count` RCPT TO in one pipelined write (RFC 2920), as a bulk sender does; tallies the replies. */
async function pipelinedRecipients(client: RawSmtp, count: number, keep = 0): Promise<RcptTally> {
  const lines = ['MAIL FROM:<sender@origin.test>'];
  for (let index = 0; index < count; index++) lines.push(`RCPT TO:<user${index}@example.test>`);
  client.write(`${lines.join('\r\n')}\r\n`);
  const mail = await client.reply();
  if (mail.code !== 250) throw new Error(`expected 250 to MAIL FROM, got ${mail.code} ${mail.text}`);
  const tally: RcptTally = { codes: new Map(), first: [], firstRefusal: undefined };
  for (let index = 0; index < count; index++) {
    const reply = await client.reply();
    tally.codes.set(reply.code, (tally.codes.get(reply.code) ?? 0) + 1);
    if (index < keep) tally.first.push(`${reply.code} ${reply.text}`);
    if (reply.code !== 250) tally.firstRefusal ??= `${reply.code} ${reply.text}`;
  }
  return tally;
}

/** DATA with a small message on a session whose recipients are set; the queue id from the 250. */
async function finishMessage(client: RawSmtp, subject: string): Promise<string> {
  const data = await client.command('DATA');
  if (data.code !== 354) throw new Error(`expected 354 to DATA, got ${data.code} ${data.text}`);
  // The 250 comes once every delivery row is committed: 200,000 of them take seconds.
  const done = await client.command(`${plainMessage(subject)}.`, 120_000);
  expect(done.code).toBe(250);
  return queueIdOf(done.text);
}

describe('recipients per message', () => {
  let primary: PrimaryFixture;
  let server: RunningAdmin;

  afterEach(async () => {
    await server?.stop();
    await primary?.stop();
  });

  it('takes the first 1,000 recipients, answers 452 4.5.3 to the rest, and keeps the message for those taken', async () => {
    primary = await startPrimary({ up: false });
    server = await startAdmin({ primaryPort: primary.port });
    await primaryKnownDown(server);
    const client = await RawSmtp.session(server.running.port);
    const tally = await pipelinedRecipients(client, 1500);
    expect(Object.fromEntries(tally.codes)).toEqual({ 250: 1000, 452: 500 });
    expect(tally.firstRefusal).toMatch(/^452 4\.5\.3 Too many recipients/);
    const id = await finishMessage(client, 'many recipients');
    await client.close();

    const detail = outputs.messageDetail.parse(await (await server.call(`/messages/${id}`)).json());
    expect(detail.deliveries).toHaveLength(1000);
    expect(detail.deliveries[0]!.recipient).toBe('user0@example.test');
    expect(detail.deliveries[999]!.recipient).toBe('user999@example.test');
  });

  it('lists, shows and prints a message with 200,000 recipients when the limit allows that many', { timeout: 240_000 }, async () => {
    primary = await startPrimary({ up: false });
    server = await startAdmin({ primaryPort: primary.port, maxRecipients: 200_000 });
    await primaryKnownDown(server);
    const client = await RawSmtp.session(server.running.port);
    const tally = await pipelinedRecipients(client, 200_000);
    expect(Object.fromEntries(tally.codes)).toEqual({ 250: 200_000 });
    const id = await finishMessage(client, 'a huge list');
    await client.close();

    const listing = await server.call('/messages');
    expect(listing.status).toBe(200);
    const page = outputs.messagePage.parse(await listing.json());
    expect(page.items.map((item) => [item.id, item.recipients.length])).toEqual([[id, 200_000]]);

    const detail = await server.call(`/messages/${id}`);
    expect(detail.status).toBe(200);
    expect(outputs.messageDetail.parse(await detail.json()).deliveries).toHaveLength(200_000);

    const printed = await runCli(['queue', '--data', server.running.dataDir]);
    expect(printed.stderr).toBe('');
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain(`user0@example.test +199999`);
  });
});
