/** Connections a destination gets at first, as Postfix's initial_destination_concurrency; more follow as it takes them. */
const INITIAL = 5;
/** After a refusal, the window does not grow again for this long. */
const BACK_OFF_MS = 60_000;

/**
 * How many handover connections one destination gets at once: slow start
 * and back-off, as Postfix's per-destination concurrency. It starts at five,
 * grows by one for each connection the destination greets and takes EHLO
 * on, up to the setting; when the destination refuses a connection (or ends
 * one with 421) while others are open, it shrinks to what was open and
 * stays there for a minute.
 */
export class ConnectionWindow {
  private limit = INITIAL;
  private steadyUntil = 0;
  private readonly max: () => number;

  constructor(max: () => number) {
    this.max = max;
  }

  get size(): number {
    return Math.max(1, Math.min(this.limit, this.max()));
  }

  opened(): void {
    if (Date.now() >= this.steadyUntil) this.limit = Math.min(this.limit + 1, this.max());
  }

  /** Refused while `open` other connections were in use: that is as many as it takes for now. */
  refused(open: number): void {
    this.limit = Math.max(1, Math.min(this.size - 1, open));
    this.steadyUntil = Date.now() + BACK_OFF_MS;
  }
}
