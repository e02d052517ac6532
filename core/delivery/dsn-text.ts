import texts from '../../resources/bounce-texts.json' with { type: 'json' };
import type { DsnInput, DsnRecipient } from './dsn.ts';
import { displayText, rfc5322Date } from './dsn-fields.ts';

type Action = DsnRecipient['action'];

/** Any failed recipient makes the whole report a failure notice: that is the news the sender must not miss. */
export function reportAction(input: DsnInput): Action {
  return input.recipients.some((r) => r.action === 'failed') ? 'failed' : 'delayed';
}

export function subjectText(input: DsnInput): string {
  return texts.subject[reportAction(input)];
}

export function fromName(): string {
  return texts.fromName;
}

/** The human-readable first part, from the templates in resources/bounce-texts.json; CRLF line endings. */
export function humanText(input: DsnInput): string {
  const action = reportAction(input);
  const reportingMta = displayText(input.reportingMta);
  const paragraphs = [
    texts.greeting,
    fill(texts.intro[action], { reportingMta }),
    ...recipientSections(input),
    fill(texts.backup, { reportingMta, domains: recipientDomains(input).join(', ') }),
    ...adviceFor(input),
    input.ret === 'FULL' ? texts.attached.full : texts.attached.headers,
    fill(texts.reference, { queueId: displayText(input.queueId), arrivalDate: rfc5322Date(input.arrivalDate) }),
    texts.signature,
  ];
  return paragraphs.join('\r\n\r\n') + '\r\n';
}

/** Failed recipients first, then delayed ones, each kind under its own heading. */
function recipientSections(input: DsnInput): string[] {
  return (['failed', 'delayed'] as const).flatMap((action) => {
    const recipients = input.recipients.filter((r) => r.action === action);
    if (recipients.length === 0) return [];
    return [texts.heading[action], ...recipients.map(recipientLines)];
  });
}

function recipientLines(recipient: DsnRecipient): string {
  const lines = [fill(texts.recipient, { address: displayText(recipient.address) })];
  lines.push(...reasonLines(recipient));
  if (recipient.action === 'delayed' && recipient.willRetryUntil !== null) {
    lines.push(fill(texts.retryUntil, { willRetryUntil: rfc5322Date(recipient.willRetryUntil) }));
  }
  return lines.join('\r\n');
}

// Without a remote server, the diagnostic is our own reason (for example the message expired).
function reasonLines(recipient: DsnRecipient): string[] {
  if (recipient.diagnostic === null) return [texts.noReason];
  const diagnostic = displayText(recipient.diagnostic);
  if (recipient.remoteMta === null) return [fill(texts.localReason, { diagnostic })];
  return [fill(texts.remoteReply, { remoteMta: displayText(recipient.remoteMta) }), fill(texts.reply, { diagnostic })];
}

function adviceFor(input: DsnInput): string[] {
  return (['failed', 'delayed'] as const)
    .filter((action) => input.recipients.some((r) => r.action === action))
    .map((action) => texts.advice[action]);
}

function recipientDomains(input: DsnInput): string[] {
  const domains = input.recipients.map((r) => displayText(r.address.slice(r.address.lastIndexOf('@') + 1)).toLowerCase());
  return [...new Set(domains)];
}

/**
 * Replaces {name} placeholders in one pass, so a value that itself contains braces is left alone.
 * An unknown placeholder is an error in bounce-texts.json and fails loudly rather than reaching a sender.
 */
function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`bounce-texts.json: unknown placeholder {${name}} in "${template}"`);
    return value;
  });
}
