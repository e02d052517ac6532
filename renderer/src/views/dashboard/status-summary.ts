import type { DestinationStatus, Status, TrafficBucket } from '../../../../core/api/contract.ts';
import { dayAndTime, howLong, longDay } from './time-words.ts';

/**
 * What the dashboard says about the status the API answered, in plain words.
 * Pure functions of the status (and the time now), tested on their own.
 */

export type Tone = 'ok' | 'warn' | 'bad' | 'unknown';

export interface Summary {
  tone: Tone;
  /** One short line: the answer to "is it all right?" */
  headline: string;
  /** Details, each a labelled line. */
  lines: { label: string; text: string }[];
}

/** "CN=backup.example.com" → "backup.example.com"; anything else as it is. */
export function commonName(subject: string): string {
  return /(?:^|[\n,/])\s*CN=([^\n,/]+)/.exec(subject)?.[1]?.trim() ?? subject;
}

function tlsText(tls: Status['smtp']['tls']): string {
  const until = Number.isNaN(Date.parse(tls.validTo)) ? tls.validTo : longDay(Date.parse(tls.validTo));
  const name = commonName(tls.subject);
  return tls.source === 'configured'
    ? `Your certificate for ${name}, valid until ${until}`
    : `Self-signed for ${name}, valid until ${until}; sending servers accept it`;
}

/** Storage that takes no writes: what failed, since when, and that senders keep their mail meanwhile. */
function storageFailing(storage: Status['storage'], now: number, lines: Summary['lines']): Summary {
  const since = storage.since === null ? null : Date.parse(storage.since);
  return {
    tone: 'bad',
    headline: 'Storage failing: new mail is refused for now',
    lines: [
      { label: 'Error', text: storage.error ?? 'unknown' },
      ...(since === null ? [] : [{ label: 'Since', text: `${dayAndTime(since, now)} (${howLong(since, now)})` }]),
      {
        label: 'What happens',
        text: 'Senders are asked to try again later, so they keep their mail. Mail is taken again by itself as soon as MX Standby can write to its data folder again.',
      },
      ...lines,
    ],
  };
}

/** Is the backup server taking mail, where, for which domains, and with what TLS. */
export function receivingSummary(status: Status, now: number): Summary {
  const lines = [
    { label: 'Listening on', text: status.smtp.listening },
    { label: 'TLS', text: tlsText(status.smtp.tls) },
  ];
  if (status.storage.state === 'failing') return storageFailing(status.storage, now, lines);
  if (status.domains.length === 0) {
    return { tone: 'bad', headline: 'Refusing all mail: no domain is set up', lines };
  }
  return { tone: 'ok', headline: `Receiving mail for ${status.domains.join(', ')}`, lines: [...lines, { label: 'Host name', text: status.hostname }] };
}

const STATE_ORDER: Record<DestinationStatus['state'], number> = { down: 0, unknown: 1, up: 2 };

/** The destination that needs attention first: a down one, then an unchecked one. */
function worst(destinations: readonly DestinationStatus[]): DestinationStatus {
  return [...destinations].sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state])[0]!;
}

function destinationLines(destination: DestinationStatus, now: number): Summary['lines'] {
  const lines: Summary['lines'] = [{ label: 'Address', text: destination.target }];
  if (destination.lastError && destination.state !== 'up') lines.push({ label: 'Last error', text: destination.lastError });
  if (destination.state === 'up' && destination.latencyMs !== null) lines.push({ label: 'Answers in', text: `${destination.latencyMs} ms` });
  lines.push({
    label: 'Last checked',
    text: destination.lastCheckAt ? dayAndTime(Date.parse(destination.lastCheckAt), now) : 'not yet',
  });
  return lines;
}

function sinceText(destination: DestinationStatus, now: number): string {
  if (!destination.since) return '';
  const since = Date.parse(destination.since);
  return ` since ${dayAndTime(since, now)} (${howLong(since, now)})`;
}

/** Is the primary up or down, since when, and why. */
export function primarySummary(status: Status, now: number): Summary {
  const { mode, destinations } = status.primary;
  if (mode === 'none') {
    return { tone: 'bad', headline: 'No primary mail server is set', lines: [{ label: 'What happens', text: 'Mail is kept here until you set the primary in Settings.' }] };
  }
  if (destinations.length === 0) {
    return mode === 'mx'
      ? { tone: 'unknown', headline: 'Found in DNS when mail arrives', lines: [{ label: 'How', text: 'The MX hosts ranked before this one are tried in turn.' }] }
      : { tone: 'unknown', headline: 'Not checked yet', lines: [] };
  }
  const first = worst(destinations);
  const others = destinations.filter((item) => item !== first).map((item) => ({ label: item.target, text: item.state === 'up' ? 'up' : item.state === 'down' ? 'down' : 'not checked yet' }));
  const lines = [...destinationLines(first, now), ...others];
  switch (first.state) {
    case 'up':
      return { tone: 'ok', headline: `Up${sinceText(first, now)}`, lines };
    case 'down':
      return { tone: 'bad', headline: `Down${sinceText(first, now)}`, lines };
    default:
      return { tone: 'unknown', headline: 'Not checked yet', lines };
  }
}

export interface MailCounts {
  /** Messages with a recipient still to hand to the primary (queued, deferred, being delivered, or on hold). */
  held: number;
  /** Of those, the ones the owner put on hold. */
  onHold: number;
  /** Messages handed over since midnight (local time); null until the traffic is known. */
  deliveredToday: number | null;
  /** Messages with a recipient that could not be delivered (failed or expired): the sender was sent a bounce. */
  bounced: number;
  /** The primary is set, and answers: then nothing held means all mail goes straight through. */
  primaryTakesMail: boolean;
}

/** The dashboard's three numbers, all in messages, like the chart. */
export function mailCounts(status: Status, buckets: readonly TrafficBucket[] | null, startOfToday: number): MailCounts {
  const deliveredToday = buckets === null ? null : buckets.filter((bucket) => Date.parse(bucket.hour) >= startOfToday).reduce((sum, bucket) => sum + bucket.delivered, 0);
  const { mode, destinations } = status.primary;
  const primaryTakesMail = mode !== 'none' && destinations.some((item) => item.state === 'up') && !destinations.some((item) => item.state === 'down');
  return { held: status.mail.waiting, onHold: status.mail.onHold, deliveredToday, bounced: status.mail.bounced, primaryTakesMail };
}

/** What is missing before MX Standby can do its job, each in a sentence that says what to do. */
export function setupProblems(status: Status): string[] {
  const problems: string[] = [];
  if (status.domains.length === 0) {
    problems.push('No domain is set up yet: every message is refused until you add your domain (such as example.com) in Settings.');
  }
  if (status.primary.mode === 'none') {
    problems.push('No primary mail server is set: mail is accepted and kept here, but cannot be handed over until you set the primary in Settings.');
  }
  return problems;
}
