import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { plainMessage, RawSmtp, sendMail, startEngine, stored, until, type RunningEngine } from './engine-harness.ts';

/** Four client addresses, all loopback, as a handful of hostile hosts. */
const TRICKLERS = ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5'];
const REAL_SENDER = '127.0.0.9';
const DATA_TRICKLER = '127.0.0.6';
/** One byte every 2 s: each byte resets a plain idle timeout, and no line ever ends. */
const TRICKLE_MS = 2000;
const TRICKLE = Buffer.from('EHLO a-very-slow-client.test\r\n');

interface Trickler {
  socket: Socket;
  from: string;
  /** Everything the server said, in order. */
  heard: string;
  closed: boolean;
}

/** A connection from `localAddress`, once the server has greeted or refused it. */
function openTrickler(port: number, localAddress: string): Promise<Trickler> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress });
    const trickler: Trickler = { socket, from: localAddress, heard: '', closed: false };
    socket.on('data', (chunk: Buffer) => {
      trickler.heard += chunk.toString('latin1');
      if (trickler.heard.includes('\r\n')) resolve(trickler);
    });
    socket.on('close', () => {
      trickler.closed = true;
      resolve(trickler);
    });
    socket.on('error', reject);
  });
}

/** `perAddress` connections from each trickling address; each sends one byte every 2 s once greeted. */
async function trickle(port: number, perAddress: number): Promise<{ all: Trickler[]; stop: () => void }> {
  const all: Trickler[] = [];
  for (const address of TRICKLERS) {
    for (let index = 0; index < perAddress; index++) all.push(await openTrickler(port, address));
  }
  let sent = 0;
  const timer = setInterval(() => {
    const byte = TRICKLE.subarray(sent % TRICKLE.length, (sent % TRICKLE.length) + 1);
    sent++;
    for (const trickler of all) if (!trickler.closed && trickler.heard.startsWith('220 ')) trickler.socket.write(byte);
  }, TRICKLE_MS);
  return {
    all,
    stop: () => {
      clearInterval(timer);
      for (const trickler of all) trickler.socket.destroy();
    },
  };
}

/** A client that gets as far as DATA at once, then sends its message one byte every 2 s, never ending a line. */
async function trickleMessage(port: number): Promise<{ client: RawSmtp; stop: () => Promise<void> }> {
  const client = await RawSmtp.session(port, DATA_TRICKLER);
  for (const line of ['MAIL FROM:<slow@origin.test>', 'RCPT TO:<user@example.test>']) {
    expect(await client.command(line)).toMatchObject({ code: 250 });
  }
  expect(await client.command('DATA')).toMatchObject({ code: 354 });
  const timer = setInterval(() => client.write('x'), TRICKLE_MS);
  return {
    client,
    stop: async () => {
      clearInterval(timer);
      await client.close();
    },
  };
}

const greeted = (trickler: Trickler) => trickler.heard.startsWith('220 ');
const refused = (trickler: Trickler) => trickler.heard.startsWith('421 ');

describe('slow clients', () => {
  let running: RunningEngine;
  const cleanups: (() => void | Promise<void>)[] = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
    await running?.stop();
  });

  it('300 trickling connections from 4 addresses leave room for a real sender, with the default limits', { timeout: 60_000 }, async () => {
    running = await startEngine({});
    const { all, stop } = await trickle(running.port, 75);
    cleanups.push(stop);
    const sent = await sendMail(running.port, { from: 'a@origin.test', to: ['user@example.test'], raw: plainMessage('real mail') }, { localAddress: REAL_SENDER });
    expect(sent).toMatchObject({ ok: true, code: 250 });
    for (const address of TRICKLERS) {
      const mine = all.filter((trickler) => trickler.from === address);
      expect(mine.filter(greeted)).toHaveLength(10);
      expect(mine.filter(refused)).toHaveLength(65);
    }
  });

  it('under pressure, cuts off clients that never finish a line, and a real sender still gets through', { timeout: 60_000 }, async () => {
    // 4 of 20 per address: the tricklers hold 16, past 70% of maxConnections, so the stress limits apply.
    running = await startEngine({ maxConnections: 20, maxConnectionsPerClient: 4 });
    const { all, stop } = await trickle(running.port, 6);
    cleanups.push(stop);
    const held = all.filter(greeted);
    expect(held).toHaveLength(16);
    const inData = await trickleMessage(running.port);
    cleanups.push(inData.stop);

    const sent = await sendMail(running.port, { from: 'a@origin.test', to: ['user@example.test'], raw: plainMessage('real mail') }, { localAddress: REAL_SENDER });
    expect(sent).toMatchObject({ ok: true, code: 250 });

    // Postfix's stress limit is 10 s per line; a byte every 2 s never completes one.
    await until(() => held.every((trickler) => trickler.closed), 30_000, 'the tricklers to be cut off');
    for (const trickler of held) expect(trickler.heard).toMatch(/\r\n421 4\.4\.2 .*timeout exceeded/);
    expect((await inData.client.reply()).text).toMatch(/^4\.4\.2 .*timeout exceeded/);
    await inData.client.closed;
    // The message cut short is not kept; the real one is.
    await until(async () => (await stored(running)).files === 1, 10_000, 'the cut-short body to be removed');
    expect((await stored(running)).messages).toBe(1);
  });
});
