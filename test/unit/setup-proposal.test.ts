import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookupDomain } from '../../core/dns/domain-report.ts';
import { createResolver, type RecordResolver } from '../../core/dns/resolver.ts';
import { GUIDE_PLACEHOLDERS, loadGuides } from '../../core/setup/guides.ts';
import { propose } from '../../core/setup/proposal.ts';
import { startDnsServer, type TestDnsServer } from '../fixtures/dns-server.ts';

let dns: TestDnsServer;
let resolver: RecordResolver;

beforeAll(async () => {
  dns = await startDnsServer();
  resolver = createResolver([{ host: '127.0.0.1', port: dns.port }], { timeoutMs: 300, tries: 1 });
  dns.set('mx1.example.com', 'A', ['192.0.2.10']);
});

afterAll(async () => {
  await dns.stop();
});

async function proposalFor(domain: string, hostname: string, address: string | null) {
  return propose(await lookupDomain(resolver, domain, [hostname]), hostname, address);
}

describe('the proposal', () => {
  it('proposes an A record and an MX ranked 10 after the primary, as a table and a zone snippet', async () => {
    dns.set('shop.example', 'MX', [{ priority: 10, exchange: 'mx1.example.com' }]);
    const proposal = await proposalFor('shop.example', 'backup-mx.shop.example', '198.51.100.20');
    expect(proposal).toMatchObject({ primaryPreference: 10, preference: 20, missing: [], notes: [] });
    expect(proposal.lookup.primary).toBe('mx1.example.com');
    expect(proposal.records.map(({ type, name, host, value, priority, ttl }) => ({ type, name, host, value, priority, ttl }))).toEqual([
      { type: 'A', name: 'backup-mx.shop.example', host: 'backup-mx', value: '198.51.100.20', priority: null, ttl: 3600 },
      { type: 'MX', name: 'shop.example', host: '@', value: 'backup-mx.shop.example', priority: 20, ttl: 3600 },
    ]);
    expect(proposal.zone).toBe(
      [
        '; MX Standby: the backup MX of shop.example',
        'backup-mx.shop.example.\t3600\tIN\tA\t198.51.100.20',
        'shop.example.\t3600\tIN\tMX\t20 backup-mx.shop.example.',
        '',
      ].join('\n'),
    );
  });

  it('ranks the backup after the best of several MX hosts', async () => {
    dns.set('many.example', 'MX', [{ priority: 30, exchange: 'mx2.example.com' }, { priority: 15, exchange: 'mx1.example.com' }]);
    expect((await proposalFor('many.example', 'backup-mx.many.example', '198.51.100.20')).preference).toBe(25);
  });

  it('says the public address must be filled in, and leaves that line commented out', async () => {
    const proposal = await proposalFor('shop.example', 'backup-mx.shop.example', null);
    expect(proposal.records[0]).toMatchObject({ type: 'A', value: null });
    expect(proposal.missing).toEqual([expect.stringContaining("this server's public address")]);
    expect(proposal.zone).toContain('; backup-mx.shop.example.\t3600\tIN\tA\tPUBLIC-ADDRESS\n');
    expect(proposal.zone).toContain('where it says PUBLIC-ADDRESS');
  });

  it('proposes an AAAA record for an IPv6 address', async () => {
    const proposal = await proposalFor('shop.example', 'backup-mx.shop.example', '2001:db8::25');
    expect(proposal.records[0]).toMatchObject({ type: 'AAAA', value: '2001:db8::25' });
    expect(proposal.zone).toContain('backup-mx.shop.example.\t3600\tIN\tAAAA\t2001:db8::25\n');
  });

  it('notices a backup already listed, with a wrong preference or a right one', async () => {
    dns.set('wrong.example', 'MX', [{ priority: 10, exchange: 'mx1.example.com' }, { priority: 5, exchange: 'backup-mx.wrong.example' }]);
    const wrong = await proposalFor('wrong.example', 'backup-mx.wrong.example', '198.51.100.20');
    expect(wrong.primaryPreference).toBe(10);
    expect(wrong.notes).toEqual(['backup-mx.wrong.example is already listed with preference 5, not after the primary\'s 10: change it to 20.']);
    dns.set('right.example', 'MX', [{ priority: 10, exchange: 'mx1.example.com' }, { priority: 50, exchange: 'backup-mx.right.example' }]);
    expect((await proposalFor('right.example', 'backup-mx.right.example', '198.51.100.20')).notes).toEqual([
      'backup-mx.right.example is already listed with preference 50, after the primary: the MX record needs no change.',
    ]);
  });

  it('asks for the primary MX first when the domain has none, or says it takes no mail', async () => {
    dns.set('bare.example', 'A', ['192.0.2.1']);
    const bare = await proposalFor('bare.example', 'backup-mx.bare.example', '198.51.100.20');
    expect(bare).toMatchObject({ primaryPreference: null, preference: 20 });
    expect(bare.notes).toEqual([expect.stringContaining('no MX records'), expect.stringContaining("Publish the primary mail server's MX record first")]);
    dns.set('nullmx.example', 'MX', [{ priority: 0, exchange: '.' }]);
    expect((await proposalFor('nullmx.example', 'backup-mx.nullmx.example', '198.51.100.20')).notes[0]).toContain('null MX');
  });

  it('says where the address record goes when the host name is outside the domain', async () => {
    const proposal = await proposalFor('shop.example', 'mx.office.example.net', '198.51.100.20');
    expect(proposal.records[0]).toMatchObject({ name: 'mx.office.example.net', host: 'mx.office.example.net' });
    expect(proposal.notes).toContain("mx.office.example.net is not inside shop.example: add its address record where mx.office.example.net's domain is managed.");
  });
});

describe('the provider guides', () => {
  it('load from resources/dns-guides, valid, with the generic guide last', async () => {
    const guides = await loadGuides();
    expect(guides.map((guide) => guide.id)).toEqual([
      'cloudflare',
      'godaddy',
      'namecheap',
      'squarespace',
      'route53',
      'microsoft365',
      'google-workspace',
      'ionos',
      'ovh',
      'generic',
    ]);
    for (const guide of guides) {
      const words = [...guide.steps, ...guide.notes].join('\n');
      expect(words, guide.id).toContain('{preference}');
      expect(words, guide.id).toContain('{address}');
      for (const [, name] of words.matchAll(/\{(\w+)\}/g)) expect(Object.keys(GUIDE_PLACEHOLDERS)).toContain(name);
    }
  });

  it('refuse a guide with an unknown placeholder, naming the file and the field', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mx-standby-guides-'));
    try {
      const guide = { id: 'broken', name: 'Broken', order: 1, manageUrl: null, steps: ['One {domain}', 'Two {mailbox}', 'Three'], notes: [] };
      await writeFile(join(dir, 'broken.json'), JSON.stringify(guide));
      await expect(loadGuides(dir)).rejects.toThrow(/broken\.json: .*placeholder other than[\s\S]*steps\[1\]/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
