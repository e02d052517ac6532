import { afterEach, describe, expect, it } from 'vitest';
import { startPrimary, type PrimaryFixture } from '../fixtures/primary.ts';
import { plainMessage, sendMail, startEngine, until, withoutOurReceived, type RunningEngine } from './engine-harness.ts';

describe('holding mail while the primary is down', () => {
  let primary: PrimaryFixture;
  let running: RunningEngine;

  afterEach(async () => {
    await running?.stop();
    await primary?.stop();
  });

  it('accepts 50 messages, then hands all of them over in order, byte for byte, once the primary is back', async () => {
    primary = await startPrimary({ up: false });
    running = await startEngine({ primaryPort: primary.port });
    const sent: string[] = [];
    for (let index = 0; index < 50; index++) {
      const raw = plainMessage(`message ${index}`, `Body of message ${index}.\r\n.leading dot line\r\n`);
      const result = await sendMail(running.port, { from: 'sender@origin.test', to: ['user@example.test'], raw });
      expect(result, `message ${index}`).toMatchObject({ ok: true, code: 250 });
      sent.push(raw);
    }
    const status = await running.engine.api.status({});
    expect(status.queue.queued + status.queue.deferred).toBe(50);
    expect(primary.received).toHaveLength(0);

    await primary.up();
    await primary.waitFor(50, 20_000);

    expect(primary.received.map((mail) => withoutOurReceived(mail.raw))).toEqual(sent);
    expect(primary.received.every((mail) => mail.from === 'sender@origin.test')).toBe(true);
    await until(async () => (await running.engine.api.status({})).queue.delivered === 50, 5000, 'delivered count');
  });
});
