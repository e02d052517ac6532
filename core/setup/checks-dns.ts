import { lookupMx, type MxRecord } from '../dns/mx.ts';
import { check, describeError, type SetupCheck } from './check.ts';
import type { NamedResolver, SetupContext } from './context.ts';

/** Checks of the records the owner adds: the backup MX on every resolver, its address, and the reverse name. */

const PROPAGATION = 'A change can take as long as the old record\'s TTL (often an hour) to show on every DNS server.';

function listing(records: MxRecord[]): string {
  return records.map((record) => `MX ${record.priority} ${record.exchange}`).join(', ');
}

/** The backup MX is published on this resolver, ranked after the primary. */
export async function mxPublished(context: SetupContext, named: NamedResolver): Promise<SetupCheck> {
  const { domain, backupHost } = context;
  const id = `mx-published@${named.key}`;
  const title = `MX records of ${domain} on ${named.label}`;
  const expected = `an MX record for ${backupHost} with a preference number higher than the primary's`;
  const result = (status: 'pass' | 'fail', found: string, action: string | null = null) => check(id, title, status, { expected, found, action });
  let lookup;
  try {
    lookup = await lookupMx(named.resolver, domain);
  } catch (error) {
    return result('fail', describeError(error), `${named.label} could not answer for ${domain}. If this lasts, check that this DNS server works and that your DNS host is not having trouble.`);
  }
  if (lookup.kind === 'null-mx') {
    return result('fail', `${domain} publishes a null MX record (".") saying it takes no mail`, `Remove the null MX record, publish your primary mail server's MX record, then add the backup one.`);
  }
  if (lookup.kind === 'no-mx') {
    return result('fail', `${domain} publishes no MX records`, `Publish your primary mail server's MX record first (your email provider says which), then add the backup one.`);
  }
  const ours = lookup.records.filter((record) => record.exchange === backupHost);
  const others = lookup.records.filter((record) => record.exchange !== backupHost);
  const found = listing(lookup.records);
  if (others.length === 0) {
    return result('fail', `${found}: this server is the only mail server listed`, `Publish your primary mail server's MX record with a lower preference number than ${backupHost}'s.`);
  }
  const primary = Math.min(...others.map((record) => record.priority));
  const suggested = Math.min(primary + 10, 65535);
  if (ours.length === 0) {
    return result('fail', found, `Add an MX record for ${domain}: preference ${suggested}, mail server ${backupHost}. ${PROPAGATION}`);
  }
  const best = Math.min(...ours.map((record) => record.priority));
  if (best <= primary) {
    return result(
      'fail',
      `${found}: ${backupHost} has preference ${best}, not higher than the primary's ${primary}`,
      `Change the preference of the ${backupHost} MX record to ${suggested}. As it is, senders bring mail here even while the primary is up, and this server holds it back instead of passing it on.`,
    );
  }
  return result('pass', found);
}

/** The backup host name resolves to this machine's public address. */
export async function hostAddress(context: SetupContext): Promise<SetupCheck> {
  const { backupHost, publicAddress } = context;
  const title = `Address of ${backupHost}`;
  const expected = publicAddress ? `${backupHost} resolves to ${publicAddress}, this server's public address` : `${backupHost} resolves to this server's public address`;
  let addresses: string[];
  try {
    addresses = await context.resolver.resolveAddresses(backupHost);
  } catch (error) {
    const value = publicAddress ?? "this server's public address";
    return check('host-address', title, 'fail', { expected, found: describeError(error), action: `Add an A record (AAAA for IPv6): ${backupHost} → ${value}. ${PROPAGATION}` });
  }
  const found = `${backupHost} resolves to ${addresses.join(', ')}`;
  if (!publicAddress) {
    return check('host-address', title, 'not-checked', { expected, found, action: "Fill in this server's public address (Settings, publicAddress) so it can be compared." });
  }
  if (addresses.includes(publicAddress)) return check('host-address', title, 'pass', { expected, found });
  return check('host-address', title, 'fail', { expected, found, action: `Change the A record of ${backupHost} to ${publicAddress}. ${PROPAGATION}` });
}

/** Reverse DNS (PTR) of the public address names the backup host. */
export async function reverseDns(context: SetupContext): Promise<SetupCheck> {
  const { backupHost, publicAddress } = context;
  const title = 'Reverse DNS (PTR) of the public address';
  const expected = `the reverse name of ${publicAddress ?? "this server's public address"} is ${backupHost}`;
  const askProvider = `Ask your Internet provider, who owns the address, to set its reverse DNS (PTR) to ${backupHost}. Mail servers distrust bounces from an address without a matching reverse name; receiving mail works without it.`;
  if (!publicAddress) {
    return check('reverse-dns', title, 'not-checked', { expected, found: 'the public address is not filled in', action: "Fill in this server's public address (Settings, publicAddress)." });
  }
  let names: string[];
  try {
    names = await context.resolver.reverse(publicAddress);
  } catch (error) {
    return check('reverse-dns', title, 'warn', { expected, found: describeError(error), action: askProvider });
  }
  if (names.length === 0) return check('reverse-dns', title, 'warn', { expected, found: `${publicAddress} has no reverse name`, action: askProvider });
  const found = `the reverse name of ${publicAddress} is ${names.join(', ')}`;
  if (names.includes(backupHost)) return check('reverse-dns', title, 'pass', { expected, found });
  return check('reverse-dns', title, 'warn', { expected, found, action: askProvider });
}
