import { afterEach, describe, expect, it } from 'vitest';
import { startPrimary, type PrimaryFixture, type ReceivedMail } from '../fixtures/primary.ts';
import { plainMessage, sendMail, startEngine, until, type RunningEngine } from './engine-harness.ts';

const subjectOf = (mail: ReceivedMail) => /^Subject: (.*)$/m.exec(mail.raw.toString('utf8'))?.[1]?.trim() ?? '';

/** `count` messages, message i for mailbox i % mailboxes, held while the primary is down. */
async function holdForMailboxes(running: RunningEngine, count: number, mailboxes: number): Promise<void> {
  for (let index = 0; index < count; index++) {
    const to = `user${index % mailboxes}@example.test`;
    const result = await sendMail(running.port, { from: 'sender@origin.test', to: [to], raw: plainMessage(`message ${index}`) });
    expect(result, `message ${index}`).toMatchObject({ ok: true, code: 250 });
  }
}

/** True when some message's final "." reached the primary before the mailbox's previous message was answered. */
function overlapsWithinMailbox(received: ReceivedMail[]): boolean {
  const lastAnswered = new Map<string, number>();
  for (const mail of [...received].sort((a, b) => a.receivedAt - b.receivedAt)) {
    if (mail.dataEndedAt < (lastAnswered.get(mail.to[0]!) ?? 0)) return true;
    lastAnswered.set(mail.to[0]!, mail.receivedAt);
  }
  return false;
}

/** Each mailbox's messages as the primary got them, and as they were sent. */
function perMailbox(received: ReceivedMail[], count: number, mailboxes: number) {
  const got = new Map<string, string[]>();
  for (const mail of received) got.set(mail.to[0]!, [...(got.get(mail.to[0]!) ?? []), subjectOf(mail)]);
  const sent = new Map<string, string[]>();
  for (let index = 0; index < count; index++) {
    const to = `user${index % mailboxes}@example.test`;
    sent.set(to, [...(sent.get(to) ?? []), `message ${index}`]);
  }
  return { got, sent };
}

describe('handing over to a slow primary in parallel', () => {
  let primary: PrimaryFixture;
  let running: RunningEngine;

  afterEach(async () => {
    await running?.stop();
    await primary?.stop();
  });

  it('drains 60 messages for 10 mailboxes over several connections, each mailbox in order', async () => {
    primary = await startPrimary({ up: false });
    primary.dataReplyDelayMs = 300;
    running = await startEngine({ primaryPort: primary.port });
    await holdForMailboxes(running, 60, 10);
    await primary.up();
    await primary.waitFor(60, 60_000);

    const { got, sent } = perMailbox(primary.received, 60, 10);
    expect(got).toEqual(sent);
    // Side by side across mailboxes, one after the other within each.
    expect(primary.peakPendingReplies).toBeGreaterThan(1);
    expect(overlapsWithinMailbox(primary.received)).toBe(false);
    await until(async () => (await running.engine.api.status({})).queue.delivered === 60, 5000, 'delivered count');
  });

  it('hands new mail for another mailbox over while a long backlog for one mailbox drains', async () => {
    primary = await startPrimary({ up: false });
    primary.dataReplyDelayMs = 200;
    running = await startEngine({ primaryPort: primary.port });
    for (let index = 0; index < 15; index++) {
      const result = await sendMail(running.port, { from: 'sender@origin.test', to: ['big@example.test'], raw: plainMessage(`big ${index}`) });
      expect(result, `big ${index}`).toMatchObject({ ok: true, code: 250 });
    }
    await primary.up();
    await primary.waitFor(2, 20_000);
    const late = await sendMail(running.port, { from: 'sender@origin.test', to: ['small@example.test'], raw: plainMessage('small 0') });
    expect(late).toMatchObject({ ok: true, code: 250 });
    await primary.waitFor(16, 20_000);

    const subjects = primary.received.map(subjectOf);
    expect(subjects.filter((subject) => subject.startsWith('big '))).toEqual(Array.from({ length: 15 }, (_, index) => `big ${index}`));
    // It did not wait for the thirteen or so still queued for the big mailbox.
    expect(subjects.indexOf('small 0')).toBeLessThan(10);
  });

  it('backs off when the primary refuses more connections with 421, and loses nothing', async () => {
    primary = await startPrimary({ up: false });
    primary.dataReplyDelayMs = 50;
    primary.sessionLimit = 2;
    // Probes rarely, so that refused sessions are the handover's own.
    running = await startEngine({ primaryPort: primary.port, healthInterval: '2s' });
    await holdForMailboxes(running, 30, 10);
    await primary.up();
    await primary.waitFor(30, 30_000);

    const { got, sent } = perMailbox(primary.received, 30, 10);
    expect(got).toEqual(sent);
    expect(primary.refusedSessions).toBeGreaterThan(0);
    // Five opened at first, two taken: three refused, perhaps a health probe or two as well. Told
    // "too many", it keeps to what the primary takes instead of asking again for every lane.
    expect(primary.refusedSessions).toBeLessThanOrEqual(8);
    await until(async () => (await running.engine.api.status({})).queue.delivered === 30, 5000, 'delivered count');
  });
});
