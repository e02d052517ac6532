import { afterEach, describe, expect, it } from 'vitest';
import { plainMessage, sendMail, startEngine, type RunningEngine } from './engine-harness.ts';

describe('pausing receiving (the desktop tray)', () => {
  let running: RunningEngine;

  afterEach(async () => {
    await running?.stop();
  });

  it('answers new connections 421 while paused, so senders keep the mail, and accepts again after', async () => {
    running = await startEngine({});
    const mail = { from: 'sender@origin.test', to: ['user@example.test'], raw: plainMessage('paused') };
    expect(running.engine.receivingPaused()).toBe(false);
    running.engine.setReceivingPaused(true);
    expect(running.engine.receivingPaused()).toBe(true);
    const refused = await sendMail(running.port, mail);
    expect(refused).toMatchObject({ ok: false, code: 421 });
    expect(refused.response).toContain('4.3.2');
    expect((await running.engine.api.status({})).messages).toBe(0);

    running.engine.setReceivingPaused(false);
    expect(await sendMail(running.port, mail)).toMatchObject({ ok: true, code: 250 });
    expect((await running.engine.api.status({})).messages).toBe(1);
  });
});
