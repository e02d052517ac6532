import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as outputs from '../../core/api/outputs.ts';
import { startPrimary, type PrimaryFixture } from '../fixtures/primary.ts';
import { primaryKnownDown, startAdmin, type RunningAdmin } from './api-harness.ts';
import { until } from './engine-harness.ts';

const HOUR = 3_600_000;

/** What the dashboard asks: messages received and handed over per hour, and held mail counted in messages. */
describe('the dashboard queries', () => {
  let primary: PrimaryFixture;
  let server: RunningAdmin;

  beforeAll(async () => {
    primary = await startPrimary({ up: false });
    server = await startAdmin({ primaryPort: primary.port });
  });

  afterAll(async () => {
    await server?.stop();
    await primary?.stop();
  });

  const traffic = async (query = '') => outputs.traffic.parse(await (await server.call(`/traffic${query}`)).json());
  /** Summed, so a test that runs across the top of an hour still adds up. */
  const totals = async () => {
    const { buckets } = await traffic();
    return { received: buckets.reduce((sum, b) => sum + b.received, 0), delivered: buckets.reduce((sum, b) => sum + b.delivered, 0) };
  };

  it('gives 24 whole hours, oldest first, the current hour last, all zero on a new server', async () => {
    const before = Date.now();
    const { buckets } = await traffic();
    expect(buckets).toHaveLength(24);
    const starts = buckets.map((bucket) => Date.parse(bucket.hour));
    for (const [index, start] of starts.entries()) {
      expect(start % HOUR).toBe(0);
      if (index > 0) expect(start - starts[index - 1]!).toBe(HOUR);
    }
    expect(starts[23]!).toBeLessThanOrEqual(before);
    expect(starts[23]! + HOUR).toBeGreaterThan(before);
    expect(buckets.every((bucket) => bucket.received === 0 && bucket.delivered === 0)).toBe(true);
  });

  it('counts messages received while the primary is down, then each message once when handed over', async () => {
    await primaryKnownDown(server);
    await server.send('one');
    await server.send('two', { to: ['user@example.test', 'other@example.test'] });
    expect(await totals()).toEqual({ received: 2, delivered: 0 });
    const status = async () => outputs.status.parse(await (await server.call('/status')).json());
    const held = await status();
    expect(held.mail).toEqual({ waiting: 2, onHold: 0, bounced: 0 });
    expect(held.queue.queued + held.queue.deferred + held.queue.delivering).toBe(3);

    await primary.up();
    await primary.waitFor(2);
    // Three recipients were handed over, in two messages.
    await until(async () => (await server.running.engine.api.status({})).queue.delivered === 3, 10_000, 'all three recipients delivered');
    expect(await totals()).toEqual({ received: 2, delivered: 2 });
    expect((await status()).mail).toEqual({ waiting: 0, onHold: 0, bounced: 0 });
  });

  it('takes another number of hours, and refuses more than a week', async () => {
    expect((await traffic('?hours=3')).buckets).toHaveLength(3);
    const tooMany = await server.call('/traffic?hours=169');
    expect(tooMany.status).toBe(400);
    expect(outputs.errorBody.parse(await tooMany.json()).error.field).toBe('hours');
  });
});
