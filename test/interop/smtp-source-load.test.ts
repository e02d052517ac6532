import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, requirePeerPrograms, runSource, startMxStandby, startSink, type ServeProcess, type Sink } from './helpers.ts';

const MESSAGES = 2_000;
const SESSIONS = 20;

describe("Postfix's smtp-source into mx-standby serve, smtp-sink as the primary", () => {
  let sink: Sink;
  let serve: ServeProcess;

  beforeAll(async () => {
    requirePeerPrograms();
    const primaryPort = await freePort();
    sink = await startSink(primaryPort);
    serve = await startMxStandby(primaryPort);
  });

  afterAll(async () => {
    await serve?.stop();
    await sink?.stop();
  });

  it(`accepts ${MESSAGES} messages over ${SESSIONS} sessions and all of them reach the primary`, async () => {
    const run = await runSource({ port: serve.smtpPort, sessions: SESSIONS, messages: MESSAGES, bytes: 10_240, timeoutMs: 180_000 });

    expect(run.ok, `smtp-source: ${run.error}\n${serve.output()}`).toBe(true);

    const delivered = await sink.waitForDelivered(MESSAGES, 120_000);
    expect(delivered).toBe(MESSAGES);
  });
});
