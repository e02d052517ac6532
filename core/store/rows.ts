/** Shapes of what the queue holds, as the engine sees them (not the SQL rows). */

/** `damaged`: the body on disk is not the one received (or is gone), so it is never handed over. */
export type DeliveryState = 'queued' | 'delivering' | 'deferred' | 'delivered' | 'failed' | 'held' | 'expired' | 'damaged';
export const deliveryStates: readonly DeliveryState[] = [
  'queued',
  'delivering',
  'deferred',
  'delivered',
  'failed',
  'held',
  'expired',
  'damaged',
];

export type MessageKind = 'inbound' | 'dsn';

/** MAIL FROM parameters (RFC 1652, 6531, 3461) that travel on with the message. */
export interface MailParams {
  ret: 'FULL' | 'HDRS' | null;
  envid: string | null;
  body: '7BIT' | '8BITMIME' | null;
  smtputf8: boolean;
}

/** RCPT TO parameters (RFC 3461). notify null means the sender did not say. */
export interface RcptParams {
  notify: string[] | null;
  orcpt: string | null;
}

export interface TlsInfo {
  protocol: string;
  cipher: string;
}

export interface MessageSummary {
  subject: string | null;
  from: string | null;
  to: string | null;
  date: string | null;
  messageId: string | null;
}

/** What is recorded about every message when it is accepted. */
export interface MessageFacts {
  qid: string;
  kind: MessageKind;
  receivedAt: number;
  mailFrom: string;
  mailParams: MailParams;
  clientAddress: string | null;
  clientHostname: string | null;
  helo: string | null;
  tls: TlsInfo | null;
  size: number;
  sha256: string;
  spoolFile: string;
}

export interface NewMessage extends MessageFacts {
  summary: MessageSummary;
  recipients: { address: string; params: RcptParams }[];
  expiresAt: number;
}

/** A delivery the scheduler holds a lease on, with what it needs to send. */
export interface ClaimedDelivery extends MessageFacts {
  id: number;
  messageId: number;
  recipient: string;
  domain: string;
  rcptParams: RcptParams;
  attempts: number;
  expiresAt: number;
}

export type DeliveryOutcome =
  | { id: number; qid: string; result: 'delivered'; code: number; response: string; remoteHost: string }
  | { id: number; qid: string; result: 'deferred'; code: number | null; response: string; remoteHost: string | null; nextAttemptAt: number }
  | { id: number; qid: string; result: 'failed'; code: number | null; response: string; remoteHost: string | null }
  | { id: number; qid: string; result: 'damaged'; code: null; response: string; remoteHost: null };
