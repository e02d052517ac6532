import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plainMessage, RawSmtp, sendMail, startEngine, stored, type RunningEngine } from './engine-harness.ts';

const LIMIT = 4096;

describe('the size limit (RFC 1870)', () => {
  let running: RunningEngine;

  beforeEach(async () => {
    running = await startEngine({ maxSize: LIMIT });
  });

  afterEach(async () => {
    await running?.stop();
  });

  it('announces the limit and answers 552 to a SIZE= above it, before any data is sent', async () => {
    const client = await RawSmtp.connect(running.port);
    try {
      expect((await client.reply()).code).toBe(220);
      const ehlo = await client.command('EHLO sender.test');
      expect(ehlo.text.split('\n')).toContain(`SIZE ${LIMIT}`);

      const tooBig = await client.command(`MAIL FROM:<sender@origin.test> SIZE=${LIMIT + 1}`);
      expect(tooBig.code).toBe(552);
      expect(tooBig.text).toContain('5.3.4');

      expect(await client.command(`MAIL FROM:<sender@origin.test> SIZE=${LIMIT}`)).toMatchObject({ code: 250 });
    } finally {
      await client.close();
    }
    expect(await stored(running)).toEqual({ messages: 0, files: 0 });
  });

  it('answers 552 to a body over the limit sent without SIZE, and stores nothing of it', async () => {
    const body = `${'x'.repeat(76)}\r\n`.repeat(Math.ceil((LIMIT * 2) / 78));

    const raw = plainMessage('too big', body);
    const result = await sendMail(running.port, { from: 'sender@origin.test', to: ['user@example.test'], raw });

    expect(result.code).toBe(552);
    expect(result.response).toContain('5.3.4');
    expect(await stored(running)).toEqual({ messages: 0, files: 0 });
  });

  it('still takes a message just under the limit', async () => {
    const raw = plainMessage('fits', 'y'.repeat(LIMIT - plainMessage('fits', '\r\n').length) + '\r\n');
    expect(Buffer.byteLength(raw)).toBeLessThanOrEqual(LIMIT);

    const result = await sendMail(running.port, { from: 'sender@origin.test', to: ['user@example.test'], raw });

    expect(result).toMatchObject({ ok: true, code: 250 });
    expect(await stored(running)).toEqual({ messages: 1, files: 1 });
  });
});
