import { afterEach, describe, expect, it } from 'vitest';
import { RawSmtp, startEngine, until, type RunningEngine } from './engine-harness.ts';

describe('connections per client address', () => {
  let running: RunningEngine;
  const open: RawSmtp[] = [];

  afterEach(async () => {
    await Promise.all(open.splice(0).map((client) => client.close()));
    await running?.stop();
  });

  it('refuses a third concurrent connection with 421 when the limit is two, and admits again once one ends', async () => {
    running = await startEngine({ maxConnectionsPerClient: 2 });
    open.push(await RawSmtp.session(running.port), await RawSmtp.session(running.port));

    const third = await RawSmtp.connect(running.port);
    open.push(third);
    const refusal = await third.reply();
    expect(refusal.code).toBe(421);
    expect(refusal.text).toContain('Too many connections from your address');
    await third.closed;

    // The two admitted sessions still work.
    for (const client of open.slice(0, 2)) expect(await client.command('NOOP')).toMatchObject({ code: 250 });

    expect(await open[0]!.command('QUIT')).toMatchObject({ code: 221 });
    await open[0]!.closed;
    // The server counts the session out when it sees the close, which may be a moment after the client does.
    await until(
      async () => {
        const next = await RawSmtp.connect(running.port);
        open.push(next);
        return (await next.reply()).code === 220;
      },
      5000,
      'a connection to be admitted again',
    );
  });

  it('counts a session out at QUIT, so a sender that reconnects on reading 221 is never refused at its limit', async () => {
    running = await startEngine({ maxConnectionsPerClient: 2 });
    const codes: number[] = [];
    const loop = async () => {
      for (let round = 0; round < 25; round++) {
        const client = await RawSmtp.connect(running.port);
        const greeting = await client.reply();
        codes.push(greeting.code);
        if (greeting.code !== 220) {
          await client.closed;
          continue;
        }
        await client.command('EHLO sender.test');
        await client.command('QUIT');
        await client.closed;
      }
    };
    await Promise.all([loop(), loop()]);
    expect(codes).toHaveLength(50);
    expect(codes.filter((code) => code !== 220)).toEqual([]);
  });
});
