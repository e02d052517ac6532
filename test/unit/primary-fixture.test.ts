import net from 'node:net';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { afterEach, describe, expect, it } from 'vitest';
import { startPrimary, type PrimaryFixture } from '../fixtures/primary.ts';

type Envelope = Parameters<SMTPConnection['send']>[0];
type SendInfo = NonNullable<Parameters<Parameters<SMTPConnection['send']>[2]>[1]>;

function connect(primary: PrimaryFixture): Promise<SMTPConnection> {
  const connection = new SMTPConnection({ host: primary.host, port: primary.port, name: 'sender.test', tls: { rejectUnauthorized: false } });
  return new Promise((resolve, reject) => {
    connection.once('error', reject);
    connection.connect(() => resolve(connection));
  });
}

function send(connection: SMTPConnection, envelope: Envelope, message: string | Buffer): Promise<SendInfo> {
  return new Promise((resolve, reject) => {
    connection.send(envelope, message, (error, info) => (error ? reject(error) : resolve(info!)));
  });
}

async function sendOnce(primary: PrimaryFixture, envelope: Envelope, message: string | Buffer): Promise<SendInfo> {
  const connection = await connect(primary);
  try {
    return await send(connection, envelope, message);
  } finally {
    connection.quit();
  }
}

function connectError(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code));
  });
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
}

const message = Buffer.from(
  'From: a@sender.test\r\nTo: b@example.test\r\nSubject: caf\xc3\xa9\r\n\r\nline one\r\n.starts with a dot\r\n',
  'latin1',
);

let primary: PrimaryFixture | undefined;
afterEach(async () => {
  await primary?.stop();
  primary = undefined;
});

describe('primary fixture', () => {
  it('receives the exact bytes with envelope and parameters, and advertises the extensions', async () => {
    primary = await startPrimary({ hostname: 'mx.primary.test', size: 1_000_000 });
    const connection = await connect(primary);
    // nodemailer takes STARTTLS when offered, so the EHLO it reports is the one after the upgrade.
    expect(connection.secure).toBe(true);
    const info = await send(
      connection,
      {
        from: 'a@sender.test',
        to: ['b@example.test', 'c@example.test'],
        size: message.length,
        use8BitMime: true,
        dsn: { ret: 'HDRS', envid: 'env-1', notify: ['FAILURE', 'DELAY'], orcpt: 'rfc822;b@example.test' },
      },
      message,
    );
    connection.quit();
    await primary.waitFor(1);

    expect(info.ehlo).toEqual(
      expect.arrayContaining(['PIPELINING', '8BITMIME', 'SMTPUTF8', 'DSN', 'ENHANCEDSTATUSCODES', 'SIZE 1000000']),
    );
    const [mail] = primary.received;
    expect(mail!.raw.equals(message)).toBe(true);
    expect(mail!.from).toBe('a@sender.test');
    expect(mail!.to).toEqual(['b@example.test', 'c@example.test']);
    expect(mail!.mailParams).toMatchObject({ BODY: '8BITMIME', RET: 'HDRS', ENVID: 'env-1', SIZE: String(message.length) });
    expect(mail!.rcptParams['b@example.test']).toMatchObject({ NOTIFY: 'FAILURE,DELAY', ORCPT: 'rfc822;b@example.test' });
    expect(primary.connections).toBe(1);
  });

  it('applies the recipient and data rules', async () => {
    primary = await startPrimary();
    primary.rcptRule = (address) => (address.startsWith('nobody@') ? { code: 550, message: 'No such user' } : null);
    const info = await sendOnce(primary, { from: 'a@sender.test', to: ['nobody@example.test', 'b@example.test'] }, message);
    expect(info.accepted).toEqual(['b@example.test']);
    expect(info.rejected).toEqual(['nobody@example.test']);
    expect(info.rejectedErrors?.[0]?.responseCode).toBe(550);

    primary.dataRule = () => ({ code: 451, message: 'Try again later' });
    const refused = sendOnce(primary, { from: 'a@sender.test', to: ['b@example.test'] }, message);
    await expect(refused).rejects.toMatchObject({ responseCode: 451 });
    expect(primary.received.map((mail) => mail.to)).toEqual([['b@example.test']]);
  });

  it('refuses connections while down, drops open ones, and comes back on the same port', async () => {
    primary = await startPrimary();
    const port = primary.port;
    const open = await connect(primary);
    const dropped = new Promise<void>((resolve) => open.once('end', resolve));

    await primary.down();
    await dropped;
    expect(await connectError(port)).toBe('ECONNREFUSED');

    await primary.up();
    expect(primary.port).toBe(port);
    await sendOnce(primary, { from: 'a@sender.test', to: ['b@example.test'] }, message);
    expect(primary.received).toHaveLength(1);
  });

  it('can start down, and waitFor names what it waited for', async () => {
    primary = await startPrimary({ up: false });
    expect(primary.port).toBeGreaterThan(0);
    expect(await connectError(primary.port)).toBe('ECONNREFUSED');
    await expect(primary.waitFor(1, 50)).rejects.toThrow('waited 50 ms for 1 message(s), received 0');
  });

  it('holds connections silently while stalled', async () => {
    primary = await startPrimary();
    primary.stall(true);
    const silent = net.connect({ host: primary.host, port: primary.port });
    let heard = 0;
    silent.on('data', (chunk: Buffer) => (heard += chunk.length));
    await until(() => primary!.connections === 1, 'the stalled connection to be accepted');

    primary.stall(false);
    await sendOnce(primary, { from: 'a@sender.test', to: ['b@example.test'] }, message);
    const closed = new Promise((resolve) => silent.once('close', resolve));
    await primary.down();
    await closed;
    expect(heard).toBe(0);
    expect(primary.connections).toBe(2);
  });
});
