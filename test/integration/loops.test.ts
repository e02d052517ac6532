import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plainMessage, sendMail, startEngine, stored, type RunningEngine } from './engine-harness.ts';

function received(count: number, by: (hop: number) => string): string {
  let fields = '';
  for (let hop = count; hop >= 1; hop--) {
    fields +=
      `Received: from relay${hop}.test (relay${hop}.test [192.0.2.${hop}])\r\n` +
      `\tby ${by(hop)} with ESMTP id hop${hop}; Sun, 29 Nov 2026 09:${String(hop).padStart(2, '0')}:00 +0000\r\n`;
  }
  return fields;
}

/** A message that has already passed the given Received fields, the newest on top. */
function travelled(subject: string, fields: string): string {
  return fields + plainMessage(subject);
}

describe('mail loops (RFC 5321 6.3)', () => {
  let running: RunningEngine;

  beforeEach(async () => {
    running = await startEngine({});
  });

  afterEach(async () => {
    await running?.stop();
  });

  const send = (raw: string) => sendMail(running.port, { from: 'sender@origin.test', to: ['user@example.test'], raw });

  it('accepts 30 Received fields and refuses 31 with 554 5.4.6, storing nothing', async () => {
    const thirty = await send(travelled('thirty hops', received(30, (hop) => `mx${hop}.test`)));
    expect(thirty).toMatchObject({ ok: true, code: 250 });

    const thirtyOne = await send(travelled('thirty-one hops', received(31, (hop) => `mx${hop}.test`)));

    expect(thirtyOne.code).toBe(554);
    expect(thirtyOne.response).toContain('5.4.6');
    expect(thirtyOne.response).toContain('31 servers');
    expect(await stored(running)).toEqual({ messages: 1, files: 1 });
  });

  it('refuses a message that names this host in three Received fields, and takes one that names it twice', async () => {
    const ours = (times: number) => (hop: number) => (hop <= times ? 'backup.test' : `mx${hop}.test`);
    const twice = await send(travelled('through us twice', received(4, ours(2))));
    expect(twice).toMatchObject({ ok: true, code: 250 });

    const thrice = await send(travelled('through us three times', received(4, ours(3))));

    expect(thrice.code).toBe(554);
    expect(thrice.response).toContain('5.4.6');
    expect(thrice.response).toContain('3 times through this one');
    expect(await stored(running)).toEqual({ messages: 1, files: 1 });
    const kept = await running.engine.api.listMessages({});
    expect(kept.items.map((item) => item.subject)).toEqual(['through us twice']);
  });
});
