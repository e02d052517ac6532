import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable, type Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DirSync } from './dir-sync.ts';

export interface SpooledBody {
  file: string;
  size: number;
  sha256: string;
}

/**
 * Message bodies on disk. A body is written to tmp/, fsynced, renamed into
 * messages/ and the directory fsynced, so once `write` resolves the bytes
 * survive a crash. Nothing half-written is ever visible under messages/.
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
    await mkdir(this.tmpDir, { recursive: true, mode: 0o700 });
    await mkdir(this.messagesDir, { recursive: true, mode: 0o700 });
    // Anything in tmp/ is from a session that never got its 250.
    await rm(this.tmpDir, { recursive: true, force: true });
    await mkdir(this.tmpDir, { recursive: true, mode: 0o700 });
  }

  /** Streams `source` through `stages` to disk; rejects (and leaves nothing) if any stage fails. */
  async write(name: string, source: Readable, stages: Transform[] = []): Promise<SpooledBody> {
    const tmpPath = join(this.tmpDir, `${name}.${randomBytes(4).toString('hex')}`);
    const handle = await open(tmpPath, 'wx', 0o600);
    const hash = createHash('sha256');
    let size = 0;
    try {
      const sink = new Writable({
        write(chunk: Buffer, _encoding, done) {
          hash.update(chunk);
          size += chunk.length;
          handle.write(chunk).then(() => done(), done);
        },
      });
      await pipeline([source, ...stages, sink]);
      await handle.sync();
    } catch (error) {
      await handle.close().catch(() => undefined);
      await rm(tmpPath, { force: true });
      throw error;
    }
    await handle.close();
    const file = `${name}.eml`;
    await rename(tmpPath, join(this.messagesDir, file));
    await this.dirSync.sync();
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

  /** Free bytes on the spool's file system, for the disk floor. */
  async freeBytes(): Promise<number> {
    const stats = await statfs(this.messagesDir);
    return stats.bavail * stats.bsize;
  }
}
