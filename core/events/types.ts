/** What happened, as kept in the activity log and pushed to whoever listens. */
export interface EventDataByType {
  'message.received': { from: string; to: string[]; size: number; subject: string | null };
  'delivery.attempt': { recipients: string[]; host: string };
  'delivery.delivered': { recipient: string; response: string; host: string };
  'delivery.deferred': { recipient: string; response: string; nextAttemptAt: number };
  'delivery.failed': { recipient: string; response: string };
  'delivery.expired': { recipient: string };
  /**
   * Handed over ahead of `aheadOf`, an earlier message for the same mailbox that still waits:
   * the primary has deferred it since `deferredSince` (null: it never answered), and the order
   * hold (the setting, as written) ran out. `response` is the primary's last answer about it.
   */
  'delivery.out-of-order': { recipient: string; aheadOf: string; deferredSince: number | null; response: string | null; orderHold: string };
  'message.held': { recipients: number };
  'message.released': { recipients: number };
  'message.redeliver': { recipients: number };
  'message.deleted': Record<string, never>;
  /** The body on disk is not the one received (`size` bytes, `sha256`): these recipients were not handed it. */
  'message.damaged': { recipients: string[]; problem: string; size: number; sha256: string };
  'dsn.queued': { to: string; dsnQid: string; action: 'failed' | 'delayed'; recipients: string[] };
  'primary.up': { target: string; latencyMs: number | null };
  'primary.down': { target: string; error: string | null };
  'settings.changed': { keys: string[] };
  /** A setup check (core/setup) that passed last time fails now; `check` is its title. */
  'setup.check-failed': { check: string; found: string };
}

export type EventType = keyof EventDataByType;

export type EngineEvent = {
  [K in EventType]: { id: number; at: number; type: K; qid: string | null; data: EventDataByType[K] };
}[EventType];

export type NewEvent = {
  [K in EventType]: { type: K; qid: string | null; data: EventDataByType[K] };
}[EventType];
