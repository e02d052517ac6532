import { afterEach, describe, expect, it } from 'vitest';
import { plainMessage, rcptReplies, sendMail, startEngine, stored, type RunningEngine } from './engine-harness.ts';

describe('never an open relay', () => {
  let running: RunningEngine;

  afterEach(async () => {
    await running?.stop();
  });

  it.each(['someone@elsewhere.test', 'user@sub.example.test', 'user@example.test.evil.test', 'user@test'])(
    'refuses %s with 550 5.7.1',
    async (address) => {
      running = await startEngine({});
      const [refusal] = await rcptReplies(running.port, [address]);
      expect(refusal!.code).toBe(550);
      expect(refusal!.text).toMatch(/^5\.7\.1 Relaying denied/);
    },
  );

  it('queues nothing for a refused recipient: alone it is not taken, beside a local one only the local one is kept', async () => {
    running = await startEngine({});
    const raw = plainMessage('relay attempt');
    const alone = await sendMail(running.port, { from: 'sender@origin.test', to: ['someone@elsewhere.test'], raw });
    expect(alone.code).toBe(550);
    expect(await stored(running)).toEqual({ messages: 0, files: 0 });

    const mixed = await sendMail(running.port, {
      from: 'sender@origin.test',
      to: ['someone@elsewhere.test', 'User@Example.TEST'],
      raw: plainMessage('mixed recipients'),
    });

    expect(mixed).toMatchObject({ ok: true, code: 250 });
    const [message] = (await running.engine.api.listMessages({})).items;
    expect(message!.recipients.map((recipient) => recipient.address.toLowerCase())).toEqual(['user@example.test']);
    expect(await stored(running)).toEqual({ messages: 1, files: 1 });
  });

  it('with no domain configured, refuses every recipient with 550 5.7.1 and says setup is needed', async () => {
    running = await startEngine({ domains: [] });

    const [refusal] = await rcptReplies(running.port, ['user@example.test']);

    expect(refusal!.code).toBe(550);
    expect(refusal!.text).toMatch(/^5\.7\.1 /);
    expect(refusal!.text).toContain('not set up');
    expect((await running.engine.api.status({})).setupNeeded).toBe(true);
    expect(await stored(running)).toEqual({ messages: 0, files: 0 });
  });
});
