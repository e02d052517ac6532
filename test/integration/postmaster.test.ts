import { afterEach, describe, expect, it } from 'vitest';
import { startPrimary, type PrimaryFixture } from '../fixtures/primary.ts';
import { plainMessage, queueIdOf, rcptReplies, sendMail, startEngine, type RunningEngine } from './engine-harness.ts';

// RFC 5321 4.5.1: a server must take mail for the reserved mailbox "postmaster", with or without a domain.
describe('the postmaster mailbox', () => {
  let running: RunningEngine;
  let primary: PrimaryFixture;

  afterEach(async () => {
    await running?.stop();
    await primary?.stop();
  });

  it('takes RCPT TO:<postmaster> under the list policy and hands it over as postmaster of the first domain', async () => {
    primary = await startPrimary();
    running = await startEngine({
      primaryPort: primary.port,
      domains: ['example.test', 'second.test'],
      recipientPolicy: 'list',
      recipients: ['alice@example.test'],
    });

    const [bare, upper, nobody] = await rcptReplies(running.port, ['postmaster', 'PostMaster', 'nobody@example.test']);
    expect(bare!.code).toBe(250);
    expect(upper!.code).toBe(250);
    expect(nobody!.code).toBe(550);

    const sent = await sendMail(running.port, { from: 'sender@origin.test', to: ['postmaster', 'Postmaster@example.test'], raw: plainMessage('abuse report') });
    expect(sent).toMatchObject({ ok: true, code: 250 });
    await primary.waitFor(1);
    expect(primary.received[0]!.to).toEqual(['postmaster@example.test']);
    const detail = await running.engine.api.getMessage({ id: queueIdOf(sent.response) });
    expect(detail.deliveries.map((delivery) => delivery.recipient)).toEqual(['postmaster@example.test']);
  });

  it('takes postmaster, bare or at a configured domain, under the verify policy even when the primary refuses every address', async () => {
    primary = await startPrimary();
    primary.rcptRule = () => ({ code: 550, message: 'No such user here' });
    running = await startEngine({ primaryPort: primary.port, domains: ['example.test', 'second.test'], recipientPolicy: 'verify' });

    const replies = await rcptReplies(running.port, ['postmaster', 'postmaster@second.test', 'nobody@example.test', 'postmaster@elsewhere.test']);
    expect(replies.map((reply) => reply.code)).toEqual([250, 250, 550, 550]);
    expect(replies[3]!.text).toMatch(/^5\.7\.1 Relaying denied/);
  });
});
