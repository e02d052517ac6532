import { z } from 'zod';
import { deliveryStates, type DeliveryState } from '../store/rows.ts';

/** Inputs of the contract. Every binding (HTTP, IPC, CLI) validates with these and nothing else. */

export const messageId = z.string().regex(/^[a-z0-9]{6,32}$/, 'must be a message id such as mi3k2x1a7f3c9e');

export const deliveryState = z.enum(deliveryStates as [DeliveryState, ...DeliveryState[]]);

export const messageFilter = z
  .object({
    state: deliveryState.optional(),
    recipient: z.string().max(320).optional(),
    sender: z.string().max(320).optional(),
    text: z.string().max(200).optional(),
  })
  .strict();

export const listMessagesInput = messageFilter
  .extend({
    sort: z.enum(['received', 'size']).default('received'),
    order: z.enum(['asc', 'desc']).default('desc'),
    cursor: z.string().max(100).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  })
  .strict();

export const byId = z.object({ id: messageId }).strict();

/** A command on some messages: named ones, or all that match a filter. */
export const selection = z
  .object({
    ids: z.array(messageId).min(1).max(10_000).optional(),
    filter: messageFilter.optional(),
  })
  .strict()
  .refine((value) => (value.ids === undefined) !== (value.filter === undefined), {
    message: 'give either ids or filter, not both and not neither',
  });

export const activityInput = z
  .object({
    before: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    id: messageId.optional(),
  })
  .strict();

export const empty = z.object({}).strict();

/** Where a new event stream starts: after this event id, replaying what the client missed. */
export const eventsInput = z
  .object({ after: z.coerce.number().int().min(0).optional() })
  .strict();

export type MessageFilter = z.infer<typeof messageFilter>;
export type ListMessagesInput = z.infer<typeof listMessagesInput>;
export type Selection = z.infer<typeof selection>;
export type ActivityInput = z.infer<typeof activityInput>;

/** A one-time sign-in code, as in the link `serve` and `mx-standby open` print (…/#signin=CODE). */
export const signInInput = z.object({ code: z.string().min(1, 'give the sign-in code').max(200) }).strict();

/** How many hours of traffic, ending with the current one. */
export const trafficInput = z
  .object({ hours: z.coerce.number().int().min(1).max(168).default(24) })
  .strict();

export type TrafficInput = z.infer<typeof trafficInput>;
