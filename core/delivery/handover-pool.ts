import { formatHostPort, type HostPort } from '../config/runtime.ts';
import { ConnectionWindow } from './connection-window.ts';
import { ConnectionLost, HandoverConnection, type HandoverOptions } from './handover-connection.ts';

const IDLE_CLOSE_MS = 30_000;

interface Idle {
  connection: HandoverConnection;
  timer: NodeJS.Timeout;
}

interface Destination {
  idle: Idle[];
  /** Connections handed out and not yet given back. */
  inUse: number;
  /** Connections being opened now. */
  opening: number;
  window: ConnectionWindow;
}

/**
 * Open connections per destination, several at once (one per lane), kept
 * between batches so a backlog flows over open connections instead of one
 * per message. Each destination has a window (slow start, back-off) that
 * says how many it gets; the caller keeps within it.
 */
export class HandoverPool {
  private readonly destinations = new Map<string, Destination>();
  private readonly options: () => HandoverOptions;
  private readonly maxPerDestination: () => number;

  constructor(options: () => HandoverOptions, maxPerDestination: () => number) {
    this.options = options;
    this.maxPerDestination = maxPerDestination;
  }

  /** How many connections `key` may have in use now. */
  limit(key: string): number {
    return this.destination(key).window.size;
  }

  /** Connections to `key` in use or being opened: while there are any, a refusal means "not so many", not "down". */
  busy(key: string): number {
    const destination = this.destination(key);
    return destination.inUse + destination.opening;
  }

  /** An open connection for one caller's use until release(), or ConnectionLost naming what each host said. */
  async get(key: string, hosts: HostPort[]): Promise<HandoverConnection> {
    const destination = this.destination(key);
    for (let kept = destination.idle.pop(); kept; kept = destination.idle.pop()) {
      clearTimeout(kept.timer);
      if (kept.connection.open) {
        destination.inUse += 1;
        return kept.connection;
      }
    }
    const failures: string[] = [];
    destination.opening += 1;
    try {
      for (const host of hosts) {
        try {
          const connection = await HandoverConnection.open(host, this.options());
          destination.inUse += 1;
          destination.window.opened();
          return connection;
        } catch (error) {
          failures.push(`${formatHostPort(host)}: ${(error as Error).message}`);
        }
      }
    } finally {
      destination.opening -= 1;
    }
    throw new ConnectionLost(failures.join('; ') || 'no host to connect to');
  }

  /** The destination refused a connection, or ended one with 421, while others were in use. */
  refused(key: string): void {
    const destination = this.destination(key);
    destination.window.refused(destination.inUse);
  }

  /** Gives a connection back: kept for the next batch if it is open and within the window, closed after a while unused. */
  release(key: string, connection: HandoverConnection): void {
    const destination = this.destination(key);
    destination.inUse -= 1;
    if (!connection.open) return;
    if (destination.inUse + destination.idle.length >= destination.window.size) {
      connection.close();
      return;
    }
    const timer = setTimeout(() => this.dropIdle(destination, connection), IDLE_CLOSE_MS);
    timer.unref();
    destination.idle.push({ connection, timer });
  }

  closeAll(): void {
    for (const destination of this.destinations.values()) {
      for (const { connection, timer } of destination.idle.splice(0)) {
        clearTimeout(timer);
        connection.close();
      }
    }
  }

  private dropIdle(destination: Destination, connection: HandoverConnection): void {
    destination.idle = destination.idle.filter((kept) => kept.connection !== connection);
    connection.close();
  }

  private destination(key: string): Destination {
    let destination = this.destinations.get(key);
    if (!destination) {
      destination = { idle: [], inUse: 0, opening: 0, window: new ConnectionWindow(this.maxPerDestination) };
      this.destinations.set(key, destination);
    }
    return destination;
  }
}
