import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookupMx, parseMxAnswer } from '../../core/dns/mx.ts';
import { localAddresses, routeByMx, type MxRouteOptions } from '../../core/dns/mx-route.ts';
import { createResolver, DnsLookupError, type DnsResolver } from '../../core/dns/resolver.ts';
import { startDnsServer, type TestDnsServer } from '../fixtures/dns-server.ts';

// Addresses from TEST-NET (RFC 5737) and the IPv6 documentation range: never dialled here.
const PRIMARY_IP = '192.0.2.10';
const OTHER_IP = '192.0.2.30';
const SELF_IP = '198.51.100.20';

let dns: TestDnsServer;
let resolver: DnsResolver;

beforeAll(async () => {
  dns = await startDnsServer();
  resolver = createResolver([{ host: '127.0.0.1', port: dns.port }], { timeoutMs: 300, tries: 1 });
  dns.set('mx1.example.com', 'A', [PRIMARY_IP]);
  dns.set('mx1.example.com', 'AAAA', ['2001:db8::10']);
  dns.set('mx2.example.com', 'A', [OTHER_IP]);
  dns.set('mx3.example.com', 'A', ['192.0.2.31']);
  dns.set('backup-mx.example.com', 'A', [SELF_IP]);
});

afterAll(async () => {
  await dns.stop();
});

function self(overrides: Partial<MxRouteOptions> = {}): MxRouteOptions {
  return { resolver, selfNames: ['backup-mx.example.com'], selfAddresses: [SELF_IP, '127.0.0.1', '::1'], ...overrides };
}

function mx(domain: string, records: Array<[number, string]>): void {
  dns.set(domain, 'MX', records.map(([priority, exchange]) => ({ priority, exchange })));
}

async function lookupError(promise: Promise<unknown>): Promise<DnsLookupError> {
  const error: unknown = await promise.then(() => undefined, (reason: unknown) => reason);
  expect(error).toBeInstanceOf(DnsLookupError);
  return error as DnsLookupError;
}

