import { simpleParser, type AddressObject } from 'mailparser';
import type { MessageSummary } from '../store/rows.ts';

const MAX_FIELD = 998;

function addressText(value: AddressObject | AddressObject[] | undefined): string | null {
  if (!value) return null;
  const list = Array.isArray(value) ? value : [value];
  return clip(list.map((item) => item.text).join(', '));
}

function clip(text: string | undefined | null): string | null {
  if (!text) return null;
  return text.length > MAX_FIELD ? `${text.slice(0, MAX_FIELD)}…` : text;
}

/** Subject, From, To, Date and Message-ID, decoded for display; never throws. */
export async function summarize(headerSection: string): Promise<MessageSummary> {
  try {
    const parsed = await simpleParser(`${headerSection}\r\n`, { skipHtmlToText: true, skipTextToHtml: true });
    return {
      subject: clip(parsed.subject),
      from: addressText(parsed.from),
      to: addressText(parsed.to),
      date: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date.toISOString() : null,
      messageId: clip(parsed.messageId),
    };
  } catch {
    return { subject: null, from: null, to: null, date: null, messageId: null };
  }
}
