import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toEngineConfig, type EngineConfig } from '../../core/config/runtime.ts';
import { settingsSchema, type Settings } from '../../core/config/schema.ts';
import { EventBus } from '../../core/events/bus.ts';
import type { EngineEvent } from '../../core/events/types.ts';
import { silentLogger } from '../../core/log.ts';
import { recordCheckFailed } from '../../core/setup/failure-events.ts';
import { SetupRuntime } from '../../core/setup/runtime.ts';
import type { ScheduleTimers } from '../../core/setup/schedule.ts';
import { listEvents } from '../../core/store/events.ts';
import { StorageHealth } from '../../core/store/storage-health.ts';
import { openDatabase, type Db } from '../../core/store/open.ts';
import { WriteBatcher } from '../../core/store/write-batcher.ts';
import { startDnsServer, type TestDnsServer } from '../fixtures/dns-server.ts';
import { issue } from '../fixtures/mta-sts-server.ts';
import { startPrimary, type PrimaryFixture } from '../fixtures/primary.ts';

/** Timers the test fires by hand: no waiting on the clock, and no timed assertion. */
class HandTimers implements ScheduleTimers {
  pending: { run: () => void; ms: number } | null = null;
  set(run: () => void, ms: number): unknown {
    this.pending = { run, ms };
    return this.pending;
  }
  clear(handle: unknown): void {
    if (this.pending === handle) this.pending = null;
  }
  fire(): void {
    const due = this.pending;
    if (!due) throw new Error('no round is scheduled');
    this.pending = null;
    due.run();
  }
}

const DOMAIN = 'sched.example';
const BACKUP = `backup-mx.${DOMAIN}`;

let dns: TestDnsServer;
let primary: PrimaryFixture;
let dataDir: string;
let db: Db;
let events: EventBus;
let batcher: WriteBatcher;
let certificate: string;

beforeAll(async () => {
  [dns, primary] = await Promise.all([startDnsServer(), startPrimary()]);
  dataDir = await mkdtemp(join(tmpdir(), 'mx-standby-schedule-'));
  db = openDatabase(join(dataDir, 'queue.sqlite'));
  events = new EventBus();
  batcher = new WriteBatcher(db, events, new StorageHealth(silentLogger(), dataDir));
  certificate = (await issue(BACKUP)).cert;
  dns.set(DOMAIN, 'MX', [{ priority: 10, exchange: `mx.${DOMAIN}` }, { priority: 20, exchange: BACKUP }]);
  dns.set(`mx.${DOMAIN}`, 'A', ['127.0.0.1']);
  dns.set(BACKUP, 'A', ['198.51.100.20']);
});

afterAll(async () => {
  batcher.flush();
  db.close();
  await Promise.all([dns.stop(), primary.stop()]);
  await rm(dataDir, { recursive: true, force: true });
});

function runtime(settings: Partial<Settings>, timers: HandTimers): { setup: SetupRuntime; change: (next: Partial<Settings>) => void } {
  const make = (extra: Partial<Settings>): EngineConfig =>
    toEngineConfig(
      settingsSchema.parse({
        domains: [DOMAIN],
        hostname: BACKUP,
        primary: `127.0.0.1:${primary.port}`,
        resolvers: [`127.0.0.1:${dns.port}`],
        publicAddress: '198.51.100.20',
        ...settings,
        ...extra,
      }),
      dataDir,
      true,
    );
  let config = make({});
  const setup = new SetupRuntime({
    config: () => config,
    smtpAddress: { host: '127.0.0.1', port: primary.port },
    certificate: () => certificate,
    options: { systemResolver: false, dnsTimeoutMs: 300, dnsTries: 1, smtpTimeoutMs: 5000 },
    logger: silentLogger(),
    onCheckFailed: recordCheckFailed(batcher, events),
    timers,
  });
  return { setup, change: (next) => (config = make(next)) };
}

async function round(timers: HandTimers, setup: SetupRuntime): Promise<void> {
  timers.fire();
  await setup.idle();
}

describe('the scheduled re-check', () => {
  it('records a setup.check-failed event when a check turns from pass to fail, and only then', async () => {
    const timers = new HandTimers();
    const { setup } = runtime({ setupCheckInterval: '6h' }, timers);
    const pushed: EngineEvent[] = [];
    const unsubscribe = events.subscribe((event) => pushed.push(event));
    setup.start();
    try {
      expect(timers.pending?.ms).toBe(6 * 3_600_000);
      await round(timers, setup);
      const first = await setup.last(DOMAIN);
      const mxId = `mx-published@127.0.0.1:${dns.port}`;
      expect(first?.checks.find((item) => item.id === mxId)?.status).toBe('pass');
      expect(pushed).toEqual([]);
      expect(timers.pending?.ms).toBe(6 * 3_600_000);

      // Someone edits the zone and the backup MX record is lost.
      dns.set(DOMAIN, 'MX', [{ priority: 10, exchange: `mx.${DOMAIN}` }]);
      await round(timers, setup);
      expect(pushed.map((event) => event.type)).toEqual(['setup.check-failed']);
      expect(pushed[0]!.data).toEqual({ check: `MX records of ${DOMAIN} on DNS server 127.0.0.1:${dns.port}`, found: `MX 10 mx.${DOMAIN}` });
      expect(listEvents(db, { limit: 10 }).filter((event) => event.type === 'setup.check-failed')).toHaveLength(1);

      // Still failing is not news.
      await round(timers, setup);
      expect(pushed).toHaveLength(1);
    } finally {
      unsubscribe();
      await setup.stop();
      dns.set(DOMAIN, 'MX', [{ priority: 10, exchange: `mx.${DOMAIN}` }, { priority: 20, exchange: BACKUP }]);
    }
    expect(timers.pending).toBeNull();
  });

  it('keeps the last run of each domain on disk, so a restart still notices the change', async () => {
    const saved = JSON.parse(await readFile(join(dataDir, 'setup-checks.json'), 'utf8')) as Record<string, { checks: unknown[] }>;
    expect(Object.keys(saved)).toEqual([DOMAIN]);
    const timers = new HandTimers();
    const { setup } = runtime({}, timers);
    expect((await setup.last(DOMAIN))?.checks).toEqual(saved[DOMAIN]!.checks);
    await setup.stop();
  });

  it('stays off without an interval, and counts a new interval from the change', async () => {
    const timers = new HandTimers();
    const { setup, change } = runtime({ setupCheckInterval: null }, timers);
    setup.start();
    expect(timers.pending).toBeNull();
    change({ setupCheckInterval: '1h' });
    setup.reschedule();
    expect(timers.pending?.ms).toBe(3_600_000);
    change({ setupCheckInterval: null });
    setup.reschedule();
    expect(timers.pending).toBeNull();
    await setup.stop();
  });
});
