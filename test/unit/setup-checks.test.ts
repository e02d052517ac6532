import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyText } from '../fixtures/mta-sts-server.ts';
import { byId, publishDomain, SELF_IP, startSetupHarness, statuses, type SetupHarness } from './setup-harness.ts';

let h: SetupHarness;

beforeAll(async () => {
  h = await startSetupHarness();
});

afterAll(async () => {
  await h.stop();
});

describe('all setup checks of a domain', () => {
  it('pass once the records are published, except what cannot be checked from inside', async () => {
    publishDomain(h.dns, 'shop.example', 'backup-mx.shop.example');
    h.dns.set('20.100.51.198.in-addr.arpa', 'PTR', ['backup-mx.shop.example']);
    h.dns.set('_mta-sts.shop.example', 'TXT', ['v=STSv1; id=1;']);
    h.dns.set('mta-sts.shop.example', 'A', ['127.0.0.1']);
    h.https.serve('shop.example', { body: policyText('enforce', ['mx.shop.example', 'backup-mx.shop.example']) });
    const list = await h.checks({ domain: 'shop.example' });
    const key = `127.0.0.1:${h.dns.port}`;
    expect(statuses(list)).toEqual({
      [`mx-published@${key}`]: 'pass',
      'host-address': 'pass',
      'reverse-dns': 'pass',
      'smtp-listening': 'warn',
      'port-25-outside': 'not-checked',
      'primary-reachable': 'pass',
      'primary-size': 'pass',
      'primary-accepts': 'pass',
      spf: 'pass',
      'mta-sts': 'pass',
      'tls-certificate': 'pass',
    });
    for (const item of list) {
      expect(item.title).not.toBe('');
      expect(item.expected).not.toBe('');
      expect(item.found).not.toBe('');
    }
    expect(byId(list, 'smtp-listening').action).toContain(`forward outside port 25 to port ${h.listener.port}`);
    expect(byId(list, 'port-25-outside')).toMatchObject({ found: expect.stringContaining('cannot be checked from inside'), action: expect.stringContaining('block incoming port 25') });
    expect(byId(list, 'primary-accepts').action).toContain(`allow-list ${SELF_IP}`);
  });

  it('checks the MX on each resolver, and names the one that has not seen it yet', async () => {
    publishDomain(h.lagging, 'shop.example', 'backup-mx.shop.example', null);
    const list = await h.checks({ domain: 'shop.example' }, {}, { resolvers: [h.dns, h.lagging] });
    expect(byId(list, `mx-published@127.0.0.1:${h.dns.port}`).status).toBe('pass');
    expect(byId(list, `mx-published@127.0.0.1:${h.lagging.port}`)).toMatchObject({
      status: 'fail',
      title: `MX records of shop.example on DNS server 127.0.0.1:${h.lagging.port}`,
      found: 'MX 10 mx.shop.example',
      action: expect.stringContaining('preference 20, mail server backup-mx.shop.example'),
    });
  });
});

describe('the MX record check', () => {
  const mxCheck = async (domain: string) => byId(await h.checks({ domain }, { hostname: `backup-mx.${domain}` }), `mx-published@127.0.0.1:${h.dns.port}`);

  it('fails when the backup is listed with a preference not after the primary', async () => {
    publishDomain(h.dns, 'early.example', 'backup-mx.early.example', 5);
    expect(await mxCheck('early.example')).toMatchObject({
      status: 'fail',
      found: 'MX 5 backup-mx.early.example, MX 10 mx.early.example: backup-mx.early.example has preference 5, not higher than the primary\'s 10',
      action: expect.stringContaining('to 20'),
    });
    publishDomain(h.dns, 'equal.example', 'backup-mx.equal.example', 10);
    expect((await mxCheck('equal.example')).status).toBe('fail');
  });

  it('fails on a null MX, on no MX, on SERVFAIL and on a timeout, saying which', async () => {
    h.dns.set('nullmx.example', 'MX', [{ priority: 0, exchange: '.' }]);
    h.dns.set('nomx.example', 'A', ['192.0.2.1']);
    h.dns.mode('servfail.example', 'servfail');
    h.dns.mode('timeout.example', 'timeout');
    expect(await mxCheck('nullmx.example')).toMatchObject({ status: 'fail', found: expect.stringContaining('null MX') });
    expect(await mxCheck('nomx.example')).toMatchObject({ status: 'fail', found: 'nomx.example publishes no MX records' });
    expect(await mxCheck('servfail.example')).toMatchObject({ status: 'fail', found: expect.stringContaining('SERVFAIL') });
    expect(await mxCheck('timeout.example')).toMatchObject({ status: 'fail', found: expect.stringContaining('in time') });
  });

  it('fails when the backup is the only MX', async () => {
    h.dns.set('alone.example', 'MX', [{ priority: 10, exchange: 'backup-mx.alone.example' }]);
    expect(await mxCheck('alone.example')).toMatchObject({ status: 'fail', found: expect.stringContaining('the only mail server') });
  });
});

describe('address, reverse name and SPF checks', () => {
  it('fails a host name that points elsewhere, and does not compare without a public address', async () => {
    publishDomain(h.dns, 'moved.example', 'backup-mx.moved.example');
    h.dns.set('backup-mx.moved.example', 'A', ['203.0.113.9']);
    const list = await h.checks({ domain: 'moved.example' }, { hostname: 'backup-mx.moved.example' });
    expect(byId(list, 'host-address')).toMatchObject({ status: 'fail', found: 'backup-mx.moved.example resolves to 203.0.113.9', action: expect.stringContaining(SELF_IP) });
    const unknown = await h.checks({ domain: 'moved.example' }, { hostname: 'backup-mx.moved.example', publicAddress: null });
    expect(statuses(unknown)).toMatchObject({ 'host-address': 'not-checked', 'reverse-dns': 'not-checked', spf: 'not-checked' });
  });

  it('warns on a reverse name that is not the backup host', async () => {
    publishDomain(h.dns, 'ptr.example', 'backup-mx.ptr.example');
    h.dns.set('21.100.51.198.in-addr.arpa', 'PTR', ['dsl-21.provider.example']);
    const list = await h.checks({ domain: 'ptr.example', publicAddress: '198.51.100.21' }, { hostname: 'backup-mx.ptr.example' });
    expect(byId(list, 'reverse-dns')).toMatchObject({ status: 'warn', found: 'the reverse name of 198.51.100.21 is dsl-21.provider.example', action: expect.stringContaining('Internet provider') });
  });

  it('warns when SPF does not allow this server, with the record to publish, unless bounces use a relay', async () => {
    publishDomain(h.dns, 'spf.example', 'backup-mx.spf.example');
    h.dns.set('spf.example', 'TXT', ['v=spf1 ip4:192.0.2.10 -all']);
    const list = await h.checks({ domain: 'spf.example' }, { hostname: 'backup-mx.spf.example' });
    expect(byId(list, 'spf')).toMatchObject({ status: 'warn', action: expect.stringContaining('"v=spf1 ip4:192.0.2.10 ip4:198.51.100.20 -all"') });
    const relayed = await h.checks({ domain: 'spf.example' }, { hostname: 'backup-mx.spf.example', bounceRelay: 'relay.example:587' });
    expect(byId(relayed, 'spf')).toMatchObject({ status: 'pass', found: 'bounces go out through the bounce relay relay.example:587' });
  });
});
