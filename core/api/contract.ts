import type { z } from 'zod';
import { settingsSchema } from '../config/schema.ts';
import type { EngineEvent } from '../events/types.ts';
import * as content from './message-content-schemas.ts';
import * as outputs from './outputs.ts';
import * as schemas from './schemas.ts';
import { settingsChange, wholeSettings } from './settings-input.ts';
import * as setup from './setup-io.ts';

/**
 * The one contract (DESIGN.md): every query, command and event of MX Standby.
 * The HTTP server, the desktop IPC, the UI's client and the CLI are derived
 * from `operations`; nothing else crosses a process border.
 */

export type Status = z.infer<typeof outputs.status>;
export type DestinationStatus = Status['primary']['destinations'][number];
export type MessageListItem = z.infer<typeof outputs.messageListItem>;
export type MessagePage = z.infer<typeof outputs.messagePage>;
export type MessageCount = z.infer<typeof outputs.messageCount>;
export type MessageDetail = z.infer<typeof outputs.messageDetail>;
export type DeliveryDetail = MessageDetail['deliveries'][number];
export type CommandResult = z.infer<typeof outputs.commandResult>;
export type SettingsResult = z.infer<typeof outputs.settingsResult>;
export type ActivityPage = z.infer<typeof outputs.activityPage>;
export type ErrorBody = z.infer<typeof outputs.errorBody>;
export type MessageContent = z.infer<typeof content.messageContent>;
export type AttachmentInfo = MessageContent['attachments'][number];
export type Traffic = z.infer<typeof outputs.traffic>;
export type TrafficBucket = Traffic['buckets'][number];
export type SignInLink = z.infer<typeof outputs.signInLink>;

export type DomainLookup = z.infer<typeof setup.domainLookup>;
export type SetupProposal = z.infer<typeof setup.setupProposal>;
export type SetupGuides = z.infer<typeof setup.setupGuides>;
export type DnsGuide = SetupGuides['guides'][number];
export type SetupRun = z.infer<typeof setup.setupRun>;
export type SetupCheck = SetupRun['checks'][number];

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Whether a method's input is a JSON body (else the query string). */
export function takesBody(method: HttpMethod): boolean {
  return method === 'POST' || method === 'PUT' || method === 'PATCH';
}

/**
 * Where an operation lives over HTTP, under /api/v1. A `{name}` segment is a
 * path parameter that becomes the input field of that name. The input is the
 * path parameters plus the query string (GET, DELETE) or the JSON body (POST,
 * PUT, PATCH). `oneMessage` routes act on the single message in the path: the input
 * is `{ ids: [id] }`. The first binding is the one clients use.
 */
export interface HttpBinding {
  method: HttpMethod;
  path: `/${string}`;
  oneMessage?: boolean;
}

interface Operation<Kind extends string, I extends z.ZodType> {
  kind: Kind;
  summary: string;
  input: I;
  http: readonly HttpBinding[];
}

/** JSON in, JSON out. Queries change nothing. */
export interface JsonOperation<I extends z.ZodType, O extends z.ZodType> extends Operation<'query' | 'command', I> {
  output: O;
}

/** A message's bytes exactly as received (message/rfc822), inline or as an attachment to save. */
export interface BytesOperation<I extends z.ZodType> extends Operation<'bytes', I> {
  attachment: boolean;
  /** What is sent: the message's bytes (the default), or one of its attachments, decoded, as a file to save. */
  source?: 'message' | 'attachment';
}

/**
 * The HTTP binding's own sign-in, served by the admin server rather than the
 * engine (it holds the admin token); the desktop app's IPC has no sign-in.
 * `noToken` operations are the only ones callable without the bearer token.
 */
export interface SessionOperation<I extends z.ZodType, O extends z.ZodType> extends Operation<'session', I> {
  output: O;
  noToken: boolean;
}

/** The pushed events, as Server-Sent Events over HTTP. */
export type EventsOperation<I extends z.ZodType> = Operation<'events', I>;

