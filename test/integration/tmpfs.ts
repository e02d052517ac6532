import { execFile } from 'node:child_process';
import { mkdtemp, open, readdir, rm, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const FILLER = 'filler';
const CHUNK = Buffer.alloc(64 * 1024, 0x2e);
/** A bound on the fill loop: far more than any tmpfs these tests mount. */
const MAX_FILL_BYTES = 256 * 1024 * 1024;

/**
 * A small file system of its own for a data folder, so that a test can fill
 * it to the last byte or make it read-only without touching the machine's.
 * Mounting needs root; CI runs as root, and a test that cannot mount must
 * fail, not pass without having tested anything.
 */
export class Tmpfs {
  readonly dir: string;

  private constructor(dir: string) {
    this.dir = dir;
  }

  static async mount(sizeBytes: number): Promise<Tmpfs> {
    if (process.getuid?.() !== 0) {
      throw new Error('this test mounts a tmpfs and so must run as root (CI does): run it with sudo');
    }
    const dir = await mkdtemp(join(tmpdir(), 'mx-standby-tmpfs-'));
    await run('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes},mode=0700`, 'tmpfs', dir]);
    return new Tmpfs(dir);
  }

  /** Writes a filler file until the file system has no byte left. */
  async fill(): Promise<void> {
    const handle = await open(join(this.dir, FILLER), 'a');
    try {
      for (let written = 0; written < MAX_FILL_BYTES; written += CHUNK.length) {
        await handle.write(CHUNK);
      }
      throw new Error(`wrote ${MAX_FILL_BYTES} bytes to ${this.dir} and it is still not full`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
    } finally {
      await handle.close();
    }
  }

  /** Removes the filler: the space is back. */
  async free(): Promise<void> {
    await rm(join(this.dir, FILLER), { force: true });
  }

  /** Removes everything in it, for a test that needs a data folder of its own. */
  async empty(): Promise<void> {
    for (const name of await readdir(this.dir)) await rm(join(this.dir, name), { recursive: true, force: true });
  }

  async remount(mode: 'ro' | 'rw'): Promise<void> {
    await run('mount', ['-o', `remount,${mode}`, this.dir]);
  }

  async unmount(): Promise<void> {
    await run('umount', ['-l', this.dir]);
    await rmdir(this.dir);
  }
}
