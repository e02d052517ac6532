import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../api/client.ts';
import { bucketsFixture, DashboardTestTransport, eventFixture } from '../views/dashboard/test-fixtures.ts';
import { setClient } from './client-ref.ts';
import { changesTraffic, isStale, useTraffic } from './traffic-store.ts';

let transport: DashboardTestTransport;

beforeEach(() => {
  useTraffic.setState(useTraffic.getInitialState(), true);
  transport = new DashboardTestTransport();
  setClient(createClient(transport));
});

afterEach(() => {
  vi.useRealTimers();
});

const arrival = () => eventFixture('message.received', { from: 'a@b.test', to: ['c@example.com'], size: 1, subject: null }, 'mq1');

describe('the traffic store', () => {
  it('loads the 24 hourly buckets', async () => {
    transport.buckets = bucketsFixture(Date.now(), { 0: { received: 3, delivered: 2 } });
    await useTraffic.getState().load();
    expect(useTraffic.getState().buckets).toEqual(transport.buckets);
    expect(useTraffic.getState().error).toBeNull();
  });

  it('keeps what it had and says why when loading fails', async () => {
    await useTraffic.getState().load();
    transport.failing.add('traffic');
    await useTraffic.getState().load();
    expect(useTraffic.getState().buckets).toHaveLength(24);
    expect(useTraffic.getState().error).toBe('MX Standby does not answer: is it still running?');
  });

  it('reloads once after a burst of arrivals and handovers, and not for other events', async () => {
    vi.useFakeTimers();
    const delivered = eventFixture('delivery.delivered', { recipient: 'c@example.com', response: '250 ok', host: 'mx:25' }, 'mq1');
    useTraffic.getState().applyEvent(eventFixture('settings.changed', { keys: ['domains'] }));
    await vi.runAllTimersAsync();
    expect(transport.calls).toEqual([]);
    transport.buckets = bucketsFixture(Date.now(), { 0: { received: 1, delivered: 1 } });
    useTraffic.getState().applyEvent(arrival());
    useTraffic.getState().applyEvent(delivered);
    await vi.runAllTimersAsync();
    expect(transport.calls).toEqual(['traffic']);
    expect(useTraffic.getState().buckets?.at(-1)).toMatchObject({ received: 1, delivered: 1 });
  });
});

describe('traffic selectors', () => {
  it('knows which events change the chart', () => {
    expect(changesTraffic(arrival())).toBe(true);
    expect(changesTraffic(eventFixture('delivery.delivered', { recipient: 'c@x', response: '250', host: 'h' }, 'q'))).toBe(true);
    expect(changesTraffic(eventFixture('delivery.deferred', { recipient: 'c@x', response: '421', nextAttemptAt: 0 }, 'q'))).toBe(false);
  });

  it('says when the newest bucket is no longer the current hour', () => {
    const now = Date.parse('2026-11-29T10:59:59Z');
    const buckets = bucketsFixture(now);
    expect(isStale(buckets, now)).toBe(false);
    expect(isStale(buckets, Date.parse('2026-11-29T11:00:00Z'))).toBe(true);
    expect(isStale(null, now)).toBe(false);
  });
});
