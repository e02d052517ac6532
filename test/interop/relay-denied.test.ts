import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrimary, type PrimaryFixture } from '../fixtures/primary.ts';
import { requirePeerPrograms, runSwaks, startMxStandby, type ServeProcess } from './helpers.ts';

describe('mx-standby serve is not an open relay (swaks)', () => {
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

  it('answers 550 to a recipient outside the configured domains', async () => {
    const swaks = await runSwaks([
      ...['--server', `127.0.0.1:${serve.smtpPort}`, '--helo', 'client.test'],
      ...['--from', 'sender@sender.test', '--to', 'someone@foreign.test', '--timeout', '30s'],
    ]);

    // swaks prints server replies after "<~ " or, for errors, "<** ".
    expect(swaks.output).toMatch(/^<\*\* +550[ -]/m);
    expect(swaks.code, swaks.output).not.toBe(0);
    expect(primary.received).toHaveLength(0);
  });
});
