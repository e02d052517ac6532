import { formatHostPort, type HostPort } from '../config/runtime.ts';
import { probeSmtp } from '../health/probe.ts';
import { check, type SetupCheck } from './check.ts';
import type { SetupContext } from './context.ts';
import type { PrimaryDialog } from './primary-dialog.ts';

/** Checks of the mail path: our listener, port 25 from outside, and the primary as seen from here. */

const MB = 1024 * 1024;

function megabytes(bytes: number): string {
  return `${Number((bytes / MB).toFixed(1))} MB`;
}

// A listener on every address is reached on loopback from this machine.
function dialable(address: HostPort): HostPort {
  if (address.host === '0.0.0.0') return { ...address, host: '127.0.0.1' };
  if (address.host === '::') return { ...address, host: '::1' };
  return address;
}

/** This server's SMTP listener answers, on port 25 as the Internet expects. */
export async function smtpListening(context: SetupContext): Promise<SetupCheck> {
  const listening = formatHostPort(context.smtpAddress);
  const title = "This server's SMTP listener";
  const expected = 'the SMTP listener answers on port 25';
  const probe = await probeSmtp(dialable(context.smtpAddress), { heloName: context.heloName, timeoutMs: context.smtpTimeoutMs });
  if (!probe.ok) {
    return check('smtp-listening', title, 'fail', {
      expected,
      found: `the listener on ${listening} did not answer: ${probe.error}`,
      action: 'Start MX Standby (mx-standby serve) and make sure no other program holds its port.',
    });
  }
  if (context.smtpAddress.port !== 25) {
    return check('smtp-listening', title, 'warn', {
      expected,
      found: `the listener answers on ${listening}, not on port 25`,
      action: `Senders always connect to port 25. On your router, forward outside port 25 to port ${context.smtpAddress.port} of this computer, or let MX Standby use port 25 itself.`,
    });
  }
  return check('smtp-listening', title, 'pass', { expected, found: `the listener answers on ${listening}` });
}

/** Port 25 from the Internet: cannot be tested from inside, so say so and say what to do. */
export function port25Outside(context: SetupContext): SetupCheck {
  const where = context.publicAddress ?? context.backupHost;
  return check('port-25-outside', 'Port 25 reachable from the Internet', 'not-checked', {
    expected: `mail servers on the Internet can connect to ${where} on port 25`,
    found: 'This cannot be checked from inside your own network: a test from here does not pass through your router the way mail from outside does.',
    action:
      `On your router, forward TCP port 25 to this computer (port ${context.smtpAddress.port}), and allow it in this computer's firewall. ` +
      'Many Internet providers block incoming port 25 on home and some business lines: ask yours to open it, or to give you a business line that allows it. ' +
      `Then test from outside, for example with an online SMTP test aimed at ${context.backupHost}.`,
  });
}

function noPrimary(id: string, title: string, expected: string, context: SetupContext): SetupCheck {
  const found = context.primarySource === 'none' ? 'no primary mail server is set' : `no primary mail server was found in the MX records of ${context.domain}`;
  return check(id, title, 'not-checked', { expected, found, action: 'Set the primary mail server in Settings (or publish its MX record), then check again.' });
}

/** The primary answers from here (the same probe as the health monitor's). */
export async function primaryReachable(context: SetupContext): Promise<SetupCheck> {
  const title = 'The primary mail server, from here';
  const expected = 'the primary mail server answers SMTP from this computer';
  if (!context.primary) return noPrimary('primary-reachable', title, expected, context);
  const target = formatHostPort(context.primary);
  const probe = await probeSmtp(context.primary, { heloName: context.heloName, timeoutMs: context.smtpTimeoutMs });
  if (probe.ok) return check('primary-reachable', title, 'pass', { expected, found: `${target} answered in ${probe.latencyMs} ms` });
  return check('primary-reachable', title, 'fail', {
    expected,
    found: `${target}: ${probe.error}`,
    action: `Check the primary's address in Settings, and that this computer may make outgoing connections to port ${context.primary.port} (some Internet providers block outgoing port 25 too).`,
  });
}

/** The primary takes messages as large as we accept, or mail we take would bounce later. */
export function primarySize(context: SetupContext, dialog: PrimaryDialog | null): SetupCheck {
  const title = 'Message size limit of the primary';
  const expected = `the primary takes messages as large as this server does (${megabytes(context.maxSize)})`;
  if (!context.primary || !dialog) return noPrimary('primary-size', title, expected, context);
  if (dialog.ehlo === null) {
    return check('primary-size', title, 'not-checked', { expected, found: `the primary did not get as far as EHLO: ${dialog.problem ?? 'no answer'}` });
  }
  if (dialog.size === null) return check('primary-size', title, 'pass', { expected, found: 'the primary announces no size limit (no SIZE in its EHLO answer)' });
  if (dialog.size === 0) return check('primary-size', title, 'pass', { expected, found: 'the primary announces SIZE without a limit' });
  const found = `the primary takes up to ${megabytes(dialog.size)}; this server takes up to ${megabytes(context.maxSize)}`;
  if (dialog.size >= context.maxSize) return check('primary-size', title, 'pass', { expected, found });
  return check('primary-size', title, 'warn', {
    expected,
    found,
    action: `Set this server's largest message (maxSize) to ${dialog.size} bytes or less. Otherwise a message between the two limits is accepted here, refused by the primary later, and bounced.`,
  });
}

/** The primary accepts mail for the domain relayed from this server. */
export function primaryAccepts(context: SetupContext, dialog: PrimaryDialog | null): SetupCheck {
  const title = 'The primary accepts mail relayed from this server';
  const expected = `the primary accepts mail for ${context.domain} from this server`;
  if (!context.primary || !dialog) return noPrimary('primary-accepts', title, expected, context);
  const address = context.publicAddress ?? "this server's public address";
  const allowList =
    `In the primary's spam filter, allow-list ${address} (${context.backupHost}) and skip SPF and sender-reputation checks for it: ` +
    'mail relayed by a backup MX comes from this server, not from the original sender, so those checks would wrongly fail.';
  if (!dialog.rcpt) {
    return check('primary-accepts', title, 'not-checked', { expected, found: `the test conversation ended early: ${dialog.problem ?? 'no answer'}`, action: allowList });
  }
  const answer = `${dialog.rcpt.code} ${dialog.rcpt.text}`;
  if (dialog.rcpt.code < 300) {
    return check('primary-accepts', title, 'pass', {
      expected,
      found: `the primary accepted a test recipient (postmaster@${context.domain}) from this computer; no mail was sent`,
      action: allowList,
    });
  }
  const status = dialog.rcpt.code < 500 ? 'warn' : 'fail';
  return check('primary-accepts', title, status, { expected, found: `the primary answered ${answer} for postmaster@${context.domain}`, action: allowList });
}
