import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../api/client.ts';
import { useActivity } from '../stores/activity-store.ts';
import { setClient } from '../stores/client-ref.ts';
import { connectEvents } from '../stores/event-hub.ts';
import { useStatus } from '../stores/status-store.ts';
import { useTraffic } from '../stores/traffic-store.ts';
import { Dashboard } from './Dashboard.tsx';
import { bucketsFixture, DashboardTestTransport, eventFixture, statusFixture } from './dashboard/test-fixtures.ts';

let transport: DashboardTestTransport;

beforeEach(() => {
  useStatus.setState(useStatus.getInitialState(), true);
  useActivity.setState(useActivity.getInitialState(), true);
  useTraffic.setState(useTraffic.getInitialState(), true);
  transport = new DashboardTestTransport();
  setClient(createClient(transport));
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

/** The stores loaded as the app loads them, then the view. */
async function renderLoaded() {
  await Promise.all([useStatus.getState().load(), useActivity.getState().load(), useTraffic.getState().load()]);
  return render(<Dashboard />);
}

const region = (name: string) => screen.getByRole('region', { name });

describe('the dashboard', () => {
  it('says it is loading, then what went wrong when MX Standby does not answer', async () => {
    render(<Dashboard />);
    expect(screen.getByRole('status').textContent).toBe('Loading the dashboard…');
    transport.failing.add('status');
    await act(() => useStatus.getState().load());
    expect(screen.getByRole('alert').textContent).toBe('Cannot reach MX Standby: MX Standby does not answer: is it still running?');
  });

  it('shows receiving, the primary down with its error, the counts, the chart and the activity', async () => {
    transport.buckets = bucketsFixture(Date.now(), { 0: { received: 4, delivered: 1 } });
    transport.events = [eventFixture('message.received', { from: 'a@origin.test', to: ['c@example.com'], size: 9, subject: 'Hello' }, 'mq1')];
    await renderLoaded();
    expect(within(region('Receiving mail')).getByText('Receiving mail for example.com')).toBeTruthy();
    expect(within(region('Receiving mail')).getByText('0.0.0.0:25')).toBeTruthy();
    const primary = region('Primary mail server');
    expect(within(primary).getByText(/^Down since /)).toBeTruthy();
    expect(within(primary).getByText('connection refused')).toBeTruthy();
    const tiles = screen.getByRole('list', { name: 'Mail counts' });
    const tile = (name: string) => within(tiles).getByRole('listitem', { name });
    expect(tile('Held').textContent).toBe('Held54 waiting for your primary; 1 kept on hold by you');
    expect(tile('Delivered today').textContent).toMatch(/^Delivered today1/);
    expect(tile('Bounced').textContent).toMatch(/^Bounced2Failed or expired/);
    expect(screen.getByRole('img', { name: /^In the last 24 hours: 4 received, 1 delivered to the primary\./ })).toBeTruthy();
    const activity = within(region('Activity')).getAllByRole('listitem');
    expect(activity.map((item) => item.textContent)).toEqual([expect.stringContaining('Received a message from a@origin.test to c@example.com ("Hello")')]);
  });

  it('shows storage failing, with its error, as a problem in place of receiving', async () => {
    const error = 'the disk is full (the queue database: database or disk is full)';
    transport.status = statusFixture({ storage: { state: 'failing', error, since: new Date(Date.now() - 60_000).toISOString() } });
    await renderLoaded();
    const receiving = region('Receiving mail');
    expect(within(receiving).getByText('Storage failing: new mail is refused for now')).toBeTruthy();
    expect(within(receiving).getByRole('img', { name: 'Problem' })).toBeTruthy();
    expect(within(receiving).getByText(error)).toBeTruthy();
    expect(within(receiving).queryByText(/^Receiving mail for/)).toBeNull();
  });

  it('says plainly when the last start took mail back from the spool or set files aside, and nothing otherwise', async () => {
    await renderLoaded();
    expect(screen.queryByRole('region', { name: 'Mail found at the last start' })).toBeNull();
    cleanup();
    const recovery = { at: new Date().toISOString(), recovered: 12, quarantined: 1, quarantineFolder: '/data/quarantine' };
    transport.status = statusFixture({ recovery });
    await renderLoaded();
    const items = within(region('Mail found at the last start')).getAllByRole('listitem').map((item) => item.textContent);
    expect(items).toEqual([
      expect.stringMatching(/its queue database was missing or empty\. 12 messages were taken back into the queue .* handed over as usual\.$/),
      expect.stringMatching(/it found 1 message file its queue did not know, and moved it to \/data\/quarantine\. Nothing was deleted\..*"mx-standby recover"/),
    ]);
  });

  it('explains what setup still needs, with the way to Settings', async () => {
    transport.status = statusFixture({ domains: [], setupNeeded: true, primary: { mode: 'none', destinations: [] } });
    await renderLoaded();
    const setup = region('Setup needed');
    expect(within(setup).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      expect.stringMatching(/^No domain is set up yet: every message is refused/),
      expect.stringMatching(/^No primary mail server is set/),
    ]);
    expect(within(setup).getByRole('link', { name: 'Open Settings' }).getAttribute('href')).toMatch(/settings$/);
    expect(within(region('Receiving mail')).getByText('Refusing all mail: no domain is set up')).toBeTruthy();
  });

  it('says so when nothing has happened yet, instead of showing blanks', async () => {
    transport.status = statusFixture({ mail: { waiting: 0, onHold: 0, bounced: 0 } });
    await renderLoaded();
    expect(within(region('Activity')).getByText(/^Nothing has happened yet\./)).toBeTruthy();
    expect(screen.getByRole('img', { name: 'No mail was received or delivered in the last 24 hours.' })).toBeTruthy();
    expect(screen.getByText('Nothing is held')).toBeTruthy();
  });

  it('shows a part that failed to load as a message, and the rest as usual', async () => {
    transport.failing.add('activity');
    transport.failing.add('traffic');
    await renderLoaded();
    const alerts = screen.getAllByRole('alert').map((alert) => alert.textContent);
    expect(alerts).toContain('Cannot load the activity log: MX Standby does not answer: is it still running?');
    expect(alerts).toContain('Cannot load the traffic: MX Standby does not answer: is it still running?');
    expect(screen.getByRole('listitem', { name: 'Delivered today' }).textContent).toMatch(/–Not known yet/);
    expect(region('Primary mail server')).toBeTruthy();
  });

  it('follows pushed events with no reload: new activity on top, the primary back up, the counts', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await renderLoaded();
    const stop = connectEvents([useStatus.getState, useActivity.getState, useTraffic.getState]);
    const up = statusFixture({ mail: { waiting: 0, onHold: 0, bounced: 2 } });
    up.primary.destinations[0] = { ...up.primary.destinations[0]!, state: 'up', lastError: null, latencyMs: 12 };
    transport.status = up;
    transport.buckets = bucketsFixture(Date.now(), { 0: { received: 0, delivered: 5 } });
    await act(async () => {
      transport.push(eventFixture('primary.up', { target: 'mail.example.com:25', latencyMs: 12 }));
      transport.push(eventFixture('delivery.delivered', { recipient: 'c@example.com', response: '250 OK', host: 'mail.example.com:25' }, 'mq9'));
      await vi.runAllTimersAsync();
    });
    const lines = within(region('Activity')).getAllByRole('listitem').map((item) => item.textContent);
    expect(lines[0]).toContain('Message mq9 to c@example.com delivered to the primary');
    expect(lines[1]).toContain('The primary (mail.example.com:25) is up');
    expect(within(region('Primary mail server')).getByText(/^Up since /)).toBeTruthy();
    expect(screen.getByRole('listitem', { name: 'Held' }).textContent).toBe('Held0Nothing is held: your primary is taking all mail');
    expect(screen.getByRole('listitem', { name: 'Delivered today' }).textContent).toMatch(/^Delivered today5/);
    stop();
  });
});
