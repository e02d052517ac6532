import { foldLines } from 'nodemailer/lib/mime-funcs';

// A remote server's reply is a few hundred characters at most (RFC 5321 4.5.3.1.5);
// the cap keeps even an unfolded word well under the 998-octet line limit.
const MAX_FIELD_TEXT = 900;

/** Everything that is not printable ASCII, including CR and LF that could start a forged header line. */
const UNSAFE_ASCII = /[^\x20-\x7e]+/g;
/** Control characters only: line breaks and other C0/C1 controls, but not Unicode letters. */
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]+/g;

/**
 * Text from the network made safe for a header-like field: one line of printable ASCII.
 * Line breaks become spaces (a multi-line SMTP reply reads fine that way), other bytes become "?".
 */
export function fieldText(value: string): string {
  return capped(value.replace(CONTROLS, ' ').replace(UNSAFE_ASCII, '?').trim());
}

/** The same for text shown to people in the UTF-8 part: letters stay, controls go. */
export function displayText(value: string): string {
  return capped(value.replace(CONTROLS, ' ').trim());
}

function capped(text: string): string {
  return text.length > MAX_FIELD_TEXT ? `${text.slice(0, MAX_FIELD_TEXT)}...` : text;
}

/** "Name: value", folded at 76 columns, without the trailing CRLF. The value must already be safe. */
export function field(name: string, value: string): string {
  return foldLines(`${name}: ${value}`, 76);
}

/** RFC 5322 date-time in UTC, e.g. "Tue, 05 Nov 2024 10:00:00 +0000" (numeric zone, not obsolete "GMT"). */
export function rfc5322Date(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

/**
 * An address for Final-Recipient or Original-Recipient. Printable ASCII goes as is;
 * anything else uses the RFC 6533 "utf-8" type in its 7-bit utf-8-addr-xtext form,
 * because message/delivery-status is ASCII only.
 */
export function addressField(type: string, address: string): string {
  const clean = address.replace(CONTROLS, '').trim();
  if (/^[\x21-\x7e]*$/.test(clean)) return `${fieldText(type)}; ${clean}`;
  return `utf-8; ${utf8AddrXtext(clean)}`;
}

/** RFC 6533 utf-8-addr-xtext: QCHAR as is; SP, "+", "=", "\" and non-ASCII as \x{HEXPOINT}. */
function utf8AddrXtext(address: string): string {
  let out = '';
  for (const char of address) {
    const code = char.codePointAt(0) ?? 0;
    const qchar = code >= 0x21 && code <= 0x7e && char !== '+' && char !== '=' && char !== '\\';
    out += qchar ? char : `\\x{${code.toString(16).toUpperCase().padStart(2, '0')}}`;
  }
  return out;
}

/** Splits a decoded ORCPT value "rfc822;Bob@Example.com" into its type and address. */
export function originalRecipientField(orcpt: string): string {
  const semicolon = orcpt.indexOf(';');
  if (semicolon < 0) return addressField('rfc822', orcpt);
  return addressField(orcpt.slice(0, semicolon).trim(), orcpt.slice(semicolon + 1));
}

/** The status as given when it is a valid RFC 3463 code, otherwise the generic one for the action. */
export function statusCode(status: string, action: 'failed' | 'delayed'): string {
  const trimmed = status.trim();
  if (/^[245]\.\d{1,3}\.\d{1,3}$/.test(trimmed)) return trimmed;
  return action === 'failed' ? '5.0.0' : '4.0.0';
}
