import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RawSmtp, startEngine, type RawReply, type RunningEngine } from './engine-harness.ts';

/**
 * Connects and says EHLO at once, without waiting for the greeting, as spam
 * software does; returns the first two replies (or the one before the server
 * hung up).
 */
async function talkAtOnce(port: number): Promise<RawReply[]> {
  const client = await RawSmtp.connect(port, (socket) => socket.write('EHLO hasty.test\r\n'));
  const replies: RawReply[] = [await client.reply()];
  const second = await client.reply().catch(() => null);
  if (second) replies.push(second);
  await client.close();
  return replies;
}

describe('the greeting pause for new clients (like postscreen)', () => {
  let running: RunningEngine;

  beforeEach(async () => {
    // A fresh engine: no client address has passed the pause yet.
    running = await startEngine({});
  });

  afterEach(async () => {
    await running?.stop();
  });

  it('answers 421 to a client that talks before the greeting, and does not remember it as passed', async () => {
    const first = await talkAtOnce(running.port);
    expect(first).toHaveLength(1);
    expect(first[0]!.code).toBe(421);
    expect(first[0]!.text).toContain('talk too soon');

    // Had it been remembered, this connection would be greeted at once and its EHLO answered.
    const again = await talkAtOnce(running.port);
    expect(again.map((reply) => reply.code)).toEqual([421]);
  });

  it('greets a client that waits, and from then on greets its address at once', async () => {
    const polite = await RawSmtp.connect(running.port);
    const greeting = await polite.reply();
    expect(greeting.code).toBe(220);
    expect(greeting.text).toMatch(/^backup\.test ESMTP/);
    expect(await polite.command('QUIT')).toMatchObject({ code: 221 });
    await polite.close();

    // The same address is now greeted before it can say anything: its EHLO is answered, not refused.
    const replies = await talkAtOnce(running.port);
    expect(replies.map((reply) => reply.code)).toEqual([220, 250]);
  });
});
