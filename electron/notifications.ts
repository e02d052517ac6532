import type { EngineApi, EngineEvent, Status } from '../core/api/contract.ts';
import { coalesce } from './coalesce.ts';

export interface Notice {
  title: string;
  body: string;
}

export interface NoticeOptions {
  api: Pick<EngineApi, 'status' | 'subscribe'>;
  show: (notice: Notice) => void;
  /** Mail waiting for this many recipients or more is worth a word; read at every check. */
  threshold: () => number;
}

/** Recipients whose mail is still here to be handed over: waiting, being handed over, retrying or held by the owner. */
export function waitingRecipients(status: Pick<Status, 'queue'>): number {
  const { queued, delivering, deferred, held } = status.queue;
  return queued + delivering + deferred + held;
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/**
 * The desktop notifications, derived from the engine's own events: the
 * primary going down, the primary back once what it missed is handed over
 * (with how many messages that was), and held mail passing the threshold.
 */
export class DesktopNotices {
  private readonly options: NoticeOptions;
  private unsubscribe: (() => void) | null = null;
  /**
   * Since the primary came back: how many recipients were waiting then, the
   * delivery outcomes since (each attempt gives one), and the messages handed
   * over. Done once every recipient that waited has had its attempt.
   */
  private handover: { target: string; waiting: number | null; outcomes: number; messages: Set<string> } | null = null;
  /** Targets seen going down: only their coming back is news (the first probe after a start reports up too). */
  private readonly down = new Set<string>();
  private aboveThreshold = false;
  private readonly looks = coalesce(() => this.look());

  constructor(options: NoticeOptions) {
    this.options = options;
  }

  /** Subscribes, and takes the current amount of held mail as known (no notice for what was there at start). */
  async start(): Promise<void> {
    this.unsubscribe = this.options.api.subscribe((event) => this.onEvent(event));
    const status = await this.options.api.status({});
    this.aboveThreshold = waitingRecipients(status) >= this.options.threshold();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private onEvent(event: EngineEvent): void {
    switch (event.type) {
      case 'primary.down':
        this.handover = null;
        this.down.add(event.data.target);
        this.options.show({
          title: 'The primary mail server is down',
          body: `${event.data.target} does not answer${event.data.error ? ` (${event.data.error})` : ''}. MX Standby holds mail for your domains until it is back.`,
        });
        return;
      case 'primary.up':
        if (!this.down.delete(event.data.target)) return;
        this.handover = { target: event.data.target, waiting: null, outcomes: 0, messages: new Set() };
        this.check();
        return;
      case 'delivery.delivered':
        if (this.handover && event.qid) this.handover.messages.add(event.qid);
        this.outcome();
        return;
      case 'delivery.deferred':
      case 'delivery.failed':
        this.outcome();
        return;
      case 'message.received':
      case 'message.released':
      case 'message.redeliver':
        this.check();
        return;
      default:
        return;
    }
  }

  private outcome(): void {
    if (this.handover) this.handover.outcomes++;
    this.check();
  }

  /** One status look at a time; events meanwhile ask for one more look after it. */
  private check(): void {
    this.looks.request();
  }

  private async look(): Promise<void> {
    const status = await this.options.api.status({});
    const { queued, delivering, deferred } = status.queue;
    const handover = this.handover;
    if (handover && handover.waiting === null) handover.waiting = queued + delivering + deferred;
    if (handover && handover.outcomes >= handover.waiting!) {
      const { target, messages } = handover;
      this.handover = null;
      this.options.show({
        title: 'The primary mail server is back',
        body: `${target} answers again. ${messages.size === 0 ? 'No held mail had to be handed over.' : `${plural(messages.size, 'message was', 'messages were')} handed over to it.`}`,
      });
    }
    const waiting = waitingRecipients(status);
    const threshold = this.options.threshold();
    if (!this.aboveThreshold && waiting >= threshold) {
      this.options.show({
        title: 'Held mail is piling up',
        body: `Mail for ${plural(waiting, 'recipient', 'recipients')} is waiting in MX Standby (your limit for this notice: ${threshold}).`,
      });
    }
    this.aboveThreshold = waiting >= threshold;
  }

  /** Resolves when no status look is running (for tests and for a clean stop). */
  settled(): Promise<void> {
    return this.looks.settled();
  }
}
