import type { DsnInput, DsnRecipient } from './dsn.ts';
import { addressField, field, fieldText, originalRecipientField, rfc5322Date, statusCode } from './dsn-fields.ts';

// An SMTP reply starts with its three-digit code; anything else is our own explanation.
const SMTP_REPLY = /^[2-5]\d\d(?:[ -]|$)/;
// RFC 3464 allows "X-" diagnostic types for reasons that are not a remote server's reply.
const LOCAL_DIAGNOSTIC_TYPE = 'X-MX-Standby';

/** The body of the message/delivery-status part (RFC 3464 section 2), CRLF line endings. */
export function deliveryStatusText(input: DsnInput): string {
  const blocks = [perMessageFields(input), ...input.recipients.map(perRecipientFields)];
  return blocks.map((lines) => lines.join('\r\n') + '\r\n').join('\r\n');
}

function perMessageFields(input: DsnInput): string[] {
  const lines = [field('Reporting-MTA', `dns; ${fieldText(input.reportingMta)}`)];
  if (input.envid !== null) lines.push(field('Original-Envelope-Id', fieldText(input.envid)));
  lines.push(field('Arrival-Date', rfc5322Date(input.arrivalDate)));
  return lines;
}

function perRecipientFields(recipient: DsnRecipient): string[] {
  const lines: string[] = [];
  if (recipient.orcpt !== null) lines.push(field('Original-Recipient', originalRecipientField(recipient.orcpt)));
  lines.push(field('Final-Recipient', addressField('rfc822', recipient.address)));
  lines.push(field('Action', recipient.action));
  lines.push(field('Status', statusCode(recipient.status, recipient.action)));
  if (recipient.remoteMta !== null) lines.push(field('Remote-MTA', `dns; ${fieldText(recipient.remoteMta)}`));
  if (recipient.diagnostic !== null) lines.push(field('Diagnostic-Code', diagnosticCode(recipient.diagnostic)));
  if (recipient.lastAttemptAt !== null) lines.push(field('Last-Attempt-Date', rfc5322Date(recipient.lastAttemptAt)));
  if (recipient.action === 'delayed' && recipient.willRetryUntil !== null) {
    lines.push(field('Will-Retry-Until', rfc5322Date(recipient.willRetryUntil)));
  }
  return lines;
}

function diagnosticCode(diagnostic: string): string {
  const text = fieldText(diagnostic);
  return `${SMTP_REPLY.test(text) ? 'smtp' : LOCAL_DIAGNOSTIC_TYPE}; ${text}`;
}
