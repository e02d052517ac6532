import type { EngineConfig } from '../config/runtime.ts';
import { domainOf } from '../store/messages.ts';
import { reply, type SmtpReply } from './smtp-error.ts';

export type Verdict = { accept: true } | { accept: false; error: SmtpReply };

/** Answers RCPT with the primary's own knowledge (the `verify` policy). */
export interface RecipientVerifier {
  verify(address: string): Promise<Verdict>;
}

const ACCEPT: Verdict = { accept: true };

/** RFC 5321 4.5.1: every mail server takes mail for this mailbox, whatever else it refuses. */
const POSTMASTER = 'postmaster';

/** The domainless `postmaster` recipient (RFC 5321 4.1.1.3) becomes the postmaster of the first configured domain. */
export function withPostmasterDomain(address: string, config: EngineConfig): string {
  const [first] = config.domains;
  return address.toLowerCase() === POSTMASTER && first !== undefined ? `${POSTMASTER}@${first}` : address;
}

function listed(address: string, list: readonly string[]): boolean {
  const wildcard = `*@${domainOf(address)}`;
  return list.includes(address) || list.includes(wildcard);
}

/**
 * Whom this server takes mail for. Domains first, always: a backup MX that
 * accepted other domains would be an open relay (DESIGN.md promise 4).
 */
export async function checkRecipient(address: string, config: EngineConfig, verifier: RecipientVerifier): Promise<Verdict> {
  const normalized = address.toLowerCase();
  if (config.domains.size === 0) {
    return { accept: false, error: reply(550, '5.7.1 This backup mail server is not set up yet: it accepts mail for no domain') };
  }
  if (!config.domains.has(domainOf(normalized))) {
    return { accept: false, error: reply(550, `5.7.1 Relaying denied: this server does not accept mail for ${domainOf(normalized)}`) };
  }
  if (normalized === `${POSTMASTER}@${domainOf(normalized)}`) return ACCEPT;
  switch (config.settings.recipientPolicy) {
    case 'any':
      return ACCEPT;
    case 'list':
      return listed(normalized, config.settings.recipients)
        ? ACCEPT
        : { accept: false, error: reply(550, '5.1.1 Recipient address rejected: no such user here') };
    case 'verify':
      return verifier.verify(normalized);
  }
}
