import { afterEach, describe, expect, it } from 'vitest';
import { startPrimary, type PrimaryFixture } from '../fixtures/primary.ts';
import { rcptReplies, startEngine, until, type RunningEngine } from './engine-harness.ts';

describe('recipient policies', () => {
  let running: RunningEngine;
  let primary: PrimaryFixture | undefined;

  afterEach(async () => {
    await running?.stop();
    await primary?.stop();
    primary = undefined;
  });

  it('any: every address at a configured domain is accepted', async () => {
    running = await startEngine({ recipientPolicy: 'any' });

    const replies = await rcptReplies(running.port, ['user@example.test', 'whoever.else+tag@example.test', 'POSTMASTER@EXAMPLE.TEST']);

    expect(replies.map((reply) => reply.code)).toEqual([250, 250, 250]);
  });

  it('list: exact addresses and *@domain entries are accepted, every other address refused with 550 5.1.1', async () => {
    running = await startEngine({
      domains: ['example.test', 'other.test'],
      recipientPolicy: 'list',
      recipients: ['alice@example.test', '*@other.test'],
    });

    const replies = await rcptReplies(running.port, ['alice@example.test', 'Alice@Example.test', 'bob@example.test', 'anyone@other.test']);

    expect(replies.map((reply) => reply.code)).toEqual([250, 250, 550, 250]);
    expect(replies[2]!.text).toMatch(/^5\.1\.1 /);
  });

  it('verify: asks the primary while it is up, and answers from what it said while it is down', async () => {
    const fixture = await startPrimary();
    primary = fixture;
    const asked: string[] = [];
    fixture.rcptRule = (address) => {
      asked.push(address);
      return address === 'alice@example.test' ? null : { code: 550, message: 'No such user here' };
    };
    running = await startEngine({ primaryPort: fixture.port, recipientPolicy: 'verify' });

    const [alice, nobody] = await rcptReplies(running.port, ['alice@example.test', 'nobody@example.test']);
    expect(alice!.code).toBe(250);
    expect(nobody!.code).toBe(550);
    expect(nobody!.text).toMatch(/^5\.1\.1 /);
    expect(nobody!.text).toContain('No such user here');
    expect(asked).toEqual(['alice@example.test', 'nobody@example.test']);

    // Asked once, remembered: the same questions again do not reach the primary.
    const again = await rcptReplies(running.port, ['alice@example.test', 'nobody@example.test']);
    expect(again.map((reply) => reply.code)).toEqual([250, 550]);
    expect(asked).toHaveLength(2);

    await fixture.down();
    const primaryDown = async () =>
      (await running.engine.api.status({})).primary.destinations.some((destination) => destination.state === 'down');
    await until(primaryDown, 10_000, 'the primary to be seen down');

    const whileDown = await rcptReplies(running.port, ['alice@example.test', 'nobody@example.test', 'stranger@example.test']);

    expect(whileDown.map((reply) => reply.code)).toEqual([250, 550, 450]);
    expect(whileDown[2]!.text).toMatch(/^4\.\d+\.\d+ /);
    expect(asked).toHaveLength(2);
  });
});
