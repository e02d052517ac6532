import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrimary, type PrimaryFixture } from '../fixtures/primary.ts';
import { requirePeerPrograms, runSwaks, startMxStandby, type ServeProcess } from './helpers.ts';

describe('swaks against mx-standby serve', () => {
  let primary: PrimaryFixture;
  let serve: ServeProcess;

  beforeAll(async () => {
    requirePeerPrograms();
    primary = await startPrimary();
    serve = await startMxStandby(primary.port);
  });

  afterAll(async () => {
    await serve?.stop();
    await primary?.stop();
  });

  it('accepts a message over STARTTLS and hands it, bytes intact, to the primary', async () => {
    const token = randomUUID();
    const swaks = await runSwaks([
      ...['--tls', '--server', `127.0.0.1:${serve.smtpPort}`, '--helo', 'client.test'],
      ...['--from', 'sender@sender.test', '--to', 'user@example.test'],
      ...['--header', `Subject: interop ${token}`, '--body', `Body line ${token}`, '--timeout', '30s'],
    ]);

    expect(swaks.code, swaks.output).toBe(0);
    expect(swaks.output).toMatch(/TLS started/);

    await primary.waitFor(1, 30_000);
    const [mail] = primary.received;
    expect(mail!.from).toBe('sender@sender.test');
    expect(mail!.to).toEqual(['user@example.test']);
    const raw = mail!.raw.toString('utf8');
    expect(raw).toContain(`Subject: interop ${token}`);
    expect(raw).toContain(`Body line ${token}`);
    // The one header the backup adds, on top.
    expect(raw).toMatch(/^Received: /);
  });

  it('is not an open relay: answers 550 to a recipient outside the configured domains', async () => {
    const before = primary.received.length;
    const swaks = await runSwaks([
      ...['--server', `127.0.0.1:${serve.smtpPort}`, '--helo', 'client.test'],
      ...['--from', 'sender@sender.test', '--to', 'someone@foreign.test', '--timeout', '30s'],
    ]);

    // swaks prints server replies after "<~ " or, for errors, "<** ".
    expect(swaks.output).toMatch(/^<\*\* +550[ -]/m);
    expect(swaks.code, swaks.output).not.toBe(0);
    expect(primary.received).toHaveLength(before);
  });
});