const get = (path: HttpBinding['path']): HttpBinding => ({ method: 'GET', path });
const post = (path: HttpBinding['path'], oneMessage = false): HttpBinding => ({ method: 'POST', path, ...(oneMessage ? { oneMessage } : {}) });

function json<I extends z.ZodType, O extends z.ZodType>(
  kind: 'query' | 'command',
  summary: string,
  input: I,
  output: O,
  http: HttpBinding[],
): JsonOperation<I, O> {
  return { kind, summary, input, output, http };
}

/** An owner's action on some messages: by selection, or on the one message in the path. */
function action(name: string, summary: string, oneMessage: HttpBinding) {
  return json('command', summary, schemas.selection, outputs.commandResult, [post(`/messages/${name}`), oneMessage]);
}

export const operations = {
  status: json('query', 'SMTP listener, TLS, uptime, the primary, queue counts and disk space', schemas.empty, outputs.status, [get('/status')]),
  listMessages: json('query', 'One page of messages, filtered and sorted', schemas.listMessagesInput, outputs.messagePage, [get('/messages')]),
  countMessages: json('query', 'How many messages match a filter (the same filter as listMessages and the actions)', schemas.messageFilter, outputs.messageCount, [get('/messages/count')]),
  getMessage: json('query', 'A message with its envelope, client, headers and each recipient', schemas.byId, outputs.messageDetail, [get('/messages/{id}')]),
  rawMessage: {
    kind: 'bytes',
    summary: 'The message exactly as received',
    input: schemas.byId,
    http: [get('/messages/{id}/raw')],
    attachment: false,
  } satisfies BytesOperation<typeof schemas.byId>,
  exportMessage: {
    kind: 'bytes',
    summary: 'The message as a .eml file to save',
    input: schemas.byId,
    http: [get('/messages/{id}/export')],
    attachment: true,
  } satisfies BytesOperation<typeof schemas.byId>,
  messageContent: json(
    'query',
    'The message as a reader sees it: its text, its HTML exactly as sent (NOT sanitized) and its attachments, parsed on the server',
    schemas.byId,
    content.messageContent,
    [get('/messages/{id}/content')],
  ),
  attachment: {
    kind: 'bytes',
    summary: 'One attachment of a message, decoded, as a file to save (application/octet-stream unless plainly harmless)',
    input: content.attachmentInput,
    http: [get('/messages/{id}/attachments/{index}')],
    attachment: true,
    source: 'attachment',
  } satisfies BytesOperation<typeof content.attachmentInput>,
  redeliver: action('redeliver', 'Deliver now, whatever the schedule; failed, expired and damaged recipients get a fresh lifetime', post('/messages/{id}/redeliver', true)),
  hold: action('hold', 'Keep waiting recipients from being delivered until released', post('/messages/{id}/hold', true)),
  release: action('release', 'Let held recipients be delivered again', post('/messages/{id}/release', true)),
  delete: action('delete', 'Delete messages and their bodies for good', { method: 'DELETE', path: '/messages/{id}', oneMessage: true }),
  flush: json('command', 'Every waiting recipient is due now', schemas.empty, outputs.commandResult, [post('/queue/flush')]),
  getSettings: json('query', 'The settings in use', schemas.empty, outputs.settings, [get('/settings')]),
  updateSettings: json(
    'command',
    'Replace all the settings: the body must hold every key (as GET /settings gives them; only hostname may be left out), and one left out is refused (400 naming it), never reset; to change some keys, use PATCH. Checked (TLS files included), saved atomically, applied live where possible',
    wholeSettings,
    outputs.settingsResult,
    [{ method: 'PUT', path: '/settings' }],
  ),
  changeSettings: json(
    'command',
    'Change only the keys in the body, keeping every other setting as it is; the result is checked as a whole (TLS files included), saved atomically, applied live where possible',
    settingsChange,
    outputs.settingsResult,
    [{ method: 'PATCH', path: '/settings' }],
  ),
  activity: json('query', 'The activity log, newest first', schemas.activityInput, outputs.activityPage, [get('/activity')]),
  traffic: json('query', 'Messages received and delivered per hour, the current hour last', schemas.trafficInput, outputs.traffic, [get('/traffic')]),
  dnsLookup: json('query', "A domain's MX records, sorted, with each host's addresses; the primary named; null MX and no MX told apart", setup.dnsLookupInput, setup.domainLookup, [get('/setup/dns')]),
  setupProposal: json('query', 'The DNS records to add for this server as the backup MX: a table and a BIND zone snippet', setup.setupProposalInput, setup.setupProposal, [get('/setup/proposal')]),
  setupGuides: json('query', 'Step-by-step guides for adding the records at common DNS hosts', schemas.empty, setup.setupGuides, [get('/setup/guides')]),
  runSetupChecks: json('command', 'Run the setup checks of a domain now, and record them; a check that turns from pass to fail is a setup.check-failed event', setup.runSetupChecksInput, setup.setupRun, [post('/setup/checks')]),
  lastSetupChecks: json('query', 'The last recorded run of the setup checks of a domain (by hand or on the schedule)', setup.setupChecksInput, setup.lastSetupChecks, [get('/setup/checks')]),
  signIn: {
    kind: 'session',
    summary: 'Trade a one-time sign-in code (from the link serve or `mx-standby open` prints) for the admin token; needs no token; each code works once, for 15 minutes',
    input: schemas.signInInput,
    output: outputs.signInResult,
    http: [post('/sign-in')],
    noToken: true,
  } satisfies SessionOperation<typeof schemas.signInInput, typeof outputs.signInResult>,
  createSignInLink: {
    kind: 'session',
    summary: 'A fresh one-time sign-in link to the web UI',
    input: schemas.empty,
    output: outputs.signInLink,
    http: [post('/sign-in-links')],
    noToken: false,
  } satisfies SessionOperation<typeof schemas.empty, typeof outputs.signInLink>,
  events: {
    kind: 'events',
    summary:
      'Events as they happen (Server-Sent Events, named by type, the event as JSON data); replays what followed Last-Event-ID or `after`; `event: reset` means too much was missed: reload',
    input: schemas.eventsInput,
    http: [get('/events')],
  } satisfies EventsOperation<typeof schemas.eventsInput>,
} as const;

