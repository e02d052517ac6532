import type { z } from 'zod';
import type { Settings } from '../config/schema.ts';
import { settingsSchema } from '../config/schema.ts';
import type { EngineEvent } from '../events/types.ts';
import type { PrimaryState } from '../health/monitor.ts';
import type { DeliveryState, MailParams, MessageSummary, RcptParams, TlsInfo } from '../store/rows.ts';
import * as schemas from './schemas.ts';

/**
 * The one contract (DESIGN.md): every query, command and event of MX Standby.
 * The HTTP server, the desktop IPC, the UI's client and the CLI are derived
 * from `operations`; nothing else crosses a process border.
 */

export interface DestinationStatus {
  key: string;
  target: string;
  state: PrimaryState;
  since: string | null;
  lastCheckAt: string | null;
  lastError: string | null;
  latencyMs: number | null;
}

export interface Status {
  version: string;
  hostname: string;
  setupNeeded: boolean;
  uptimeSeconds: number;
  smtp: { listening: string; tls: { source: 'configured' | 'self-signed'; subject: string; validTo: string } };
  primary: { mode: 'host' | 'mx' | 'none'; destinations: DestinationStatus[] };
  waiting: { key: string; reason: string; until: string }[];
  queue: Record<DeliveryState, number>;
  messages: number;
  disk: { freeBytes: number; floorBytes: number };
}

export interface MessageListItem {
  id: string;
  receivedAt: string;
  from: string;
  headerFrom: string | null;
  subject: string | null;
  size: number;
  state: DeliveryState;
  recipients: { address: string; state: DeliveryState }[];
  attempts: number;
  lastResponse: string | null;
  nextAttemptAt: string | null;
  kind: 'inbound' | 'dsn';
}

export interface MessagePage {
  items: MessageListItem[];
  nextCursor: string | null;
}

export interface DeliveryDetail {
  recipient: string;
  params: RcptParams;
  state: DeliveryState;
  attempts: number;
  lastAttemptAt: string | null;
  lastCode: number | null;
  lastResponse: string | null;
  remoteHost: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  expiresAt: string;
}

export interface MessageDetail extends Omit<MessageListItem, 'recipients'> {
  envelope: { from: string; params: MailParams };
  client: { address: string | null; hostname: string | null; helo: string | null; tls: TlsInfo | null };
  sha256: string;
  summary: MessageSummary;
  headers: { name: string; value: string }[];
  deliveries: DeliveryDetail[];
  history: EngineEvent[];
}

export interface CommandResult {
  /** Recipients (deliveries) the command changed. */
  changed: number;
  /** Messages it touched. */
  messages: number;
}

export interface SettingsResult {
  settings: Settings;
  /** Keys that took effect at once. */
  applied: string[];
  /** Keys that take effect after a restart. */
  restartNeeded: string[];
}

export interface ActivityPage {
  items: EngineEvent[];
  nextBefore: number | null;
}

type Query<I extends z.ZodType, O> = { kind: 'query'; input: I; output?: O };
type Command<I extends z.ZodType, O> = { kind: 'command'; input: I; output?: O };

const query = <I extends z.ZodType, O>(input: I): Query<I, O> => ({ kind: 'query', input });
const command = <I extends z.ZodType, O>(input: I): Command<I, O> => ({ kind: 'command', input });

export const operations = {
  status: query<typeof schemas.empty, Status>(schemas.empty),
  listMessages: query<typeof schemas.listMessagesInput, MessagePage>(schemas.listMessagesInput),
  getMessage: query<typeof schemas.byId, MessageDetail>(schemas.byId),
  activity: query<typeof schemas.activityInput, ActivityPage>(schemas.activityInput),
  getSettings: query<typeof schemas.empty, Settings>(schemas.empty),
  redeliver: command<typeof schemas.selection, CommandResult>(schemas.selection),
  hold: command<typeof schemas.selection, CommandResult>(schemas.selection),
  release: command<typeof schemas.selection, CommandResult>(schemas.selection),
  delete: command<typeof schemas.selection, CommandResult>(schemas.selection),
  flush: command<typeof schemas.empty, CommandResult>(schemas.empty),
  updateSettings: command<typeof settingsSchema, SettingsResult>(settingsSchema),
} as const;

export type Operations = typeof operations;
export type OperationName = keyof Operations;
export type InputOf<K extends OperationName> = z.input<Operations[K]['input']>;
export type OutputOf<K extends OperationName> = NonNullable<Operations[K]['output']>;

/** The engine's API: each operation as an async function, plus the event stream. */
export type EngineApi = { [K in OperationName]: (input: InputOf<K>) => Promise<OutputOf<K>> } & {
  /** Raw bytes of a message exactly as received (no header added). */
  rawMessage(id: string): Promise<NodeJS.ReadableStream>;
  /** Pushed events; returns the unsubscribe. */
  subscribe(listener: (event: EngineEvent) => void): () => void;
};

export type { EngineEvent };
