import { format } from 'date-fns';
import { describe, expect, it } from 'vitest';
import { commonName, mailCounts, primarySummary, receivingSummary, setupProblems } from './status-summary.ts';
import { bucketsFixture, statusFixture } from './test-fixtures.ts';

const NOW = Date.parse('2026-11-29T10:45:00Z');
const at = (iso: string) => format(Date.parse(iso), 'HH:mm');

describe('status summary', () => {
  it('says the backup server receives mail, where, for which domains and with what TLS', () => {
    const summary = receivingSummary(statusFixture(), NOW);
    expect(summary.tone).toBe('ok');
    expect(summary.headline).toBe('Receiving mail for example.com');
    const lines = Object.fromEntries(summary.lines.map((line) => [line.label, line.text]));
    expect(lines['Listening on']).toBe('0.0.0.0:25');
    expect(lines.TLS).toBe('Self-signed for backup.example.com, valid until 26 Nov 2036; sending servers accept it');
    const own = receivingSummary(statusFixture({ smtp: { listening: '0.0.0.0:25', tls: { source: 'configured', subject: 'CN=mx2.example.com', validTo: 'Jan  2 00:00:00 2027 GMT' } } }), NOW);
    expect(own.lines.find((line) => line.label === 'TLS')?.text).toBe('Your certificate for mx2.example.com, valid until 2 Jan 2027');
  });

  it('says all mail is refused when no domain is set up', () => {
    const summary = receivingSummary(statusFixture({ domains: [], setupNeeded: true }), NOW);
    expect(summary).toMatchObject({ tone: 'bad', headline: 'Refusing all mail: no domain is set up' });
  });

  it('says storage is failing, with the error and since when, before anything else about receiving', () => {
    const storage = { state: 'failing' as const, error: 'the disk is full (the queue database: database or disk is full)', since: '2026-11-29T10:30:00.000Z' };
    const summary = receivingSummary(statusFixture({ storage }), NOW);
    expect(summary).toMatchObject({ tone: 'bad', headline: 'Storage failing: new mail is refused for now' });
    expect(summary.lines[0]).toEqual({ label: 'Error', text: storage.error });
    expect(summary.lines[1]).toEqual({ label: 'Since', text: `${at(storage.since)} (for 15 minutes)` });
    expect(summary.lines).toContainEqual({ label: 'Listening on', text: '0.0.0.0:25' });
  });

  it('reads the common name out of a certificate subject', () => {
    expect(commonName('CN=backup.test')).toBe('backup.test');
    expect(commonName('C=DE\nO=Firma\nCN=mx.firma.de')).toBe('mx.firma.de');
    expect(commonName('O=No name')).toBe('O=No name');
  });

  it('says the primary is down, since when and for how long, with the last error in words', () => {
    const summary = primarySummary(statusFixture(), NOW);
    expect(summary.tone).toBe('bad');
    expect(summary.headline).toBe(`Down since ${at('2026-11-29T10:00:00Z')} (for 45 minutes)`);
    expect(summary.lines).toContainEqual({ label: 'Last error', text: 'connection refused' });
    expect(summary.lines).toContainEqual({ label: 'Address', text: 'mail.example.com:25' });
    expect(summary.lines).toContainEqual({ label: 'Last checked', text: at('2026-11-29T10:40:00Z') });
  });

  it('says the primary is up with its answer time, and no old error', () => {
    const up = statusFixture();
    up.primary.destinations[0] = { ...up.primary.destinations[0]!, state: 'up', since: '2026-11-28T09:00:00.000Z', lastError: null, latencyMs: 42 };
    const summary = primarySummary(up, NOW);
    expect(summary.tone).toBe('ok');
    expect(summary.headline).toBe(`Up since ${format(Date.parse('2026-11-28T09:00:00Z'), 'd MMM HH:mm')} (for 1 day)`);
    expect(summary.lines).toContainEqual({ label: 'Answers in', text: '42 ms' });
    expect(summary.lines.some((line) => line.label === 'Last error')).toBe(false);
  });

  it('shows the destination that is down first when the primary has several (from DNS)', () => {
    const status = statusFixture();
    const down = status.primary.destinations[0]!;
    status.primary = { mode: 'mx', destinations: [{ ...down, key: 'a', target: 'mx1.example.com:25', state: 'up', lastError: null }, { ...down, key: 'b', target: 'mx2.example.com:25' }] };
    const summary = primarySummary(status, NOW);
    expect(summary.tone).toBe('bad');
    expect(summary.lines[0]).toEqual({ label: 'Address', text: 'mx2.example.com:25' });
    expect(summary.lines).toContainEqual({ label: 'mx1.example.com:25', text: 'up' });
  });

  it('explains a missing primary, a primary from DNS not needed yet, and one not checked yet', () => {
    expect(primarySummary(statusFixture({ primary: { mode: 'none', destinations: [] } }), NOW)).toMatchObject({ tone: 'bad', headline: 'No primary mail server is set' });
    expect(primarySummary(statusFixture({ primary: { mode: 'mx', destinations: [] } }), NOW).headline).toBe('Found in DNS when mail arrives');
    expect(primarySummary(statusFixture({ primary: { mode: 'host', destinations: [] } }), NOW)).toMatchObject({ tone: 'unknown', headline: 'Not checked yet' });
  });

  it('counts held and bounced messages from the status and delivered ones since midnight from the traffic', () => {
    const buckets = bucketsFixture(NOW, { 0: { received: 4, delivered: 3 }, 2: { received: 1, delivered: 2 }, 20: { received: 9, delivered: 9 } });
    const midnight = Date.parse(buckets[21]!.hour);
    expect(mailCounts(statusFixture(), buckets, midnight)).toEqual({ held: 5, onHold: 1, deliveredToday: 5, bounced: 2, primaryTakesMail: false });
    const up = statusFixture();
    up.primary.destinations[0] = { ...up.primary.destinations[0]!, state: 'up' };
    expect(mailCounts(up, buckets, midnight).primaryTakesMail).toBe(true);
    expect(mailCounts(statusFixture({ primary: { mode: 'none', destinations: [] } }), buckets, midnight).primaryTakesMail).toBe(false);
    expect(mailCounts(statusFixture(), null, midnight).deliveredToday).toBeNull();
  });

  it('lists what setup still needs, each saying what to do', () => {
    expect(setupProblems(statusFixture())).toEqual([]);
    const problems = setupProblems(statusFixture({ domains: [], primary: { mode: 'none', destinations: [] }, setupNeeded: true }));
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^No domain is set up yet: every message is refused until you add your domain .* in Settings\.$/);
    expect(problems[1]).toMatch(/^No primary mail server is set: .* Settings\.$/);
  });
});