describe('resolver and lookupMx', () => {
  it('reads one MX record, in lower case without the root dot', async () => {
    mx('one.example', [[10, 'MX1.Example.COM.']]);
    expect(await lookupMx(resolver, 'one.example')).toEqual({
      kind: 'mx',
      records: [{ exchange: 'mx1.example.com', priority: 10 }],
    });
  });

  it('sorts several MX records by preference, then by name', async () => {
    mx('several.example', [[30, 'c.example.net'], [10, 'b.example.net'], [20, 'a.example.net'], [10, 'a.example.net']]);
    const lookup = await lookupMx(resolver, 'several.example');
    expect(lookup.kind === 'mx' && lookup.records.map((r) => `${r.priority} ${r.exchange}`)).toEqual([
      '10 a.example.net',
      '10 b.example.net',
      '20 a.example.net',
      '30 c.example.net',
    ]);
  });

  it('gives IPv4 addresses before IPv6 ones', async () => {
    expect(await resolver.resolveAddresses('mx1.example.com')).toEqual([PRIMARY_IP, '2001:db8::10']);
  });

  it('recognises a null MX (RFC 7505)', async () => {
    mx('null.example', [[0, '.']]);
    expect(await lookupMx(resolver, 'null.example')).toEqual({ kind: 'null-mx' });
  });

  it('skips a "." listed beside real hosts, which RFC 7505 forbids, and keeps the real ones', () => {
    const answer = [{ exchange: '', priority: 0 }, { exchange: 'mx1.example.com', priority: 10 }];
    expect(parseMxAnswer('mixed.example', answer)).toEqual({ kind: 'mx', records: [answer[1]] });
  });

  it('falls back to the implicit MX when a domain has no MX records', async () => {
    dns.set('plain.example', 'A', [PRIMARY_IP]);
    expect(await lookupMx(resolver, 'plain.example')).toEqual({ kind: 'no-mx' });
    mx('plain.example', [[10, 'mx1.example.com']]);
    expect((await lookupMx(resolver, 'plain.example')).kind).toBe('mx');
    dns.remove('plain.example', 'MX');
    expect(await lookupMx(resolver, 'plain.example')).toEqual({ kind: 'no-mx' });
  });

  it('reports a domain that does not exist as NXDOMAIN', async () => {
    const error = await lookupError(lookupMx(resolver, 'missing.example'));
    expect(error.code).toBe('NXDOMAIN');
    expect(error.message).toBe('missing.example does not exist in DNS');
  });

  it('reports a failing DNS server as SERVFAIL', async () => {
    dns.mode('broken.example', 'servfail');
    const error = await lookupError(lookupMx(resolver, 'broken.example'));
    expect(error.code).toBe('SERVFAIL');
    expect(error.message).toContain('failed to answer');
  });

  it('reports a silent DNS server as TIMEOUT', async () => {
    dns.mode('silent.example', 'timeout');
    const error = await lookupError(lookupMx(resolver, 'silent.example'));
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toContain('in time');
  });

  it('rejects an MX answer whose exchange is not a host name', async () => {
    mx('malformed.example', [[10, 'mx1.example.com'], [20, 'bad host!.example.com']]);
    const error = await lookupError(lookupMx(resolver, 'malformed.example'));
    expect(error.code).toBe('OTHER');
    expect(error.message).toBe(
      'the MX records of malformed.example are malformed: exchange "bad host!.example.com" is not a host name',
    );
  });

  it('rejects preferences out of range and IP addresses given as exchanges', () => {
    expect(() => parseMxAnswer('d.example', [{ exchange: 'mx.d.example', priority: 70000 }])).toThrow(
      'priority 70000 is not a preference from 0 to 65535',
    );
    expect(() => parseMxAnswer('d.example', [{ exchange: '192.0.2.1', priority: 10 }])).toThrow(
      'exchange "192.0.2.1" is not a host name',
    );
    expect(() => parseMxAnswer('d.example', 'mx.d.example')).toThrow('is not a list of MX records');
  });

  it('refuses a DNS server given by name, since only addresses can be dialled', () => {
    expect(() => createResolver([{ host: 'dns.example', port: 53 }])).toThrow('must be an IP address');
  });
});

