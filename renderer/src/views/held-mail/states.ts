import type { DeliveryState } from '../../stores/messages-query.ts';

/** The delivery states in the words the table uses, in the order the filter lists them. */
export const STATE_LABELS: Record<DeliveryState, string> = {
  deferred: 'Waiting to retry',
  queued: 'Queued',
  delivering: 'Handing over',
  held: 'On hold',
  failed: 'Failed',
  expired: 'Expired',
  damaged: 'Damaged',
  delivered: 'Delivered',
};

export const STATES = Object.keys(STATE_LABELS) as DeliveryState[];
