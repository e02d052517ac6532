import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostPort } from '../../core/config/runtime.ts';
import { silentLogger } from '../../core/log.ts';
import { HealthMonitor, type HealthChange } from '../../core/health/monitor.ts';
import { probeSmtp } from '../../core/health/probe.ts';
import { startPrimary, type PrimaryFixture } from '../fixtures/primary.ts';

const probeOptions = { heloName: 'standby.test', timeoutMs: 5_000 };

let primary: PrimaryFixture | undefined;
let monitor: HealthMonitor | undefined;
let extraServer: net.Server | undefined;
afterEach(async () => {
  await monitor?.stop();
  await primary?.stop();
  await new Promise<void>((resolve) => (extraServer ? extraServer.close(() => resolve()) : resolve()));
  monitor = undefined;
  primary = undefined;
  extraServer = undefined;
});

function target(fixture: PrimaryFixture): HostPort {
  return { host: fixture.host, port: fixture.port };
}

/** A server that greets with a fixed script, for answers the smtp-server fixture does not give. */
async function scriptedServer(greeting: string): Promise<HostPort> {
  extraServer = net.createServer((socket) => {
    socket.on('error', () => undefined);
    socket.end(greeting);
  });
  await new Promise<void>((resolve) => extraServer!.listen(0, '127.0.0.1', resolve));
  return { host: '127.0.0.1', port: (extraServer.address() as net.AddressInfo).port };
}

function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
}

/** Collects changes and lets a test wait for the next one, without sleeping. */
function changeRecorder(): { changes: HealthChange[]; onChange: (change: HealthChange) => void; next: (count: number) => Promise<void> } {
  const changes: HealthChange[] = [];
  let wake: (() => void) | null = null;
  return {
    changes,
    onChange: (change) => {
      changes.push(change);
      wake?.();
    },
    next: async (count) => {
      for (let round = 0; round < 100 && changes.length < count; round++) {
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}

describe('probeSmtp', () => {
  it('reports a primary that answers as ok, with its greeting', async () => {
    primary = await startPrimary({ hostname: 'mx.primary.test' });
    const result = await probeSmtp(target(primary), probeOptions);
    expect(result).toMatchObject({ ok: true, error: null });
    expect(result.greeting).toContain('mx.primary.test ESMTP');
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(primary.connections).toBe(1);
  });

  it('says "connection refused" when the primary is down', async () => {
    primary = await startPrimary({ up: false });
    const result = await probeSmtp(target(primary), probeOptions);
    expect(result).toMatchObject({ ok: false, greeting: null, error: 'connection refused' });
  });

  it('gives up on a primary that accepts but never greets, in plain words', async () => {
    primary = await startPrimary();
    primary.stall(true);
    const result = await probeSmtp(target(primary), { ...probeOptions, timeoutMs: 300 });
    expect(result).toMatchObject({ ok: false, greeting: null, error: 'no greeting within 300 ms' });
    expect(primary.connections).toBe(1);
  });

  it('quotes a refusing greeting', async () => {
    const scripted = await scriptedServer('421-mx.primary.test busy\r\n421 try again later\r\n');
    const result = await probeSmtp(scripted, probeOptions);
    expect(result).toMatchObject({
      ok: false,
      greeting: 'mx.primary.test busy\ntry again later',
      error: 'answered 421 mx.primary.test busy try again later',
    });
  });

  it('names a peer that does not speak SMTP', async () => {
    const scripted = await scriptedServer('HTTP/1.1 400 Bad Request\r\n\r\n');
    const result = await probeSmtp(scripted, probeOptions);
    expect(result.ok).toBe(false);
    expect(result.error).toBe('sent something that is not SMTP: "HTTP/1.1 400 Bad Request"');
  });
});

describe('HealthMonitor', () => {
  it('goes unknown → up, down after two failures, and up again, once per transition', async () => {
    primary = await startPrimary();
    const recorder = changeRecorder();
    // The real probe, only watched: which results led up to each change.
    const outcomes: boolean[] = [];
    const outcomesAtChange: boolean[][] = [];
    monitor = new HealthMonitor({
      target: target(primary),
      intervalMs: 100,
      timeoutMs: 2_000,
      heloName: 'standby.test',
      onChange: (change) => {
        outcomesAtChange.push([...outcomes]);
        recorder.onChange(change);
      },
      logger: silentLogger(),
      probe: async (to, options) => {
        const result = await probeSmtp(to, options);
        outcomes.push(result.ok);
        return result;
      },
    });
    expect(monitor.snapshot()).toMatchObject({ state: 'unknown', since: null, lastCheckAt: null });

    monitor.start();
    await recorder.next(1);
    expect(recorder.changes[0]).toMatchObject({ state: 'up', previous: 'unknown', error: null });
    expect(outcomesAtChange[0]).toEqual([true]);

    await primary.down();
    await recorder.next(2);
    expect(recorder.changes[1]).toMatchObject({ state: 'down', previous: 'up', error: 'connection refused' });
    expect(outcomesAtChange[1]!.slice(-3)).toEqual([true, false, false]);
    expect(monitor.snapshot()).toMatchObject({ state: 'down', lastError: 'connection refused', lastLatencyMs: null });

    await primary.up();
    await recorder.next(3);
    expect(recorder.changes[2]).toMatchObject({ state: 'up', previous: 'down', error: null });
    expect(outcomesAtChange[2]!.slice(-2)).toEqual([false, true]);
    expect(recorder.changes.map((change) => change.state)).toEqual(['up', 'down', 'up']);
    expect(monitor.snapshot().since).toEqual(recorder.changes[2]!.at);
  });

  it('needs downAfter consecutive failures before it reports down', async () => {
    primary = await startPrimary();
    const recorder = changeRecorder();
    // No start(): each check is driven by hand, so the count of failures is exact.
    monitor = new HealthMonitor({
      target: target(primary),
      intervalMs: 60_000,
      heloName: 'standby.test',
      downAfter: 3,
      onChange: recorder.onChange,
      logger: silentLogger(),
    });
    expect((await monitor.checkNow()).state).toBe('up');
    await primary.down();
    expect((await monitor.checkNow()).state).toBe('up');
    expect((await monitor.checkNow()).state).toBe('up');
    const third = await monitor.checkNow();
    expect(third).toMatchObject({ state: 'down', lastError: 'connection refused' });
    expect(recorder.changes.map((change) => change.state)).toEqual(['up', 'down']);
  });

  it('decides from the first probe when the state is unknown, and stop() waits for it', async () => {
    primary = await startPrimary({ up: false });
    const recorder = changeRecorder();
    monitor = new HealthMonitor({
      target: target(primary),
      intervalMs: 100,
      heloName: 'standby.test',
      onChange: recorder.onChange,
      logger: silentLogger(),
    });
    const timersBefore = activeTimers();
    monitor.start();
    await monitor.stop();
    expect(activeTimers()).toBe(timersBefore);
    expect(recorder.changes).toMatchObject([{ state: 'down', previous: 'unknown', error: 'connection refused' }]);
    expect(monitor.snapshot().lastCheckAt).toBeInstanceOf(Date);
  });
});
