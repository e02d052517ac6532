import { readdir } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { plainMessage, RawSmtp, sendMail, startEngine, until, type RunningEngine } from './engine-harness.ts';

let running: RunningEngine | undefined;

afterEach(async () => {
  await running?.stop();
  running = undefined;
});

/** Speaks SMTP up to the middle of DATA, then hangs up without the final dot. */
function hangUpMidMessage(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const script = ['EHLO sender.test', 'MAIL FROM:<a@origin.test>', 'RCPT TO:<user@example.test>', 'DATA'];
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('error', reject);
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split('\r\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        if (/^\d{3} /.test(line) === false) continue;
        if (line.startsWith('354')) {
          socket.write('Subject: cut short\r\n\r\nhalf a message\r\n', () => {
            socket.destroy();
            resolve();
          });
          return;
        }
        const next = script.shift();
        if (next) socket.write(`${next}\r\n`);
      }
    });
  });
}

it('keeps nothing, and holds no file open, when the client hangs up in the middle of a message', async () => {
  running = await startEngine({});
  for (let index = 0; index < 3; index++) await hangUpMidMessage(running.port);
  const tmp = join(running.dataDir, 'spool', 'tmp');
  await until(async () => (await readdir(tmp)).length === 0, 5000, 'temporary files to go');
  expect((await running.engine.api.status({})).messages).toBe(0);
  expect(await readdir(join(running.dataDir, 'spool', 'messages'))).toEqual([]);
});

it('carries on when a client resets its connection in the middle of a message', async () => {
  running = await startEngine({});
  const reset = await RawSmtp.session(running.port);
  expect(await reset.command('MAIL FROM:<a@origin.test>')).toMatchObject({ code: 250 });
  expect(await reset.command('RCPT TO:<user@example.test>')).toMatchObject({ code: 250 });
  expect(await reset.command('DATA')).toMatchObject({ code: 354 });
  reset.write('Subject: cut short\r\n\r\nhalf a message\r\n');
  await reset.reset();

  const next = await sendMail(running.port, { from: 'a@origin.test', to: ['user@example.test'], raw: plainMessage('after the reset') });
  expect(next).toMatchObject({ ok: true, code: 250 });
  expect((await running.engine.api.status({})).messages).toBe(1);
});
