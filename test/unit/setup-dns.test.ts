import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookupDomain } from '../../core/dns/domain-report.ts';
import { lookupMtaSts } from '../../core/dns/mta-sts-fetch.ts';
import { parseStsPolicy, parseStsRecord, stsAllows, type StsPolicy } from '../../core/dns/mta-sts-policy.ts';
import { createResolver, type RecordResolver } from '../../core/dns/resolver.ts';
import { reverseLookupName } from '../../core/dns/reverse-name.ts';
import { startDnsServer, type TestDnsServer } from '../fixtures/dns-server.ts';
import { policyText, startMtaStsServer, type MtaStsServer } from '../fixtures/mta-sts-server.ts';

// Addresses from TEST-NET (RFC 5737) and the IPv6 documentation range: never dialled here.
const PRIMARY_IP = '192.0.2.10';
const SELF_IP = '198.51.100.20';

let dns: TestDnsServer;
let resolver: RecordResolver;
let https: MtaStsServer;

beforeAll(async () => {
  dns = await startDnsServer();
  https = await startMtaStsServer();
  resolver = createResolver([{ host: '127.0.0.1', port: dns.port }], { timeoutMs: 300, tries: 1 });
  dns.set('mx1.example.com', 'A', [PRIMARY_IP]);
  dns.set('mx1.example.com', 'AAAA', ['2001:db8::10']);
  dns.set('mx2.example.com', 'A', ['192.0.2.11']);
  dns.set('backup-mx.example.com', 'A', [SELF_IP]);
});

afterAll(async () => {
  await https.stop();
  await dns.stop();
});

function mx(domain: string, records: Array<[number, string]>): void {
  dns.set(domain, 'MX', records.map(([priority, exchange]) => ({ priority, exchange })));
}

describe('TXT and PTR look-ups', () => {
  it('joins the character-strings of each TXT record, and answers none as an empty list', async () => {
    dns.set('txt.example', 'TXT', [['v=spf1 ip4:192.0.2.0/24 ', '-all'], 'other']);
    expect(await resolver.resolveTxt('txt.example')).toEqual(['v=spf1 ip4:192.0.2.0/24 -all', 'other']);
    expect(await resolver.resolveTxt('nothing-here.example')).toEqual([]);
  });

  it('finds the reverse name of an address, lower case without the root dot', async () => {
    dns.set('20.100.51.198.in-addr.arpa', 'PTR', ['Backup-MX.Example.COM.']);
    expect(await resolver.reverse(SELF_IP)).toEqual(['backup-mx.example.com']);
    expect(await resolver.reverse('198.51.100.99')).toEqual([]);
  });

  it('reports SERVFAIL on a TXT look-up instead of calling it empty', async () => {
    dns.mode('txt-broken.example', 'servfail');
    await expect(resolver.resolveTxt('txt-broken.example')).rejects.toMatchObject({ code: 'SERVFAIL' });
  });
});

describe('lookupDomain', () => {
  it('gives one MX host with its addresses, and names it the primary', async () => {
    mx('one.example', [[10, 'mx1.example.com']]);
    expect(await lookupDomain(resolver, 'One.Example.')).toEqual({
      domain: 'one.example',
      kind: 'mx',
      hosts: [{ host: 'mx1.example.com', preference: 10, addresses: [PRIMARY_IP, '2001:db8::10'], problem: null }],
      primary: 'mx1.example.com',
      problem: null,
    });
  });

  it('sorts several MX hosts by preference and says which host has no address', async () => {
    mx('several.example', [[30, 'gone.example.net'], [20, 'mx2.example.com'], [10, 'mx1.example.com']]);
    const report = await lookupDomain(resolver, 'several.example');
    expect(report.hosts.map((host) => `${host.preference} ${host.host}`)).toEqual(['10 mx1.example.com', '20 mx2.example.com', '30 gone.example.net']);
    expect(report.primary).toBe('mx1.example.com');
    expect(report.hosts[2]).toMatchObject({ addresses: [], problem: 'gone.example.net does not exist in DNS' });
  });

  it('never names this server the primary, even when it is listed first by mistake', async () => {
    mx('misranked.example', [[5, 'backup-mx.example.com'], [10, 'mx1.example.com']]);
    const report = await lookupDomain(resolver, 'misranked.example', ['backup-mx.example.com']);
    expect(report.hosts[0]!.host).toBe('backup-mx.example.com');
    expect(report.primary).toBe('mx1.example.com');
  });

  it('tells a null MX from a domain with no MX', async () => {
    mx('null.example', [[0, '.']]);
    dns.set('nomx.example', 'A', [PRIMARY_IP]);
    expect(await lookupDomain(resolver, 'null.example')).toMatchObject({ kind: 'null-mx', hosts: [], primary: null, problem: expect.stringContaining('RFC 7505') });
    expect(await lookupDomain(resolver, 'nomx.example')).toMatchObject({ kind: 'no-mx', hosts: [], primary: null, problem: expect.stringContaining('no MX records') });
  });

  it('reports SERVFAIL, a timeout and a missing domain as a failed look-up, in plain words', async () => {
    dns.mode('servfail.example', 'servfail');
    dns.mode('timeout.example', 'timeout');
    expect(await lookupDomain(resolver, 'servfail.example')).toMatchObject({ kind: 'failed', problem: expect.stringContaining('(SERVFAIL)') });
    expect(await lookupDomain(resolver, 'timeout.example')).toMatchObject({ kind: 'failed', problem: expect.stringContaining('in time') });
    expect(await lookupDomain(resolver, 'missing.example')).toMatchObject({ kind: 'failed', problem: 'missing.example does not exist in DNS' });
  });
});

