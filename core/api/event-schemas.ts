import { z } from 'zod';
import type { EngineEvent } from '../events/types.ts';

/**
 * The events of the contract as zod schemas, for the OpenAPI document and for
 * checking what a binding sends. The engine's own type (events/types.ts) stays
 * the source; the assertion at the end fails the build if the two drift apart.
 */

const recipientCount = z.strictObject({ recipients: z.number().int() });

const dataByType = {
  'message.received': z.strictObject({
    from: z.string(),
    to: z.array(z.string()),
    size: z.number().int(),
    subject: z.string().nullable(),
  }),
  'delivery.attempt': z.strictObject({ recipients: z.array(z.string()), host: z.string() }),
  'delivery.delivered': z.strictObject({ recipient: z.string(), response: z.string(), host: z.string() }),
  'delivery.deferred': z.strictObject({
    recipient: z.string(),
    response: z.string(),
    nextAttemptAt: z.number().describe('milliseconds since the epoch'),
  }),
  'delivery.failed': z.strictObject({ recipient: z.string(), response: z.string() }),
  'delivery.expired': z.strictObject({ recipient: z.string() }),
  'delivery.out-of-order': z.strictObject({
    recipient: z.string(),
    aheadOf: z.string().describe('the earlier message for the same mailbox, still waiting'),
    deferredSince: z.number().nullable().describe('when the primary first deferred that message, milliseconds since the epoch'),
    response: z.string().nullable().describe("the primary's last answer about that message"),
    orderHold: z.string().describe('the orderHold setting that ran out'),
  }),
  'message.held': recipientCount,
  'message.released': recipientCount,
  'message.redeliver': recipientCount,
  'message.deleted': z.record(z.string(), z.never()),
  'message.damaged': z.strictObject({
    recipients: z.array(z.string()).describe('not handed over'),
    problem: z.string().describe('what was found, in plain words'),
    size: z.number().int().describe('the size the body was received with, in bytes'),
    sha256: z.string().describe('the SHA-256 the body was received with, hex'),
  }),
  'dsn.queued': z.strictObject({
    to: z.string(),
    dsnQid: z.string(),
    action: z.enum(['failed', 'delayed']),
    recipients: z.array(z.string()),
  }),
  'primary.up': z.strictObject({ target: z.string(), latencyMs: z.number().nullable() }),
  'primary.down': z.strictObject({ target: z.string(), error: z.string().nullable() }),
  'settings.changed': z.strictObject({ keys: z.array(z.string()) }),
  'setup.check-failed': z.strictObject({
    check: z.string().describe('the title of the check'),
    found: z.string().describe('what the check found, in plain words'),
  }),
};

type DataByType = typeof dataByType;

function eventOf<K extends keyof DataByType>(type: K) {
  return z.strictObject({
    id: z.number().int().describe('increasing; use as Last-Event-ID or activity `before`'),
    at: z.number().describe('milliseconds since the epoch'),
    type: z.literal(type),
    qid: z.string().nullable().describe('the message it is about, if any'),
    data: dataByType[type],
  });
}

export const engineEvent = z.discriminatedUnion('type', [
  eventOf('message.received'),
  eventOf('delivery.attempt'),
  eventOf('delivery.delivered'),
  eventOf('delivery.deferred'),
  eventOf('delivery.failed'),
  eventOf('delivery.expired'),
  eventOf('delivery.out-of-order'),
  eventOf('message.held'),
  eventOf('message.released'),
  eventOf('message.redeliver'),
  eventOf('message.deleted'),
  eventOf('message.damaged'),
  eventOf('dsn.queued'),
  eventOf('primary.up'),
  eventOf('primary.down'),
  eventOf('settings.changed'),
  eventOf('setup.check-failed'),
]);

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
/** Fails the build when the schemas and the engine's event type (events/types.ts) drift apart. */
export type EventSchemasMatchEngine = Assert<Same<z.infer<typeof engineEvent>, EngineEvent>>;
