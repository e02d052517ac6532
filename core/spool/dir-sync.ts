import { open, type FileHandle } from 'node:fs/promises';

/**
 * fsyncs a directory so that renames into it survive a crash. Callers that
 * arrive while a sync runs share the next one: under load, many renames are
 * made durable by one fsync instead of one each. The directory stays open,
 * so a sync is one system call.
 */
export class DirSync {
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private handle: Promise<FileHandle> | null = null;
  private readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  sync(): Promise<void> {
    if (!this.running) {
      this.running = this.syncOnce().finally(() => {
        this.running = null;
      });
      return this.running;
    }
    // A rename made now may have missed the running fsync: wait for the next one.
    this.queued ??= this.running.then(() => {
      this.queued = null;
      return this.sync();
    });
    return this.queued;
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    if (handle) await (await handle).close();
  }

  private async syncOnce(): Promise<void> {
    this.handle ??= open(this.dir, 'r');
    await (await this.handle).sync();
  }
}
