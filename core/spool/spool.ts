import { createHash } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, statfs, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ArrivalClock } from './arrival.ts';
import { coalescingSink } from './coalescing-sink.ts';
import { DirSync } from './dir-sync.ts';
import { bodyOffset, decodeRecord, encodeRecord, PREFIX_BYTES, type SpoolRecord } from './record.ts';

export interface SpooledBody {
  file: string;
  size: number;
  sha256: string;
}

/**
 * Message bodies on disk. A body is written to tmp/, renamed into messages/,
 * and both the file and the directory are fsynced before `write` resolves.
 * The database is the index: a body counts only once its row is committed,
 * which happens after this, so nothing half-written is ever mail. Each body
 * starts with its envelope record (record.ts), so the index can be rebuilt.
 */
export class Spool {
  readonly root: string;
  /** Bodies no message owns, kept for the owner: DATA/quarantine beside DATA/spool. */
  readonly quarantineDir: string;
  private readonly tmpDir: string;
  private readonly messagesDir: string;
  private readonly dirSync: DirSync;
  private readonly quarantineSync: DirSync;
  private readonly clock = new ArrivalClock();

  constructor(root: string) {
    this.root = root;
    this.quarantineDir = join(dirname(root), 'quarantine');
    this.tmpDir = join(root, 'tmp');
    this.messagesDir = join(root, 'messages');
    this.dirSync = new DirSync(this.messagesDir);
    this.quarantineSync = new DirSync(this.quarantineDir);
  }

  /** Arrival time and sequence for a new body's record. */
  arrival(): { receivedAt: number; seq: number } {
    return this.clock.next();
  }

  async init(): Promise<void> {
    await mkdir(this.messagesDir, { recursive: true, mode: 0o700 });
    // Anything in tmp/ is from a session that never got its 250.
    await rm(this.tmpDir, { recursive: true, force: true });
    await mkdir(this.tmpDir, { recursive: true, mode: 0o700 });
  }

  /**
   * Writes `record`, then streams `source` through `stages` to disk; rejects (and leaves nothing) if any
   * stage fails. Size and hash are of the sender's bytes only, without the record.
   */
  async write(record: SpoolRecord, source: Readable, stages: Transform[] = []): Promise<SpooledBody> {
    const tmpPath = join(this.tmpDir, `${record.qid}.tmp`);
    const file = `${record.qid}.eml`;
    const finalPath = join(this.messagesDir, file);
    const handle = await open(tmpPath, 'wx', 0o600);
    const hash = createHash('sha256');
    let size = 0;
    let renamed = false;
    try {
      await pipeline([source, ...stages, coalescingSink(handle, encodeRecord(record), (chunk) => {
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

  /** The message bytes as the sender sent them, without the record: every reader of a body goes through here. */
  read(file: string): Readable {
    const path = join(this.messagesDir, file);
    return Readable.from(
      (async function* () {
        const handle = await open(path, 'r');
        let offset: number;
        try {
          offset = bodyOffset(await readPrefix(handle, PREFIX_BYTES));
        } catch (error) {
          await handle.close();
          throw error;
        }
        // The stream closes the handle when it ends, fails or is abandoned.
        yield* handle.createReadStream({ start: offset });
      })(),
      { objectMode: false },
    );
  }

  /** The envelope record of a body in messages/ (or, with `from: 'quarantine'`, in quarantine/); throws if unreadable. */
  async record(file: string, from: 'messages' | 'quarantine' = 'messages'): Promise<SpoolRecord> {
    const handle = await open(join(from === 'messages' ? this.messagesDir : this.quarantineDir, file), 'r');
    try {
      const prefix = await readPrefix(handle, PREFIX_BYTES);
      const length = bodyOffset(prefix);
      return decodeRecord(length === 0 ? prefix : await readPrefix(handle, length));
    } finally {
      await handle.close();
    }
  }

  /** Moves a body the database does not know to quarantine/, durably: it is kept, never deleted. */
  async quarantine(file: string): Promise<void> {
    await mkdir(this.quarantineDir, { recursive: true, mode: 0o700 });
    await rename(join(this.messagesDir, file), join(this.quarantineDir, file));
    await Promise.all([this.quarantineSync.sync(), this.dirSync.sync()]);
  }

  /** Moves a quarantined body back into messages/, for a rebuild that takes it in. */
  async restore(file: string): Promise<void> {
    await rename(join(this.quarantineDir, file), join(this.messagesDir, file));
    await Promise.all([this.dirSync.sync(), this.quarantineSync.sync()]);
  }

  /** Bodies in quarantine/; none when there is no such folder. */
  async listQuarantine(): Promise<string[]> {
    return readdir(this.quarantineDir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
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
    await Promise.all([this.dirSync.close(), this.quarantineSync.close()]);
  }
}


/** Up to `length` bytes from the start of a file. */
async function readPrefix(handle: FileHandle, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, 0);
  return buffer.subarray(0, bytesRead);
}