describe('routeByMx', () => {
  it('delivers to the primary when this host is listed after it', async () => {
    mx('biz.example', [[20, 'backup-mx.example.com'], [10, 'mx1.example.com']]);
    expect(await routeByMx('BIZ.example.', self())).toEqual({
      kind: 'deliver',
      hosts: [{ host: 'mx1.example.com', port: 25, preference: 10, addresses: [PRIMARY_IP, '2001:db8::10'] }],
    });
  });

  it('leaves out hosts ranked equal to or after this one', async () => {
    mx('ranks.example', [[30, 'mx3.example.com'], [20, 'mx2.example.com'], [20, 'backup-mx.example.com'], [10, 'mx1.example.com']]);
    const route = await routeByMx('ranks.example', self({ port: 2525 }));
    expect(route).toMatchObject({ kind: 'deliver', hosts: [{ host: 'mx1.example.com', port: 2525, preference: 10 }] });
    expect(route.kind === 'deliver' && route.hosts).toHaveLength(1);
  });

  it('tries every host in order when this host is not listed', async () => {
    mx('elsewhere.example', [[20, 'mx2.example.com'], [10, 'mx1.example.com']]);
    const route = await routeByMx('elsewhere.example', self());
    expect(route.kind === 'deliver' && route.hosts.map((host) => host.host)).toEqual(['mx1.example.com', 'mx2.example.com']);
  });

  it('waits when this host has the best preference', async () => {
    mx('first.example', [[10, 'backup-mx.example.com'], [20, 'mx1.example.com']]);
    expect(await routeByMx('first.example', self())).toEqual({
      kind: 'wait',
      reason: 'first.example lists no mail server ranked before this one (MX 10 backup-mx.example.com)',
    });
  });

  it('treats a host that resolves to one of our addresses as this host', async () => {
    dns.set('alias.example.net', 'A', ['127.0.0.1']);
    mx('alias.example', [[10, 'mx1.example.com'], [20, 'mx2.example.com'], [15, 'alias.example.net']]);
    const route = await routeByMx('alias.example', self({ selfNames: [] }));
    expect(route.kind === 'deliver' && route.hosts.map((host) => host.host)).toEqual(['mx1.example.com']);

    mx('alias.example', [[5, 'alias.example.net'], [10, 'mx1.example.com']]);
    expect(await routeByMx('alias.example', self({ selfNames: [] }))).toEqual({
      kind: 'wait',
      reason: 'alias.example lists no mail server ranked before this one (MX 5 alias.example.net)',
    });
  });

  it('knows our addresses in any spelling and the whole loopback range', async () => {
    dns.set('mapped.example.net', 'AAAA', ['::ffff:198.51.100.20']);
    dns.set('loop2.example.net', 'A', ['127.0.0.2']);
    mx('spelling.example', [[10, 'mapped.example.net'], [10, 'loop2.example.net'], [20, 'mx1.example.com']]);
    expect(await routeByMx('spelling.example', self({ selfNames: [] }))).toEqual({
      kind: 'wait',
      reason: 'spelling.example lists no mail server ranked before this one (MX 10 loop2.example.net, MX 10 mapped.example.net)',
    });
  });

  it('waits on a null MX', async () => {
    expect(await routeByMx('null.example', self())).toEqual({
      kind: 'wait',
      reason: 'null.example publishes a null MX record: it accepts no mail (RFC 7505)',
    });
  });

  it('delivers to the domain itself when it has no MX records, unless that is us', async () => {
    dns.set('implicit.example', 'A', [OTHER_IP]);
    expect(await routeByMx('implicit.example', self())).toEqual({
      kind: 'deliver',
      hosts: [{ host: 'implicit.example', port: 25, preference: 0, addresses: [OTHER_IP] }],
    });
    dns.set('implicit.example', 'A', [SELF_IP]);
    expect(await routeByMx('implicit.example', self())).toEqual({
      kind: 'wait',
      reason: "implicit.example publishes no MX records, and the domain's own address is this machine",
    });
  });

  it('waits with the reason when the MX look-up fails', async () => {
    expect(await routeByMx('missing.example', self())).toEqual({ kind: 'wait', reason: 'missing.example does not exist in DNS' });
    expect(await routeByMx('broken.example', self())).toMatchObject({ kind: 'wait', reason: expect.stringContaining('SERVFAIL') });
    expect(await routeByMx('silent.example', self())).toMatchObject({ kind: 'wait', reason: expect.stringContaining('in time') });
    expect(await routeByMx('malformed.example', self())).toMatchObject({ kind: 'wait', reason: expect.stringContaining('malformed') });
  });

  it('waits, naming the trouble, when the hosts ranked before this one cannot be looked up', async () => {
    dns.mode('down.example.net', 'servfail');
    mx('unreachable.example', [[10, 'down.example.net'], [15, 'gone.example.net'], [20, 'backup-mx.example.com']]);
    const route = await routeByMx('unreachable.example', self());
    expect(route.kind).toBe('wait');
    const reason = route.kind === 'wait' ? route.reason : '';
    expect(reason).toMatch(/^the mail servers unreachable\.example ranks before this one could not be looked up: /);
    expect(reason).toContain('down.example.net (SERVFAIL)');
    expect(reason).toContain('gone.example.net does not exist in DNS');
  });
});

describe('localAddresses', () => {
  it('includes the loopback addresses', () => {
    expect(localAddresses()).toEqual(expect.arrayContaining(['127.0.0.1', '::1']));
  });
});
