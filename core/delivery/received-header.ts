import type { ClaimedDelivery } from '../store/rows.ts';

/** RFC 5322 date-time, as mail headers want it. */
export function rfc5322Date(date: Date): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (value: number) => String(value).padStart(2, '0');
  return (
    `${days[date.getUTCDay()]}, ${date.getUTCDate()} ${months[date.getUTCMonth()]} ${date.getUTCFullYear()} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}

/** Only characters that cannot break a header line or a comment. */
function safe(text: string): string {
  return text.replace(/[^\x21-\x7e]/g, '').replace(/[()\\]/g, '');
}

/**
 * The one header this server adds on top of the sender's bytes (DESIGN.md
 * promise 2): where the message came from, that it passed here, and when.
 * Written at handover from what was recorded at receipt.
 */
export function receivedHeader(message: ClaimedDelivery, hostname: string, recipients: string[]): string {
  const helo = safe(message.helo ?? 'unknown') || 'unknown';
  const name = message.clientHostname ? safe(message.clientHostname) : 'unknown';
  const address = message.clientAddress ? safe(message.clientAddress) : 'unknown';
  const protocol = `${message.mailParams.smtputf8 ? 'UTF8SMTP' : 'ESMTP'}${message.tls ? 'S' : ''}`;
  const tls = message.tls ? `\r\n\t(using ${safe(message.tls.protocol)} with cipher ${safe(message.tls.cipher)})` : '';
  const forClause = recipients.length === 1 ? `\r\n\tfor <${safe(recipients[0]!)}>` : '';
  return (
    `Received: from ${helo} (${name} [${address}])${tls}\r\n` +
    `\tby ${hostname} (MX Standby) with ${protocol} id ${message.qid}${forClause};\r\n` +
    `\t${rfc5322Date(new Date(message.receivedAt))}\r\n`
  );
}
