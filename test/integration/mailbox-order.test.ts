import { afterEach, describe, expect, it } from 'vitest';
import { startPrimary, type PrimaryFixture } from '../fixtures/primary.ts';
import { plainMessage, queueIdOf, sendMail, startEngine, type RunningEngine } from './engine-harness.ts';

/** The test's own label for a message: its Subject line. */
const subjectOf = (raw: Buffer) => /^Subject: (.*)$/m.exec(raw.toString('utf8'))?.[1]?.trim() ?? '';

async function hold(running: RunningEngine, subject: string, to: string): Promise<string> {
  const result = await sendMail(running.port, { from: 'sender@origin.test', to: [to], raw: plainMessage(subject) });
  expect(result, subject).toMatchObject({ ok: true, code: 250 });
  return queueIdOf(result.response);
}

describe('order per recipient mailbox under temporary failures', () => {
  let primary: PrimaryFixture;
  let running: RunningEngine;

  afterEach(async () => {
    await running?.stop();
    await primary?.stop();
  });

  it('keeps a mailbox in received order when the primary defers one message, and other mailboxes go on', async () => {
    primary = await startPrimary({ up: false });
    running = await startEngine({ primaryPort: primary.port, orderHold: '1m' });
    for (let index = 0; index < 10; index++) {
      await hold(running, `user ${index}`, 'User@Example.test');
      if (index >= 4 && index <= 6) await hold(running, `other ${index - 4}`, 'other@example.test');
    }
    const refusalsOfThird: number[] = [];
    primary.dataRule = ({ raw }) => {
      if (subjectOf(raw) !== 'user 3' || refusalsOfThird.length === 2) return null;
      refusalsOfThird.push(Date.now());
      return { code: 451, message: 'Greylisted, try again later' };
    };
    await primary.up();
    await primary.waitFor(13, 20_000);

    const subjects = primary.received.map((mail) => subjectOf(mail.raw));
    expect(refusalsOfThird).toHaveLength(2);
    expect(subjects.filter((subject) => subject.startsWith('user '))).toEqual(Array.from({ length: 10 }, (_, index) => `user ${index}`));
    // The other mailbox did not wait for the deferred message: all of it arrived while user 4 was still held back.
    expect(subjects.filter((subject) => subject.startsWith('other '))).toEqual(['other 0', 'other 1', 'other 2']);
    expect(subjects.indexOf('other 2')).toBeLessThan(subjects.indexOf('user 4'));
  });

  it('lets later mail overtake a deferred message once orderHold has passed, and says so in the activity log', async () => {
    primary = await startPrimary({ up: false });
    running = await startEngine({ primaryPort: primary.port, orderHold: '2s' });
    const qids: string[] = [];
    for (let index = 0; index < 6; index++) qids.push(await hold(running, `user ${index}`, 'user@example.test'));
    let refusing = true;
    let firstRefusalAt = 0;
    primary.dataRule = ({ raw }) => {
      if (subjectOf(raw) !== 'user 2' || !refusing) return null;
      firstRefusalAt ||= Date.now();
      return { code: 451, message: 'Content filter busy, try again later' };
    };
    await primary.up();
    await primary.waitFor(5, 20_000);

    expect(primary.received.map((mail) => subjectOf(mail.raw))).toEqual(['user 0', 'user 1', 'user 3', 'user 4', 'user 5']);
    // The later ones waited for the whole hold, counted from the primary's first deferral.
    expect(primary.received[2]!.receivedAt - firstRefusalAt).toBeGreaterThanOrEqual(2000);
    const { items } = await running.engine.api.activity({ limit: 500 });
    const overtakes = items.filter((event) => event.type === 'delivery.out-of-order');
    expect(overtakes.map((event) => event.qid).sort()).toEqual([qids[3], qids[4], qids[5]].sort());
    for (const event of overtakes) {
      expect(event.data).toMatchObject({ recipient: 'user@example.test', aheadOf: qids[2], orderHold: '2s' });
      expect(event.data.response).toMatch(/451.*Content filter busy/);
    }

    refusing = false;
    await primary.waitFor(6, 20_000);
    expect(subjectOf(primary.received[5]!.raw)).toBe('user 2');
  });
});
