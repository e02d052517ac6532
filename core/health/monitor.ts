import type { HostPort } from '../config/runtime.ts';
import { formatHostPort } from '../config/runtime.ts';
import type { Logger } from '../log.ts';
import { probeSmtp, type ProbeResult } from './probe.ts';

export type PrimaryState = 'unknown' | 'up' | 'down';

export interface HealthChange {
  target: HostPort;
  state: 'up' | 'down';
  previous: PrimaryState;
  at: Date;
  error: string | null;
}

export interface HealthSnapshot {
  target: HostPort;
  state: PrimaryState;
  /** When the current state began; null while unknown. */
  since: Date | null;
  lastCheckAt: Date | null;
  /** Error of the last check; null when it succeeded. */
  lastError: string | null;
  /** Latency of the last check; null when it failed. */
  lastLatencyMs: number | null;
}

export interface HealthMonitorOptions {
  target: HostPort;
  intervalMs: number;
  timeoutMs?: number;
  heloName: string;
  /** Consecutive failures before an up primary counts as down. */
  downAfter?: number;
  /** Consecutive successes before a down primary counts as up. */
  upAfter?: number;
  onChange: (change: HealthChange) => void;
  logger: Logger;
  probe?: typeof probeSmtp;
}

const DEFAULT_TIMEOUT_MS = 10_000;

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a whole number of at least 1, got ${value}`);
  return value;
}

/**
 * Watches the primary with periodic probes and reports up and down transitions.
 * One failed probe is not an outage: down needs downAfter failures in a row, so a
 * blip does not flip the dashboard or make delivery hold mail back.
 */
export class HealthMonitor {
  readonly #target: HostPort;
  readonly #intervalMs: number;
  readonly #timeoutMs: number;
  readonly #heloName: string;
  readonly #downAfter: number;
  readonly #upAfter: number;
  readonly #onChange: (change: HealthChange) => void;
  readonly #logger: Logger;
  readonly #probe: typeof probeSmtp;

  #state: PrimaryState = 'unknown';
  #since: Date | null = null;
  #lastCheckAt: Date | null = null;
  #lastError: string | null = null;
  #lastLatencyMs: number | null = null;
  #failures = 0;
  #successes = 0;

  #running = false;
  #timer: NodeJS.Timeout | null = null;
  #inFlight: Promise<HealthSnapshot> | null = null;

  constructor(options: HealthMonitorOptions) {
    this.#target = { ...options.target };
    this.#intervalMs = positiveInteger('intervalMs', options.intervalMs);
    this.#timeoutMs = positiveInteger('timeoutMs', options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    this.#heloName = options.heloName;
    this.#downAfter = positiveInteger('downAfter', options.downAfter ?? 2);
    this.#upAfter = positiveInteger('upAfter', options.upAfter ?? 1);
    this.#onChange = options.onChange;
    this.#logger = options.logger.child({ component: 'health', target: formatHostPort(this.#target) });
    this.#probe = options.probe ?? probeSmtp;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    void this.checkNow();
  }

  /** Probes now; a probe already under way is shared rather than doubled. Never rejects: a failed probe is a result. */
  checkNow(): Promise<HealthSnapshot> {
    this.#inFlight ??= this.#runProbe().finally(() => {
      this.#inFlight = null;
      this.#scheduleNext();
    });
    return this.#inFlight;
  }

  snapshot(): HealthSnapshot {
    return {
      target: { ...this.#target },
      state: this.#state,
      since: this.#since,
      lastCheckAt: this.#lastCheckAt,
      lastError: this.#lastError,
      lastLatencyMs: this.#lastLatencyMs,
    };
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#clearTimer();
    await this.#inFlight;
  }

  // Counting the interval from the end of the last probe keeps probes from overlapping.
  #scheduleNext(): void {
    this.#clearTimer();
    if (!this.#running) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.checkNow();
    }, this.#intervalMs);
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  async #runProbe(): Promise<HealthSnapshot> {
    let result: ProbeResult;
    try {
      result = await this.#probe(this.#target, { heloName: this.#heloName, timeoutMs: this.#timeoutMs });
    } catch (error) {
      // A replacement probe might throw; that still says nothing good about the primary.
      result = { ok: false, latencyMs: 0, greeting: null, error: error instanceof Error ? error.message : String(error) };
    }
    this.#record(result, new Date());
    return this.snapshot();
  }

  #record(result: ProbeResult, at: Date): void {
    this.#lastCheckAt = at;
    this.#lastError = result.ok ? null : result.error;
    this.#lastLatencyMs = result.ok ? result.latencyMs : null;
    this.#successes = result.ok ? this.#successes + 1 : 0;
    this.#failures = result.ok ? 0 : this.#failures + 1;
    if (!result.ok) this.#logger.debug({ error: result.error, failures: this.#failures }, 'primary probe failed');
    const next = this.#transitionDue();
    if (next) this.#transition(next, at);
  }

  /** The state the counts now call for, or null to stay. */
  #transitionDue(): 'up' | 'down' | null {
    if (this.#state === 'unknown') return this.#failures > 0 ? 'down' : 'up';
    if (this.#state === 'up' && this.#failures >= this.#downAfter) return 'down';
    if (this.#state === 'down' && this.#successes >= this.#upAfter) return 'up';
    return null;
  }

  #transition(state: 'up' | 'down', at: Date): void {
    const change: HealthChange = { target: { ...this.#target }, state, previous: this.#state, at, error: this.#lastError };
    this.#state = state;
    this.#since = at;
    if (state === 'down') this.#logger.warn({ previous: change.previous, error: change.error }, 'primary is down');
    else this.#logger.info({ previous: change.previous }, 'primary is up');
    try {
      this.#onChange(change);
    } catch (error) {
      // A broken listener must not stop the watching.
      this.#logger.error({ err: error }, 'health change listener failed');
    }
  }
}
