import { formatHostPort } from '../config/runtime.ts';
import { lookupMtaSts, type MtaStsLookup } from '../dns/mta-sts-fetch.ts';
import { stsAllows } from '../dns/mta-sts-policy.ts';
import { checkSpf, spfWithAddress } from '../dns/spf.ts';
import { judgeCertificate } from './certificate.ts';
import { check, type SetupCheck } from './check.ts';
import type { SetupContext } from './context.ts';

/** Checks of the domain's sending and TLS policies as they concern a backup MX: SPF and MTA-STS. */

/** Bounces (DSNs) this server sends must pass SPF, or go out through the bounce relay. */
export async function spf(context: SetupContext): Promise<SetupCheck> {
  const { domain, publicAddress } = context;
  const title = `SPF of ${domain}`;
  const expected = `the SPF record of ${domain} allows ${publicAddress ?? "this server's public address"}, or bounces go out through a bounce relay`;
  if (context.bounceRelay) {
    return check('spf', title, 'pass', {
      expected,
      found: `bounces go out through the bounce relay ${formatHostPort(context.bounceRelay)}`,
      action: `Make sure the SPF record of ${domain} allows the bounce relay.`,
    });
  }
  if (!publicAddress) {
    return check('spf', title, 'not-checked', { expected, found: 'the public address is not filled in', action: "Fill in this server's public address (Settings, publicAddress)." });
  }
  const result = await checkSpf(context.resolver, domain, publicAddress);
  const why = 'This server sends bounces (delivery status notices) when mail cannot be delivered in its lifetime; receivers that check SPF may reject or junk them.';
  switch (result.verdict) {
    case 'pass':
      return check('spf', title, 'pass', { expected, found: result.detail });
    case 'none':
      return check('spf', title, 'warn', {
        expected,
        found: result.detail,
        action: `${why} If you publish an SPF record for ${domain}, include ${publicAddress}; or set a bounce relay (bounceRelay) that is allowed to send for ${domain}.`,
      });
    case 'temperror':
      return check('spf', title, 'warn', { expected, found: `the SPF record could not be checked: ${result.detail}`, action: 'Check again later.' });
    case 'permerror':
      return check('spf', title, 'warn', {
        expected,
        found: `the SPF record is broken: ${result.detail}`,
        action: `Receivers treat a broken SPF record as an error for all mail from ${domain}. Have it repaired, and include ${publicAddress}.`,
      });
    default: {
      const suggestion = result.record ? ` For example: "${spfWithAddress(result.record, publicAddress)}".` : '';
      return check('spf', title, 'warn', {
        expected,
        found: `${result.detail} (SPF result: ${result.verdict})`,
        action: `${why} Add ${publicAddress} to the SPF record of ${domain}, or set a bounce relay (bounceRelay) that is allowed to send for ${domain}.${suggestion}`,
      });
    }
  }
}

export function lookupPolicy(context: SetupContext): Promise<MtaStsLookup> {
  return lookupMtaSts(context.domain, {
    resolver: context.resolver,
    timeoutMs: context.httpsTimeoutMs,
    ...(context.mtaStsPort ? { port: context.mtaStsPort } : {}),
    ...(context.trust ? { ca: context.trust } : {}),
  });
}

/** If the domain has an MTA-STS policy, the backup host must be one of its mx patterns (RFC 8461 4.1). */
export function mtaStsListed(context: SetupContext, lookup: MtaStsLookup): SetupCheck {
  const { domain, backupHost } = context;
  const title = `MTA-STS policy of ${domain}`;
  const expected = `if ${domain} has an MTA-STS policy, it lists ${backupHost} in an "mx:" line`;
  switch (lookup.kind) {
    case 'none':
      return check('mta-sts', title, 'pass', { expected, found: `${domain} has no MTA-STS policy (no _mta-sts TXT record)` });
    case 'failed':
      return check('mta-sts', title, 'warn', { expected, found: lookup.problem, action: `Senders ignore a broken _mta-sts.${domain} record: repair it or remove it.` });
    case 'unavailable':
      return check('mta-sts', title, 'warn', {
        expected,
        found: `_mta-sts.${domain} exists, but the policy at ${lookup.url} could not be read: ${lookup.problem}`,
        action: `Senders that stored the policy earlier keep using it. Repair the policy file, and make sure it lists "mx: ${backupHost}".`,
      });
    case 'policy': {
      const { policy } = lookup;
      const found = `mode ${policy.mode}, mx: ${policy.mx.join(', ') || '(none)'}`;
      if (policy.mode === 'none' || stsAllows(policy, backupHost)) return check('mta-sts', title, 'pass', { expected, found });
      const action = `Add the line "mx: ${backupHost}" to the policy file at ${lookup.url}, then change the id in the _mta-sts.${domain} TXT record so senders fetch the new policy.`;
      if (policy.mode === 'testing') return check('mta-sts', title, 'warn', { expected, found: `${found}: ${backupHost} is not listed; in testing mode senders only report it`, action });
      return check('mta-sts', title, 'fail', { expected, found: `${found}: ${backupHost} is not listed, so senders in enforce mode refuse to deliver to it`, action });
    }
  }
}

/** Our STARTTLS certificate must be valid for the backup host when senders enforce MTA-STS (RFC 8461 4.2). */
export function tlsCertificate(context: SetupContext, lookup: MtaStsLookup): SetupCheck {
  const { backupHost } = context;
  const title = `TLS certificate for ${backupHost}`;
  const verdict = judgeCertificate(context.certificate, backupHost, context.trust ? { trust: context.trust } : {});
  const mode = lookup.kind === 'policy' ? lookup.policy.mode : 'none';
  const expected = `a certificate valid for ${backupHost}, signed by a certificate authority senders trust${mode === 'none' ? ' (needed once the domain enforces MTA-STS)' : ''}`;
  if (verdict.valid) return check('tls-certificate', title, 'pass', { expected, found: `valid for ${backupHost} (${verdict.subject})` });
  const action =
    `Get a certificate for ${backupHost} from a certificate authority (for example Let's Encrypt, free) and set it in Settings (tls.cert and tls.key). ` +
    'Senders that enforce MTA-STS check the certificate and refuse to deliver when it is self-signed or for another name; other senders use it only to encrypt.';
  if (mode === 'enforce') return check('tls-certificate', title, 'fail', { expected, found: `${verdict.problem}: senders enforcing the domain's MTA-STS policy will refuse this server`, action });
  if (mode === 'testing') return check('tls-certificate', title, 'warn', { expected, found: `${verdict.problem}: senders testing the MTA-STS policy will report it`, action });
  return check('tls-certificate', title, 'pass', {
    expected,
    found: `${verdict.problem}; fine while the domain does not enforce MTA-STS: senders still use it to encrypt`,
    action,
  });
}
