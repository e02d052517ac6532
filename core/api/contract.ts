import type { z } from 'zod';
import { settingsSchema } from '../config/schema.ts';
import type { EngineEvent } from '../events/types.ts';
import * as outputs from './outputs.ts';
import * as schemas from './schemas.ts';

/**
 * The one contract (DESIGN.md): every query, command and event of MX Standby.
 * The HTTP server, the desktop IPC, the UI's client and the CLI are derived
 * from `operations`; nothing else crosses a process border.
 */

export type Status = z.infer<typeof outputs.status>;
export type DestinationStatus = Status['primary']['destinations'][number];
export type MessageListItem = z.infer<typeof outputs.messageListItem>;
export type MessagePage = z.infer<typeof outputs.messagePage>;
export type MessageDetail = z.infer<typeof outputs.messageDetail>;
export type DeliveryDetail = MessageDetail['deliveries'][number];
export type CommandResult = z.infer<typeof outputs.commandResult>;
export type SettingsResult = z.infer<typeof outputs.settingsResult>;
export type ActivityPage = z.infer<typeof outputs.activityPage>;
export type ErrorBody = z.infer<typeof outputs.errorBody>;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * Where an operation lives over HTTP, under /api/v1. A `{name}` segment is a
 * path parameter that becomes the input field of that name. The input is the
 * path parameters plus the query string (GET, DELETE) or the JSON body (POST,
 * PUT). `oneMessage` routes act on the single message in the path: the input
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
  redeliver: action('redeliver', 'Deliver now, whatever the schedule; failed and expired recipients get a fresh lifetime', post('/messages/{id}/redeliver', true)),
  hold: action('hold', 'Keep waiting recipients from being delivered until released', post('/messages/{id}/hold', true)),
  release: action('release', 'Let held recipients be delivered again', post('/messages/{id}/release', true)),
  delete: action('delete', 'Delete messages and their bodies for good', { method: 'DELETE', path: '/messages/{id}', oneMessage: true }),
  flush: json('command', 'Every waiting recipient is due now', schemas.empty, outputs.commandResult, [post('/queue/flush')]),
  getSettings: json('query', 'The settings in use', schemas.empty, outputs.settings, [get('/settings')]),
  updateSettings: json('command', 'Replace the settings: validated, saved atomically, applied live where possible', settingsSchema, outputs.settingsResult, [
    { method: 'PUT', path: '/settings' },
  ]),
  activity: json('query', 'The activity log, newest first', schemas.activityInput, outputs.activityPage, [get('/activity')]),
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
export type JsonOperationName = { [K in OperationName]: Operations[K] extends { output: z.ZodType } ? K : never }[OperationName];
export type InputOf<K extends OperationName> = z.input<Operations[K]['input']>;
export type OutputOf<K extends JsonOperationName> = z.output<Operations[K]['output']>;

/** The engine's API: each JSON operation as an async function, plus the message bytes and the event stream. */
export type EngineApi = { [K in JsonOperationName]: (input: InputOf<K>) => Promise<OutputOf<K>> } & {
  /** Raw bytes of a message exactly as received (no header added). */
  rawMessage(id: string): Promise<NodeJS.ReadableStream>;
  /** Pushed events; returns the unsubscribe. */
  subscribe(listener: (event: EngineEvent) => void): () => void;
};

export type { EngineEvent };
