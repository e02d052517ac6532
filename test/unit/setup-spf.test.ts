import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResolver, type RecordResolver } from '../../core/dns/resolver.ts';
import { checkSpf, spfWithAddress } from '../../core/dns/spf.ts';
import { startDnsServer, type TestDnsServer } from '../fixtures/dns-server.ts';

const SELF = '198.51.100.20';

let dns: TestDnsServer;
let resolver: RecordResolver;

beforeAll(async () => {
  dns = await startDnsServer();
  resolver = createResolver([{ host: '127.0.0.1', port: dns.port }], { timeoutMs: 300, tries: 1 });
  dns.set('backup-mx.example.com', 'A', [SELF]);
  dns.set('mx1.example.com', 'A', ['192.0.2.10']);
});

afterAll(async () => {
  await dns.stop();
});

function spf(domain: string, record: string | string[]): void {
  dns.set(domain, 'TXT', ['google-site-verification=abc', record]);
}

describe('checkSpf', () => {
  it('passes an address listed with ip4, in a range or on its own', async () => {
    spf('ip4.example', 'v=spf1 ip4:192.0.2.0/24 ip4:198.51.100.20 -all');
    expect(await checkSpf(resolver, 'ip4.example', SELF)).toMatchObject({ verdict: 'pass', detail: expect.stringContaining('"ip4:198.51.100.20"') });
    spf('range.example', 'v=spf1 ip4:198.51.100.0/24 -all');
    expect((await checkSpf(resolver, 'range.example', SELF)).verdict).toBe('pass');
  });

  it('passes a backup MX through the "mx" mechanism once its MX record is published', async () => {
    dns.set('mxspf.example', 'MX', [{ priority: 10, exchange: 'mx1.example.com' }]);
    spf('mxspf.example', 'v=spf1 mx ~all');
    expect((await checkSpf(resolver, 'mxspf.example', SELF)).verdict).toBe('softfail');
    dns.set('mxspf.example', 'MX', [{ priority: 10, exchange: 'mx1.example.com' }, { priority: 20, exchange: 'backup-mx.example.com' }]);
    expect((await checkSpf(resolver, 'mxspf.example', SELF)).verdict).toBe('pass');
  });

  it('follows include and redirect, and reads an SPF record split into several strings', async () => {
    dns.set('_spf.provider.example', 'TXT', [['v=spf1 ip4:198.51.100.0/25 ', '~all']]);
    spf('include.example', 'v=spf1 include:_spf.provider.example -all');
    expect((await checkSpf(resolver, 'include.example', SELF)).verdict).toBe('pass');
    spf('redirect.example', 'v=spf1 redirect=include.example');
    expect((await checkSpf(resolver, 'redirect.example', SELF)).verdict).toBe('pass');
  });

  it('says fail, softfail or none as the record decides', async () => {
    spf('fail.example', 'v=spf1 ip4:192.0.2.10 -all');
    expect(await checkSpf(resolver, 'fail.example', SELF)).toMatchObject({ verdict: 'fail', record: 'v=spf1 ip4:192.0.2.10 -all' });
    spf('soft.example', 'v=spf1 a ~all');
    dns.set('soft.example', 'A', ['192.0.2.10']);
    expect((await checkSpf(resolver, 'soft.example', SELF)).verdict).toBe('softfail');
    dns.set('nospf.example', 'TXT', ['hello']);
    expect(await checkSpf(resolver, 'nospf.example', SELF)).toMatchObject({ verdict: 'none', record: null });
  });

  it('calls two SPF records, an include without SPF, and too many look-ups a permanent error', async () => {
    dns.set('two.example', 'TXT', ['v=spf1 -all', 'v=spf1 +all']);
    expect(await checkSpf(resolver, 'two.example', SELF)).toMatchObject({ verdict: 'permerror', detail: expect.stringContaining('2 SPF records') });
    spf('dangling.example', 'v=spf1 include:nothing.example -all');
    expect((await checkSpf(resolver, 'dangling.example', SELF)).verdict).toBe('permerror');
    for (let index = 0; index < 11; index += 1) dns.set(`loop${index}.example`, 'TXT', [`v=spf1 include:loop${index + 1}.example -all`]);
    expect(await checkSpf(resolver, 'loop0.example', SELF)).toMatchObject({ verdict: 'permerror', detail: expect.stringContaining('more than 10') });
  });

  it('calls a SERVFAIL a temporary error', async () => {
    dns.mode('broken-spf.example', 'servfail');
    spf('uses-broken.example', 'v=spf1 include:broken-spf.example -all');
    expect((await checkSpf(resolver, 'broken-spf.example', SELF)).verdict).toBe('temperror');
    expect((await checkSpf(resolver, 'uses-broken.example', SELF)).verdict).toBe('temperror');
  });

  it('says which terms it did not evaluate when they might have matched', async () => {
    spf('macro.example', 'v=spf1 exists:%{i}.spf.example ptr -all');
    expect(await checkSpf(resolver, 'macro.example', SELF)).toMatchObject({ verdict: 'fail', detail: expect.stringContaining('not evaluated here') });
  });
});

describe('spfWithAddress', () => {
  it('adds the address before the final all or redirect', () => {
    expect(spfWithAddress('v=spf1 include:_spf.google.com ~all', SELF)).toBe('v=spf1 include:_spf.google.com ip4:198.51.100.20 ~all');
    expect(spfWithAddress('v=spf1 redirect=_spf.example', '2001:db8::5')).toBe('v=spf1 ip6:2001:db8::5 redirect=_spf.example');
    expect(spfWithAddress('v=spf1 mx', SELF)).toBe('v=spf1 mx ip4:198.51.100.20');
  });
});
