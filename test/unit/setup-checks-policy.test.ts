import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyText } from '../fixtures/mta-sts-server.ts';
import { byId, MB, publishDomain, startSetupHarness, statuses, type SetupHarness } from './setup-harness.ts';

let h: SetupHarness;

beforeAll(async () => {
  h = await startSetupHarness();
});

afterAll(async () => {
  await h.stop();
});

describe('MTA-STS and the certificate', () => {
  function stsDomain(domain: string, mode: 'enforce' | 'testing', mx: string[]): void {
    publishDomain(h.dns, domain, `backup-mx.${domain}`);
    h.dns.set(`_mta-sts.${domain}`, 'TXT', ['v=STSv1; id=2026;']);
    h.dns.set(`mta-sts.${domain}`, 'A', ['127.0.0.1']);
    h.https.serve(domain, { body: policyText(mode, mx) });
  }

  it('fails when an enforced policy does not list the backup, and says how to fix it', async () => {
    stsDomain('strict.example', 'enforce', ['mx.strict.example']);
    const list = await h.checks({ domain: 'strict.example' }, { hostname: 'backup-mx.strict.example' });
    expect(byId(list, 'mta-sts')).toMatchObject({
      status: 'fail',
      found: expect.stringContaining('senders in enforce mode refuse to deliver to it'),
      action: expect.stringContaining('"mx: backup-mx.strict.example"'),
    });
  });

  it('passes when a wildcard lists the backup, and only warns in testing mode', async () => {
    stsDomain('wild.example', 'enforce', ['mx.wild.example', '*.wild.example']);
    expect(byId(await h.checks({ domain: 'wild.example' }, { hostname: 'backup-mx.wild.example' }), 'mta-sts').status).toBe('pass');
    stsDomain('trial.example', 'testing', ['mx.trial.example']);
    expect(byId(await h.checks({ domain: 'trial.example' }, { hostname: 'backup-mx.trial.example' }), 'mta-sts').status).toBe('warn');
  });

  it('fails a self-signed certificate when senders enforce the policy, and explains why', async () => {
    stsDomain('selfsigned.example', 'enforce', ['mx.selfsigned.example', 'backup-mx.selfsigned.example']);
    const list = await h.checks({ domain: 'selfsigned.example' }, { hostname: 'backup-mx.selfsigned.example' }, { signed: false });
    expect(byId(list, 'tls-certificate')).toMatchObject({
      status: 'fail',
      found: expect.stringContaining('self-signed'),
      action: expect.stringContaining("Let's Encrypt"),
    });
    const otherName = await h.checks({ domain: 'selfsigned.example' }, { hostname: 'backup-mx.selfsigned.example' }, { certHost: 'elsewhere.example' });
    expect(byId(otherName, 'tls-certificate')).toMatchObject({ status: 'fail', found: expect.stringContaining('not issued for backup-mx.selfsigned.example') });
  });

  it('lets a self-signed certificate pass while the domain has no policy', async () => {
    publishDomain(h.dns, 'plain.example', 'backup-mx.plain.example');
    const list = await h.checks({ domain: 'plain.example' }, { hostname: 'backup-mx.plain.example' }, { signed: false });
    expect(byId(list, 'mta-sts')).toMatchObject({ status: 'pass', found: 'plain.example has no MTA-STS policy (no _mta-sts TXT record)' });
    expect(byId(list, 'tls-certificate')).toMatchObject({ status: 'pass', found: expect.stringContaining('self-signed') });
  });
});

describe('checks of the primary', () => {
  it('warns when the primary takes smaller messages than this server', async () => {
    publishDomain(h.dns, 'size.example', 'backup-mx.size.example');
    const list = await h.checks({ domain: 'size.example' }, { hostname: 'backup-mx.size.example', maxSize: 80 * MB });
    expect(byId(list, 'primary-size')).toMatchObject({ status: 'warn', found: 'the primary takes up to 50 MB; this server takes up to 80 MB', action: expect.stringContaining(`${50 * MB} bytes`) });
  });

  it('fails when the primary refuses mail for the domain from this server', async () => {
    publishDomain(h.dns, 'refused.example', 'backup-mx.refused.example');
    h.primary.rcptRule = (address) => (address.endsWith('@refused.example') ? { code: 550, message: 'Relay access denied' } : null);
    try {
      const list = await h.checks({ domain: 'refused.example' }, { hostname: 'backup-mx.refused.example' });
      expect(byId(list, 'primary-accepts')).toMatchObject({ status: 'fail', found: expect.stringContaining('550'), action: expect.stringContaining('allow-list') });
    } finally {
      h.primary.rcptRule = () => null;
    }
  });

  it('fails when the primary does not answer, and does not guess its size or its rules', async () => {
    publishDomain(h.dns, 'down.example', 'backup-mx.down.example');
    await h.primary.down();
    try {
      const list = await h.checks({ domain: 'down.example' }, { hostname: 'backup-mx.down.example' });
      expect(statuses(list)).toMatchObject({ 'primary-reachable': 'fail', 'primary-size': 'not-checked', 'primary-accepts': 'not-checked' });
    } finally {
      await h.primary.up();
    }
  });

  it('does not check a primary that is not set', async () => {
    publishDomain(h.dns, 'unset.example', 'backup-mx.unset.example');
    const list = await h.checks({ domain: 'unset.example' }, { hostname: 'backup-mx.unset.example', primary: null });
    expect(byId(list, 'primary-reachable')).toMatchObject({ status: 'not-checked', found: 'no primary mail server is set' });
  });
});