describe('MTA-STS record and policy', () => {
  it('reads the id of the one v=STSv1 record, ignoring other TXT records', () => {
    expect(parseStsRecord('d.example', ['v=STSv1; id=not-valid!;'])).toMatchObject({ kind: 'invalid', problem: expect.stringContaining('no valid id') });
    expect(parseStsRecord('d.example', ['hello', 'v=STSv1; id=2024010100;'])).toEqual({ kind: 'record', id: '2024010100' });
    expect(parseStsRecord('d.example', ['other'])).toEqual({ kind: 'none' });
    expect(parseStsRecord('d.example', ['v=STSv1; id=1;', 'v=STSv1; id=2;'])).toMatchObject({ kind: 'invalid', problem: expect.stringContaining('exactly one') });
  });

  it('parses a policy and rejects one without a valid mode', () => {
    const parsed = parseStsPolicy(policyText('enforce', ['mx1.example.com', '*.example.net']));
    expect(parsed).toEqual({ ok: true, policy: { version: 'STSv1', mode: 'enforce', maxAge: 86_400, mx: ['mx1.example.com', '*.example.net'] } });
    expect(parseStsPolicy('version: STSv1\nmode: strict\nmx: a.example\nmax_age: 10\n')).toEqual({ ok: false, problem: expect.stringContaining('mode must be enforce, testing or none') });
    expect(parseStsPolicy('version: STSv1\nmode: enforce\nmax_age: 10\n')).toMatchObject({ ok: false, problem: expect.stringContaining('at least one mx') });
  });

  it('matches mx patterns as RFC 8461 4.1 says: a wildcard stands for exactly one label', () => {
    const policy: StsPolicy = { version: 'STSv1', mode: 'enforce', maxAge: 1, mx: ['mx1.example.com', '*.example.net'] };
    expect(stsAllows(policy, 'MX1.example.com.')).toBe(true);
    expect(stsAllows(policy, 'backup.example.net')).toBe(true);
    expect(stsAllows(policy, 'example.net')).toBe(false);
    expect(stsAllows(policy, 'a.b.example.net')).toBe(false);
    expect(stsAllows(policy, 'mx2.example.com')).toBe(false);
  });
});

describe('lookupMtaSts over HTTPS', () => {
  const options = () => ({ resolver, port: https.port, ca: [https.ca.cert], timeoutMs: 5000 });

  function publish(domain: string): void {
    dns.set(`_mta-sts.${domain}`, 'TXT', ['v=STSv1; id=20261129;']);
    dns.set(`mta-sts.${domain}`, 'A', ['127.0.0.1']);
  }

  it('answers none when the domain has no _mta-sts record, without fetching anything', async () => {
    const before = https.requests.length;
    expect(await lookupMtaSts('one.example', options())).toEqual({ kind: 'none' });
    expect(https.requests.length).toBe(before);
  });

  it('fetches and validates the policy from https://mta-sts.DOMAIN/.well-known/mta-sts.txt', async () => {
    publish('sts.example');
    https.serve('sts.example', { body: policyText('testing', ['mx1.example.com']) });
    expect(await lookupMtaSts('sts.example', options())).toEqual({
      kind: 'policy',
      id: '20261129',
      url: `https://mta-sts.sts.example:${https.port}/.well-known/mta-sts.txt`,
      policy: { version: 'STSv1', mode: 'testing', maxAge: 86_400, mx: ['mx1.example.com'] },
    });
    expect(https.requests).toContain('mta-sts.sts.example /.well-known/mta-sts.txt');
  });

  it('refuses a policy host whose certificate it cannot trust', async () => {
    const lookup = await lookupMtaSts('sts.example', { resolver, port: https.port, timeoutMs: 5000 });
    expect(lookup).toMatchObject({ kind: 'unavailable', problem: expect.stringContaining('certificate of mta-sts.sts.example is not valid') });
  });

  it('refuses redirects, other answers than 200, other types than text/plain, and invalid policies', async () => {
    publish('redirect.example');
    https.serve('redirect.example', { status: 301, body: '' });
    expect(await lookupMtaSts('redirect.example', options())).toMatchObject({ kind: 'unavailable', problem: expect.stringContaining('redirect') });
    publish('absent.example');
    expect(await lookupMtaSts('absent.example', options())).toMatchObject({ kind: 'unavailable', problem: expect.stringContaining('HTTP 404') });
    publish('html.example');
    https.serve('html.example', { contentType: 'text/html', body: policyText('enforce', ['a.example']) });
    expect(await lookupMtaSts('html.example', options())).toMatchObject({ kind: 'unavailable', problem: expect.stringContaining('not text/plain') });
    publish('bad.example');
    https.serve('bad.example', { body: 'version: STSv2\nmode: enforce\nmx: a.example\nmax_age: 1\n' });
    expect(await lookupMtaSts('bad.example', options())).toMatchObject({ kind: 'unavailable', problem: expect.stringContaining('version must be STSv1') });
  });

  it('says what is wrong when the _mta-sts look-up fails', async () => {
    dns.mode('_mta-sts.stsfail.example', 'servfail');
    expect(await lookupMtaSts('stsfail.example', options())).toMatchObject({ kind: 'failed', problem: expect.stringContaining('SERVFAIL') });
  });
});

describe('reverse look-up names', () => {
  it('spells IPv4 and IPv6 addresses as RFC 1035 and RFC 3596 want', () => {
    expect(reverseLookupName('192.0.2.10')).toBe('10.2.0.192.in-addr.arpa');
    expect(reverseLookupName('2001:db8::1')).toBe(
      '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa',
    );
    expect(() => reverseLookupName('backup.example.com')).toThrow('not an IP address');
  });
});
