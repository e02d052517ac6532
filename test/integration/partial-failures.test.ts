import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPrimary, type PrimaryFixture, type RecipientRule } from '../fixtures/primary.ts';
import {
  plainMessage,
  queueIdOf,
  readDsn,
  sendMail,
  startEngine,
  until,
  withoutOurReceived,
  type RunningEngine,
} from './engine-harness.ts';

const OK = 'ok@example.test';
const LATER = 'later@example.test';
const BAD = 'bad@example.test';

const refuseBad: RecipientRule = (address) => (address === BAD ? { code: 550, message: 'No such mailbox here' } : null);

describe('recipients with different fates', () => {
  let primary: PrimaryFixture;
  /** Where notices to senders go: the senders' domains are not ours, so a second fixture stands in for them. */
  let relay: PrimaryFixture;
  let running: RunningEngine;

  beforeEach(async () => {
    primary = await startPrimary();
    relay = await startPrimary({ hostname: 'relay.test' });
    running = await startEngine({ primaryPort: primary.port, bounceRelay: `127.0.0.1:${relay.port}` });
  });

  afterEach(async () => {
    await running?.stop();
    await primary?.stop();
    await relay?.stop();
  });

  const deliveryStates = async (id: string) =>
    Object.fromEntries((await running.engine.api.getMessage({ id })).deliveries.map((delivery) => [delivery.recipient, delivery.state]));

  it('delivers the 250, retries the 450 until it is taken, and bounces the 550 to the sender with a DSN', async () => {
    primary.rcptRule = (address) => (address === LATER ? { code: 450, message: 'Mailbox busy, try again later' } : refuseBad(address));
    const raw = plainMessage('three fates');

    const sent = await sendMail(running.port, { from: 'sender@origin.test', to: [OK, LATER, BAD], raw });
    expect(sent).toMatchObject({ ok: true, code: 250 });
    const id = queueIdOf(sent.response);

    await primary.waitFor(1);
    expect(primary.received[0]!.to).toEqual([OK]);
    await until(async () => (await deliveryStates(id))[LATER] === 'deferred', 10_000, 'the 450 recipient to be deferred');

    await relay.waitFor(1);
    const bounce = relay.received[0]!;
    expect(bounce.from).toBe('');
    expect(bounce.to).toEqual(['sender@origin.test']);
    const dsn = await readDsn(bounce.raw);
    expect(dsn.contentType).toBe('multipart/report');
    expect(dsn.reportType).toBe('delivery-status');
    expect(dsn.from).toContain('MAILER-DAEMON@backup.test');
    expect(dsn.autoSubmitted).toBe('auto-replied');
    expect(dsn.perMessage['reporting-mta']).toBe('dns; backup.test');
    expect(dsn.recipients).toHaveLength(1);
    expect(dsn.recipients[0]).toMatchObject({ 'final-recipient': `rfc822; ${BAD}`, action: 'failed' });
    expect(dsn.recipients[0]!.status).toMatch(/^5\.\d{1,3}\.\d{1,3}$/);
    expect(dsn.recipients[0]!['diagnostic-code']).toMatch(/^smtp; 550 .*No such mailbox here/);
    expect(dsn.returned.contentType).toBe('text/rfc822-headers');
    expect(dsn.returned.body).toContain('Subject: three fates\r\n');

    primary.rcptRule = refuseBad;
    await primary.waitFor(2);
    expect(primary.received[1]!.to).toEqual([LATER]);
    expect(primary.received.map((mail) => withoutOurReceived(mail.raw))).toEqual([raw, raw]);
    await until(async () => (await deliveryStates(id))[LATER] === 'delivered', 5000, 'the retried recipient to be delivered');
    expect(await deliveryStates(id)).toEqual({ [OK]: 'delivered', [LATER]: 'delivered', [BAD]: 'failed' });
    expect(relay.received).toHaveLength(1);
  });

  it('sends no DSN to the null sender, nor for a recipient that asked for none (NOTIFY=NEVER)', async () => {
    primary.rcptRule = refuseBad;
    const send = (from: string, subject: string, notify?: 'NEVER') =>
      sendMail(running.port, { from, to: [BAD], raw: plainMessage(subject), ...(notify ? { dsn: { notify } } : {}) });

    expect(await send('', 'a bounce itself')).toMatchObject({ ok: true });
    expect(await send('sender@origin.test', 'no notice wanted', 'NEVER')).toMatchObject({ ok: true });
    // Handed over after the two above, so by the time its notice arrives theirs would have been queued first.
    const control = await send('control@origin.test', 'control');
    expect(control).toMatchObject({ ok: true });

    await relay.waitFor(1);
    expect(relay.received[0]!.to).toEqual(['control@origin.test']);
    expect((await readDsn(relay.received[0]!.raw)).returned.body).toContain('Subject: control\r\n');
    const notices = (await running.engine.api.listMessages({})).items.filter((item) => item.kind === 'dsn');
    expect(notices.map((notice) => notice.recipients.map((recipient) => recipient.address))).toEqual([['control@origin.test']]);
    const inbound = (await running.engine.api.listMessages({ order: 'asc' })).items.filter((item) => item.kind === 'inbound');
    expect(inbound.map((item) => [item.from, item.state])).toEqual([
      ['', 'failed'],
      ['sender@origin.test', 'failed'],
      ['control@origin.test', 'failed'],
    ]);
  });
});