export type Operations = typeof operations;
export type OperationName = keyof Operations;
/** The operations that take and give JSON: the engine API's functions. */
export type JsonOperationName = { [K in OperationName]: Operations[K] extends { kind: 'query' | 'command' } ? K : never }[OperationName];
/** The HTTP binding's sign-in operations (kind 'session'). */
export type SessionOperationName = { [K in OperationName]: Operations[K] extends { kind: 'session' } ? K : never }[OperationName];
/** What a client can call with JSON in and JSON out. */
export type CallableOperationName = JsonOperationName | SessionOperationName;
export type InputOf<K extends OperationName> = z.input<Operations[K]['input']>;
export type OutputOf<K extends CallableOperationName> = z.output<Operations[K]['output']>;

/** The engine's API: each JSON operation as an async function, plus the message bytes and the event stream. */
export type EngineApi = { [K in JsonOperationName]: (input: InputOf<K>) => Promise<OutputOf<K>> } & {
  /** Raw bytes of a message exactly as received (no header added). */
  rawMessage(id: string): Promise<NodeJS.ReadableStream>;
  /** One attachment of a message, decoded, streamed as the message is parsed (index as messageContent lists it). */
  attachment(id: string, index: number): Promise<AttachmentFile>;
  /** Pushed events; returns the unsubscribe. */
  subscribe(listener: (event: EngineEvent) => void): () => void;
};

/** An attachment to send: its content streams as the message is parsed; filename and type are the sender's, unchecked. */
export interface AttachmentFile {
  filename: string | null;
  contentType: string;
  content: NodeJS.ReadableStream;
}

/** The session operations, as the admin HTTP server serves them. */
export type SessionApi = { [K in SessionOperationName]: (input: z.output<Operations[K]['input']>) => Promise<OutputOf<K>> };

export type { EngineEvent };

/** The settings schema itself: the UI checks every field with exactly what the API checks. */
export { settingsSchema };
export type Settings = z.infer<typeof settingsSchema>;
