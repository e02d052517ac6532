import libmime from 'libmime';
import type { MessageSummary } from '../store/rows.ts';
import type { HeaderField } from './data-inspector.ts';

const MAX_FIELD = 998;

function clip(text: string | null): string | null {
  if (!text) return null;
  return text.length > MAX_FIELD ? `${text.slice(0, MAX_FIELD)}…` : text;
}

function decoded(value: string | undefined): string | null {
  if (value === undefined) return null;
  try {
    return clip(libmime.decodeWords(value).replace(/[\u0000-\u001f\u007f]/g, ' ').trim());
  } catch {
    return clip(value);
  }
}

function isoDate(value: string | undefined): string | null {
  if (value === undefined) return null;
  const time = Date.parse(value.replace(/\s*\([^)]*\)\s*$/, ''));
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/**
 * Subject, From, To, Date and Message-ID for the owner's list, decoded for
 * display. Synchronous and cheap: it runs for every message before its 250.
 */
export function summarize(fields: HeaderField[]): MessageSummary {
  const first = (name: string) => fields.find((field) => field.name === name)?.value;
  return {
    subject: decoded(first('subject')),
    from: decoded(first('from')),
    to: decoded(first('to')),
    date: isoDate(first('date')),
    messageId: clip(first('message-id')?.trim() ?? null),
  };
}
