import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { startPrimary, type PrimaryFixture } from '../fixtures/primary.ts';
import { plainMessage, queueIdOf, readDsn, sendMail, startEngine, type RunningEngine } from './engine-harness.ts';

/** Moves every message's arrival `ms` into the past, with the engine stopped. */
function arrivedEarlier(dataDir: string, ms: number): void {
  const db = new Database(join(dataDir, 'queue.sqlite'));
  try {
    db.prepare('UPDATE message SET received_at = received_at - ?').run(ms);
  } finally {
    db.close();
  }
}

let primary: PrimaryFixture | undefined;
let relay: PrimaryFixture | undefined;
let running: RunningEngine | undefined;
let dataDir: string | undefined;

afterEach(async () => {
  await running?.stop();
  running = undefined;
  await primary?.stop();
  await relay?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

it('tells the sender once that mail is still waiting after delayNoticeAfter, while the primary stays down', async () => {
  primary = await startPrimary({ up: false });
  relay = await startPrimary({ hostname: 'relay.test' });
  dataDir = await mkdtemp(join(tmpdir(), 'mx-standby-delay-'));
  const settings = { primaryPort: primary.port, bounceRelay: `127.0.0.1:${relay.port}`, delayNoticeAfter: '1m' };
  running = await startEngine(settings, dataDir);
  const sent = await sendMail(running.port, { from: 'sender@origin.test', to: ['user@example.test'], raw: plainMessage('still waiting') });
  expect(sent).toMatchObject({ ok: true, code: 250 });
  const id = queueIdOf(sent.response);
  await running.stop();

  arrivedEarlier(dataDir, 2 * 60_000);
  running = await startEngine(settings, dataDir);
  await relay.waitFor(1);
  const notice = relay.received[0]!;
  expect(notice.from).toBe('');
  expect(notice.to).toEqual(['sender@origin.test']);
  const dsn = await readDsn(notice.raw);
  expect(dsn.recipients).toEqual([
    expect.objectContaining({ 'final-recipient': 'rfc822; user@example.test', action: 'delayed' }),
  ]);
  expect(dsn.recipients[0]!.status).toMatch(/^4\./);
  expect(dsn.recipients[0]!['will-retry-until']).toBeDefined();
  expect((await running.engine.api.getMessage({ id })).state).toBe('queued');

  // A second start finds the notice already given: the sender hears it once.
  await running.stop();
  running = await startEngine(settings, dataDir);
  const control = await sendMail(running.port, { from: 'other@origin.test', to: ['user@example.test'], raw: plainMessage('control') });
  expect(control.ok).toBe(true);
  await running.stop();
  arrivedEarlier(dataDir, 2 * 60_000);
  running = await startEngine(settings, dataDir);
  await relay.waitFor(2);
  expect(relay.received.map((mail) => mail.to[0])).toEqual(['sender@origin.test', 'other@origin.test']);
});
