import { formatHostPort, type HostPort } from '../config/runtime.ts';
import { ConnectionLost, HandoverConnection, type HandoverOptions } from './handover-connection.ts';

const IDLE_CLOSE_MS = 30_000;

/**
 * Keeps one open connection per destination between batches, so a backlog
 * flows over one connection instead of one per message. Each key is used by
 * one delivery run at a time (the scheduler sees to that).
 */
export class HandoverPool {
  private readonly connections = new Map<string, { connection: HandoverConnection; idle: NodeJS.Timeout | null }>();
  private readonly options: () => HandoverOptions;

  constructor(options: () => HandoverOptions) {
    this.options = options;
  }

  /** An open connection to the first host that answers, or ConnectionLost naming what each said. */
  async get(key: string, hosts: HostPort[]): Promise<HandoverConnection> {
    const kept = this.connections.get(key);
    if (kept) {
      if (kept.idle) clearTimeout(kept.idle);
      kept.idle = null;
      if (kept.connection.open) return kept.connection;
      this.connections.delete(key);
    }
    const failures: string[] = [];
    for (const host of hosts) {
      try {
        const connection = await HandoverConnection.open(host, this.options());
        this.connections.set(key, { connection, idle: null });
        return connection;
      } catch (error) {
        failures.push(`${formatHostPort(host)}: ${(error as Error).message}`);
      }
    }
    throw new ConnectionLost(failures.join('; ') || 'no host to connect to');
  }

  /** The run is over; close the connection if nothing uses it for a while. */
  release(key: string): void {
    const kept = this.connections.get(key);
    if (!kept) return;
    if (!kept.connection.open) {
      this.connections.delete(key);
      return;
    }
    kept.idle = setTimeout(() => this.drop(key), IDLE_CLOSE_MS);
    kept.idle.unref();
  }

  drop(key: string): void {
    const kept = this.connections.get(key);
    if (!kept) return;
    if (kept.idle) clearTimeout(kept.idle);
    this.connections.delete(key);
    kept.connection.close();
  }

  closeAll(): void {
    for (const key of [...this.connections.keys()]) this.drop(key);
  }
}
