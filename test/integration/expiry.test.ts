import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startPrimary, type PrimaryFixture } from '../fixtures/primary.ts';
import {
  plainMessage,
  queueIdOf,
  readDsn,
  sendMail,
  startEngine,
  until,
  withoutOurReceived,
  type RunningEngine,
} from './engine-harness.ts';

/**
 * Ends the lifetime of every waiting delivery, as if it had waited its whole
 * lifetime, with the engine stopped. Its next retry stays an hour away, so
 * only the expiry at start can move it.
 */
function endLifetimes(dataDir: string): number {
  const db = new Database(join(dataDir, 'queue.sqlite'));
  try {
    const now = Date.now();
    return db
      .prepare(`UPDATE delivery SET expires_at = ?, next_attempt_at = ? WHERE state IN ('queued', 'deferred')`)
      .run(now - 1000, now + 3_600_000).changes;
  } finally {
    db.close();
  }
}

describe('a message that outlives its lifetime (DESIGN.md promise 7)', () => {
  let primary: PrimaryFixture;
  let relay: PrimaryFixture;
  let running: RunningEngine | undefined;
  let dataDir: string;

  afterEach(async () => {
    await running?.stop();
    running = undefined;
    await primary?.stop();
    await relay?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('is marked expired, bounced with a 4.4.7 DSN, kept readable, and can still be redelivered', async () => {
    primary = await startPrimary({ up: false });
    relay = await startPrimary({ hostname: 'relay.test' });
    dataDir = await mkdtemp(join(tmpdir(), 'mx-standby-expiry-'));
    const settings = { primaryPort: primary.port, bounceRelay: `127.0.0.1:${relay.port}`, lifetime: '1m' };
    running = await startEngine(settings, dataDir);
    const raw = plainMessage('never picked up', 'This waited too long.\r\n');
    const sent = await sendMail(running.port, { from: 'sender@origin.test', to: ['user@example.test'], raw });
    expect(sent).toMatchObject({ ok: true, code: 250 });
    const id = queueIdOf(sent.response);
    await running.stop();

    expect(endLifetimes(dataDir)).toBe(1);
    running = await startEngine(settings, dataDir);
    const engine = running.engine;

    await relay.waitFor(1);
    const bounce = relay.received[0]!;
    expect(bounce.from).toBe('');
    expect(bounce.to).toEqual(['sender@origin.test']);
    const dsn = await readDsn(bounce.raw);
    expect(dsn.reportType).toBe('delivery-status');
    expect(dsn.recipients).toEqual([
      expect.objectContaining({ 'final-recipient': 'rfc822; user@example.test', action: 'failed', status: '4.4.7' }),
    ]);
    expect(dsn.recipients[0]!['diagnostic-code']).toContain('could not be delivered within 1m');
    expect(dsn.returned.body).toContain('Subject: never picked up\r\n');

    const expired = await engine.api.getMessage({ id });
    expect(expired.state).toBe('expired');
    expect(expired.deliveries.map((delivery) => delivery.state)).toEqual(['expired']);
    expect(await text(await engine.api.rawMessage(id))).toBe(raw);
    expect(primary.received).toHaveLength(0);

    await primary.up();
    expect(await engine.api.redeliver({ ids: [id] })).toEqual({ changed: 1, messages: 1 });

    await primary.waitFor(1, 15_000);
    expect(withoutOurReceived(primary.received[0]!.raw)).toBe(raw);
    await until(async () => (await engine.api.getMessage({ id })).state === 'delivered', 5000, 'the redelivered message to be delivered');
    expect(relay.received).toHaveLength(1);
  });
});
