import type { EngineEvent } from '../../../../core/api/contract.ts';
import type { Tone } from './status-summary.ts';
import { clockTime } from './time-words.ts';

/** What the log knows of a message from its arrival: who sent it, to whom. */
export interface Arrival {
  from: string;
  to: string[];
  subject: string | null;
}

export interface ActivityLine {
  id: number;
  at: number;
  qid: string | null;
  tone: Tone;
  text: string;
}

/** The arrivals in the log, by message id, so later events can name the sender. */
export function arrivals(events: readonly EngineEvent[]): Map<string, Arrival> {
  const found = new Map<string, Arrival>();
  for (const event of events) {
    if (event.type === 'message.received' && event.qid) found.set(event.qid, event.data);
  }
  return found;
}

const lowerFirst = (text: string) => text.replace(/^Message /, 'the message ');
const sender = (from: string) => (from === '' ? 'the null sender (a bounce)' : from);
const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

function list(addresses: readonly string[]): string {
  if (addresses.length <= 2) return addresses.join(' and ');
  return `${addresses.slice(0, 2).join(', ')} and ${plural(addresses.length - 2, 'other')}`;
}

/** Node's socket error codes, as the dashboard says them. */
const SOCKET_WORDS: [RegExp, string][] = [
  [/\b(?:connect )?ECONNREFUSED(?: \S+)?/, 'the connection was refused'],
  [/\b(?:read |write )?ECONNRESET\b/, 'the connection was cut'],
  [/\b(?:connect )?ETIMEDOUT(?: \S+)?/, 'no answer in time'],
  [/\b(?:getaddrinfo )?ENOTFOUND(?: \S+)?/, 'the host name was not found'],
  [/\b(?:connect )?EHOSTUNREACH(?: \S+)?/, 'the host cannot be reached'],
  [/\bEPIPE\b/, 'the connection was closed'],
];

/** A server reply in plain words: "451 4.4.1 primary down" → "primary down"; "connect ECONNREFUSED 10.0.0.1:25" → "the connection was refused". */
export function replyWords(response: string): string {
  let words = response.replace(/^\d{3}[ -](?:\d\.\d{1,3}\.\d{1,3}\s+)?/, '').trim() || response;
  for (const [pattern, plain] of SOCKET_WORDS) words = words.replace(pattern, plain);
  return words;
}

/** "The message from a@b to c@d", or, when its arrival is older than the log, "Message mi3k2x…". */
function messageWords(event: EngineEvent, known: ReadonlyMap<string, Arrival>, recipient?: string): string {
  const arrival = event.qid ? known.get(event.qid) : undefined;
  const to = recipient ?? (arrival ? list(arrival.to) : null);
  if (arrival) return `Message from ${sender(arrival.from)}${to ? ` to ${to}` : ''}`;
  return `Message ${event.qid ?? ''}${to ? ` to ${to}` : ''}`.replace(/ {2,}/g, ' ');
}

function wordsFor(event: EngineEvent, known: ReadonlyMap<string, Arrival>): { tone: Tone; text: string } {
  switch (event.type) {
    case 'message.received': {
      const subject = event.data.subject ? ` ("${event.data.subject}")` : '';
      return { tone: 'ok', text: `Received a message from ${sender(event.data.from)} to ${list(event.data.to)}${subject}` };
    }
    case 'delivery.attempt':
      return { tone: 'unknown', text: `Handing over to the primary (${event.data.host}): ${lowerFirst(messageWords(event, known, list(event.data.recipients)))}` };
    case 'delivery.delivered':
      return { tone: 'ok', text: `${messageWords(event, known, event.data.recipient)} delivered to the primary (${event.data.host})` };
    case 'delivery.deferred':
      return {
        tone: 'warn',
        text: `${messageWords(event, known, event.data.recipient)} held: ${replyWords(event.data.response)}. Next try at ${clockTime(event.data.nextAttemptAt)}`,
      };
    case 'delivery.failed':
      return { tone: 'bad', text: `${messageWords(event, known, event.data.recipient)} could not be delivered: ${replyWords(event.data.response)}` };
    case 'delivery.expired':
      return { tone: 'bad', text: `${messageWords(event, known, event.data.recipient)} expired: it could not be delivered in its lifetime` };
    case 'delivery.out-of-order': {
      const { aheadOf, deferredSince, response, orderHold } = event.data;
      const since = deferredSince === null ? 'waits' : `has been deferred by the primary since ${clockTime(deferredSince)}`;
      const said = response ? ` (${replyWords(response)})` : '';
      return {
        tone: 'warn',
        text: `${messageWords(event, known, event.data.recipient)} went ahead of the earlier message ${aheadOf}, which ${since}${said}: the order hold of ${orderHold} ran out`,
      };
    }
    case 'message.held':
      return { tone: 'warn', text: `${messageWords(event, known)} put on hold (${plural(event.data.recipients, 'recipient')})` };
    case 'message.released':
      return { tone: 'ok', text: `${messageWords(event, known)} released from hold (${plural(event.data.recipients, 'recipient')})` };
    case 'message.redeliver':
      return { tone: 'unknown', text: `${messageWords(event, known)} to be delivered now (${plural(event.data.recipients, 'recipient')})` };
    case 'message.deleted':
      return { tone: 'unknown', text: `${messageWords(event, known)} deleted` };
    case 'message.damaged':
      return {
        tone: 'bad',
        text: `${messageWords(event, known, list(event.data.recipients))} not handed over: its stored body is damaged (${event.data.problem}). Restore it from a backup and redeliver, or export or delete it`,
      };
    case 'dsn.queued':
      return event.data.action === 'failed'
        ? { tone: 'bad', text: `Bounce sent to ${sender(event.data.to)}: their message to ${list(event.data.recipients)} could not be delivered` }
        : { tone: 'warn', text: `Delay notice sent to ${sender(event.data.to)}: their message to ${list(event.data.recipients)} is still waiting` };
    case 'primary.up':
      return { tone: 'ok', text: `The primary (${event.data.target}) is up: held mail is being handed over` };
    case 'primary.down':
      return {
        tone: 'bad',
        text: `The primary (${event.data.target}) is down${event.data.error ? `: ${event.data.error}` : ''}. Mail is kept here until it is back`,
      };
    case 'settings.changed':
      return { tone: 'unknown', text: `Settings changed: ${event.data.keys.join(', ')}` };
    case 'setup.check-failed':
      return { tone: 'bad', text: `Setup check failed: ${event.data.check}: ${event.data.found}` };
  }
}

const OUTCOMES = new Set<EngineEvent['type']>(['delivery.delivered', 'delivery.deferred', 'delivery.failed']);

/**
 * The activity log in plain words, newest first as given. A handover attempt
 * is shown only while its outcome is not in yet: then the outcome says it all.
 */
export function describeActivity(events: readonly EngineEvent[]): ActivityLine[] {
  const known = arrivals(events);
  const settled = new Set<string>();
  const lines: ActivityLine[] = [];
  for (const event of events) {
    if (event.qid && OUTCOMES.has(event.type)) settled.add(event.qid);
    if (event.type === 'delivery.attempt' && event.qid && settled.has(event.qid)) continue;
    lines.push({ id: event.id, at: event.at, qid: event.qid, ...wordsFor(event, known) });
  }
  return lines;
}
