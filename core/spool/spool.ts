import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { coalescingSink } from './coalescing-sink.ts';
import { DirSync } from './dir-sync.ts';

export interface SpooledBody {
  file: string;
  size: number;
  sha256: string;
}

/**
 * Message bodies on disk. A body is written to tmp/, renamed into messages/,
 * and both the file and the directory are fsynced before `write` resolves.
 * The database is the index: a body counts only once its row is committed,
 * which happens after this, so nothing half-written is ever mail.
 */
export class Spool {
  readonly root: string;
  private readonly tmpDir: string;
  private readonly messagesDir: string;
  private readonly dirSync: DirSync;

  constructor(root: string) {
    this.root = root;
    this.tmpDir = join(root, 'tmp');
    this.messagesDir = join(root, 'messages');
    this.dirSync = new DirSync(this.messagesDir);
  }

  async init(): Promise<void> {
    await mkdir(this.messagesDir, { recursive: true, mode: 0o700 });
    // Anything in tmp/ is from a session that never got its 250.
    await rm(this.tmpDir, { recursive: true, force: true });
    await mkdir(this.tmpDir, { recursive: true, mode: 0o700 });
  }

  /** Streams `source` through `stages` to disk; rejects (and leaves nothing) if any stage fails. */
  async write(name: string, source: Readable, stages: Transform[] = []): Promise<SpooledBody> {
    const tmpPath = join(this.tmpDir, `${name}.tmp`);
    const file = `${name}.eml`;
    const finalPath = join(this.messagesDir, file);
    const handle = await open(tmpPath, 'wx', 0o600);
    const hash = createHash('sha256');
    let size = 0;
    let renamed = false;
    try {
      await pipeline([source, ...stages, coalescingSink(handle, (chunk) => {
        hash.update(chunk);
        size += chunk.length;
      })]);
      await rename(tmpPath, finalPath);
      renamed = true;
      // Both must be on disk before the caller commits the row; neither needs the other first.
      await Promise.all([handle.sync(), this.dirSync.sync()]);
    } catch (error) {
      await handle.close().catch(() => undefined);
      await rm(renamed ? finalPath : tmpPath, { force: true });
      throw error;
    }
    await handle.close();
    return { file, size, sha256: hash.digest('hex') };
  }

  read(file: string, options: { start?: number; end?: number } = {}): Readable {
    return createReadStream(join(this.messagesDir, file), options);
  }

  path(file: string): string {
    return join(this.messagesDir, file);
  }

  async remove(file: string): Promise<void> {
    await rm(join(this.messagesDir, file), { force: true });
  }

  async list(): Promise<string[]> {
    return readdir(this.messagesDir);
  }

  /** Writes, fsyncs and removes a small file in tmp/: proof that the spool takes writes again. */
  async probe(): Promise<void> {
    const path = join(this.tmpDir, 'storage-check.tmp');
    const handle = await open(path, 'w', 0o600);
    try {
      await handle.writeFile('storage check\n');
      await handle.sync();
    } finally {
      await handle.close();
      await rm(path, { force: true });
    }
  }

  /** Free bytes on the spool's file system, for the disk floor. */
  async freeBytes(): Promise<number> {
    const stats = await statfs(this.messagesDir);
    return stats.bavail * stats.bsize;
  }

  async close(): Promise<void> {
    await this.dirSync.close();
  }
}

