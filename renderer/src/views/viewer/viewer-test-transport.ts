import type { EngineEvent, MessageContent, MessageDetail } from '../../../../core/api/contract.ts';
import { ApiFailure, type Transport } from '../../api/transport.ts';

/**
 * A stand-in for MX Standby behind the viewer's tests: it answers the
 * contract's operations for one message from plain data and records what was
 * asked. The viewer is the thing under test, not this.
 */
export class ViewerTestTransport implements Transport {
  detail: MessageDetail;
  content: MessageContent;
  source = new Blob(['From: a@origin.test\r\nSubject: hi\r\n\r\nHello\r\n']);
  attachments = new Map<number, Blob>();
  gone = false;
  calls: { operation: string; input: unknown }[] = [];
  private listeners: ((event: EngineEvent) => void)[] = [];

  constructor(detail: MessageDetail, content: MessageContent) {
    this.detail = detail;
    this.content = content;
  }

  private notFound(): ApiFailure {
    return new ApiFailure(404, 'not_found', `no message with id ${this.detail.id}`, 'id');
  }

  async call(operation: string, input: unknown): Promise<unknown> {
    this.calls.push({ operation, input });
    if (this.gone) throw this.notFound();
    switch (operation) {
      case 'getMessage':
        return structuredClone(this.detail);
      case 'messageContent':
        return structuredClone(this.content);
      case 'redeliver':
      case 'hold':
      case 'release':
      case 'delete':
        return { changed: this.detail.deliveries.length, messages: 1 };
      default:
        throw new ApiFailure(404, 'not_found', `no operation ${operation} here`, null);
    }
  }

  async messageBytes(): Promise<Blob> {
    if (this.gone) throw this.notFound();
    return this.source;
  }

  async attachmentBytes(_id: string, index: number): Promise<Blob> {
    this.calls.push({ operation: 'attachment', input: { index } });
    const blob = this.attachments.get(index);
    if (!blob) throw new ApiFailure(404, 'not_found', `no attachment ${index}`, 'index');
    return blob;
  }

  subscribe(listener: (event: EngineEvent) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((item) => item !== listener);
    };
  }

  push(event: EngineEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  asked(operation: string): unknown[] {
    return this.calls.filter((call) => call.operation === operation).map((call) => call.input);
  }
}

const AT = '2026-11-29T10:00:00.000Z';

export function sampleDetail(): MessageDetail {
  const next = new Date(Date.now() + 30 * 60_000).toISOString();
  const delivery = (recipient: string, state: MessageDetail['state'], attempts: number) => ({
    recipient,
    params: { notify: null, orcpt: null },
    state,
    attempts,
    lastAttemptAt: attempts > 0 ? '2026-11-29T10:05:00.000Z' : null,
    lastCode: attempts > 0 ? 421 : null,
    lastResponse: attempts > 0 ? '421 4.3.2 primary is down for maintenance' : null,
    remoteHost: attempts > 0 ? 'mail.example.test' : null,
    nextAttemptAt: state === 'deferred' ? next : null,
    deliveredAt: null,
    expiresAt: '2026-12-04T10:00:00.000Z',
  });
  return {
    id: 'mi3k2x1a7f3c9e',
    kind: 'inbound',
    receivedAt: AT,
    from: 'billing@origin.test',
    headerFrom: 'Billing <billing@origin.test>',
    subject: 'Invoice 42',
    size: 2048,
    state: 'deferred',
    recipients: [
      { address: 'user@example.test', state: 'deferred' },
      { address: 'other@example.test', state: 'held' },
    ],
    attempts: 2,
    lastResponse: '421 4.3.2 primary is down for maintenance',
    nextAttemptAt: next,
    envelope: { from: 'billing@origin.test', params: { ret: null, envid: null, body: null, smtputf8: false } },
    client: { address: '192.0.2.7', hostname: 'mx.origin.test', helo: 'mx.origin.test', tls: { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' } },
    sha256: 'ab'.repeat(32),
    summary: { subject: 'Invoice 42', from: 'Billing <billing@origin.test>', to: 'Team <team@example.test>', date: 'Sun, 29 Nov 2026 10:00:00 +0000', messageId: '<42@origin.test>' },
    headers: [
      { name: 'From', value: 'Billing <billing@origin.test>' },
      { name: 'To', value: 'Team <team@example.test>' },
      { name: 'Cc', value: 'boss@elsewhere.test' },
      { name: 'Subject', value: 'Invoice 42' },
    ],
    deliveries: [delivery('user@example.test', 'deferred', 2), delivery('other@example.test', 'held', 0)],
    history: [
      { id: 1, at: Date.parse(AT), type: 'message.received', qid: 'mi3k2x1a7f3c9e', data: { from: 'billing@origin.test', to: ['user@example.test', 'other@example.test'], size: 2048, subject: 'Invoice 42' } },
      { id: 2, at: Date.parse(AT) + 60_000, type: 'message.held', qid: 'mi3k2x1a7f3c9e', data: { recipients: 1 } },
      { id: 3, at: Date.parse(AT) + 300_000, type: 'delivery.deferred', qid: 'mi3k2x1a7f3c9e', data: { recipient: 'user@example.test', response: '421 4.3.2 primary is down for maintenance', nextAttemptAt: Date.parse(next) } },
    ],
  };
}

export function sampleContent(): MessageContent {
  return {
    text: 'Please pay invoice 42.',
    textFromHtml: false,
    html: '<p>Please pay <b>invoice 42</b>.</p><script>steal()</script>',
    attachments: [{ index: 0, filename: 'invoice-42.pdf', contentType: 'application/pdf', size: 48_213, contentId: null, inline: false }],
    truncated: false,
    problems: [],
  };
}
