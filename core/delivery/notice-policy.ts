import type { DueNotice } from '../store/notices.ts';
import type { DsnRecipient } from './dsn.ts';

type NoticeDelivery = DueNotice['deliveries'][number];

/**
 * RFC 3461: the sender says with NOTIFY which notices it wants; without it,
 * failures are reported. Nobody gets a notice about a notice, and the null
 * sender never gets one (that is how bounce loops start).
 */
export function wantsNotice(notice: DueNotice, delivery: NoticeDelivery): boolean {
  if (notice.kind === 'dsn' || notice.mailFrom === '') return false;
  const notify = delivery.rcptParams.notify;
  if (notify === null) return true;
  if (notify.includes('NEVER')) return false;
  return notify.includes(delivery.due === 'failure' ? 'FAILURE' : 'DELAY');
}

const ENHANCED = /\b([245]\.\d{1,3}\.\d{1,3})\b/;

function statusOf(delivery: NoticeDelivery): string {
  if (delivery.state === 'expired') return '4.4.7';
  const own = delivery.lastResponse ? ENHANCED.exec(delivery.lastResponse)?.[1] : undefined;
  if (own) return own;
  return delivery.due === 'delay' ? '4.0.0' : '5.0.0';
}

function diagnosticOf(delivery: NoticeDelivery, lifetimeText: string): string | null {
  if (delivery.state === 'expired') {
    const last = delivery.lastResponse ? ` The last answer was: ${delivery.lastResponse}` : '';
    return `The message could not be delivered within ${lifetimeText}.${last}`;
  }
  return delivery.lastResponse;
}

export function dsnRecipient(delivery: NoticeDelivery, lifetimeText: string): DsnRecipient {
  return {
    address: delivery.recipient,
    orcpt: delivery.rcptParams.orcpt,
    action: delivery.due === 'failure' ? 'failed' : 'delayed',
    status: statusOf(delivery),
    diagnostic: diagnosticOf(delivery, lifetimeText),
    remoteMta: delivery.remoteHost?.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1') ?? null,
    lastAttemptAt: delivery.lastAttemptAt === null ? null : new Date(delivery.lastAttemptAt),
    willRetryUntil: delivery.due === 'delay' ? new Date(delivery.expiresAt) : null,
  };
}
