import { z } from 'zod';
import { settingsSchema } from '../config/schema.ts';
import { deliveryStates, type DeliveryState } from '../store/rows.ts';
import { engineEvent } from './event-schemas.ts';

/**
 * What the contract's operations answer, as zod schemas. The contract's output
 * types are inferred from these, so the OpenAPI document and the TypeScript
 * types cannot disagree; the contract tests parse real answers with them.
 */

const isoTime = z.string().describe('ISO 8601 time');
const state = z.enum(deliveryStates as [DeliveryState, ...DeliveryState[]]);

const destination = z.strictObject({
  key: z.string(),
  target: z.string().describe('HOST:PORT'),
  state: z.enum(['unknown', 'up', 'down']),
  since: isoTime.nullable(),
  lastCheckAt: isoTime.nullable(),
  lastError: z.string().nullable(),
  latencyMs: z.number().nullable(),
});

export const status = z.strictObject({
  version: z.string(),
  hostname: z.string(),
  setupNeeded: z.boolean(),
  domains: z.array(z.string()).describe('the domains mail is accepted for; none means every recipient is refused'),
  uptimeSeconds: z.number().int(),
  smtp: z.strictObject({
    listening: z.string(),
    tls: z.strictObject({ source: z.enum(['configured', 'self-signed']), subject: z.string(), validTo: z.string() }),
  }),
  primary: z.strictObject({ mode: z.enum(['host', 'mx', 'none']), destinations: z.array(destination) }),
  waiting: z.array(z.strictObject({ key: z.string(), reason: z.string(), until: isoTime })),
  queue: z.record(state, z.number().int()).describe('recipients (deliveries) by state'),
  messages: z.number().int(),
  mail: z
    .strictObject({
      waiting: z.number().int().describe('with a recipient still to hand over (queued, deferred, delivering or held)'),
      onHold: z.number().int().describe('with a recipient the owner put on hold'),
      bounced: z.number().int().describe('with a recipient that failed or expired (the sender was sent a bounce)'),
    })
    .describe('messages for your domains, each counted once however many recipients it has'),
  disk: z.strictObject({ freeBytes: z.number(), floorBytes: z.number() }),
  storage: z
    .strictObject({
      state: z.enum(['ok', 'failing']),
      error: z.string().nullable().describe('what failed, in plain words with the system\'s own message; null while ok'),
      since: isoTime.nullable(),
    })
    .describe('whether the data folder takes writes; while failing, new mail is refused with 452 4.3.1 until it does again'),
  recovery: z
    .strictObject({
      at: isoTime.describe('when this start looked through the spool'),
      recovered: z.number().int().describe('messages taken back into the queue from the envelope stored with each body'),
      quarantined: z.number().int().describe('bodies the queue database did not know, moved to the quarantine folder and kept'),
      quarantineFolder: z.string(),
    })
    .describe('what the last start found in the spool besides the mail the queue database knew; both counts are 0 after a normal stop'),
});

export const messageListItem = z.strictObject({
  id: z.string(),
  kind: z.enum(['inbound', 'dsn']),
  receivedAt: isoTime,
  from: z.string().describe('envelope sender; empty for the null sender'),
  headerFrom: z.string().nullable(),
  subject: z.string().nullable(),
  size: z.number().int(),
  state: state.describe('the state that needs attention first among its recipients'),
  recipients: z.array(z.strictObject({ address: z.string(), state })),
  attempts: z.number().int(),
  lastResponse: z.string().nullable(),
  nextAttemptAt: isoTime.nullable(),
});

export const messagePage = z.strictObject({
  items: z.array(messageListItem),
  nextCursor: z.string().nullable().describe('pass as `cursor` for the next page; null on the last page'),
});

export const messageCount = z.strictObject({
  count: z.number().int().describe('messages that match the filter: what an action on that filter would act on'),
});

const deliveryDetail = z.strictObject({
  recipient: z.string(),
  params: z.strictObject({ notify: z.array(z.string()).nullable(), orcpt: z.string().nullable() }),
  state,
  attempts: z.number().int(),
  lastAttemptAt: isoTime.nullable(),
  lastCode: z.number().int().nullable(),
  lastResponse: z.string().nullable(),
  remoteHost: z.string().nullable(),
  nextAttemptAt: isoTime.nullable(),
  deliveredAt: isoTime.nullable(),
  expiresAt: isoTime,
});

export const messageDetail = messageListItem.extend({
  envelope: z.strictObject({
    from: z.string(),
    params: z.strictObject({
      ret: z.enum(['FULL', 'HDRS']).nullable(),
      envid: z.string().nullable(),
      body: z.enum(['7BIT', '8BITMIME']).nullable(),
      smtputf8: z.boolean(),
    }),
  }),
  client: z.strictObject({
    address: z.string().nullable(),
    hostname: z.string().nullable(),
    helo: z.string().nullable(),
    tls: z.strictObject({ protocol: z.string(), cipher: z.string() }).nullable(),
  }),
  sha256: z.string(),
  summary: z.strictObject({
    subject: z.string().nullable(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    date: z.string().nullable(),
    messageId: z.string().nullable(),
  }),
  headers: z.array(z.strictObject({ name: z.string(), value: z.string() })),
  deliveries: z.array(deliveryDetail),
  history: z.array(engineEvent),
});

export const commandResult = z.strictObject({
  changed: z.number().int().describe('recipients (deliveries) the command changed'),
  messages: z.number().int().describe('messages it touched'),
});

export const settings = settingsSchema;

export const settingsResult = z.strictObject({
  settings: settingsSchema,
  applied: z.array(z.string()).describe('keys that took effect at once'),
  restartNeeded: z.array(z.string()).describe('keys that take effect after a restart'),
});

export const activityPage = z.strictObject({
  items: z.array(engineEvent),
  nextBefore: z.number().int().nullable().describe('pass as `before` for older events; null when there are none'),
});

/** The body of every error answer of the HTTP binding. */
export const errorBody = z.strictObject({
  error: z.strictObject({
    code: z.string(),
    message: z.string(),
    field: z.string().nullable().describe('the input field at fault, as a dotted path, if any'),
  }),
});

export const signInResult = z.strictObject({
  token: z.string().describe('the admin token: send it as "Authorization: Bearer TOKEN"'),
});

export const signInLink = z.strictObject({
  url: z.string().describe('open it in a browser to sign in; it works once'),
  expiresAt: isoTime,
});

export const traffic = z.strictObject({
  buckets: z
    .array(
      z.strictObject({
        hour: isoTime.describe('the start of the hour'),
        received: z.number().int().describe('messages received in that hour'),
        delivered: z.number().int().describe('received messages handed to the primary in that hour (bounces not counted)'),
      }),
    )
    .describe('one per hour, oldest first; the last is the current hour'),
});
