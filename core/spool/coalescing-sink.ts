import type { FileHandle } from 'node:fs/promises';
import { Writable } from 'node:stream';

/** Bodies are written in pieces of this size: one system call for a typical message, bounded memory for a large one. */
const WRITE_PIECE = 256 * 1024;

/**
 * A sink that gathers chunks and writes them with one writev per piece, checking nothing was cut short.
 * `lead` goes first, in the same writev as the first chunks, and is not passed to `seen`.
 */
export function coalescingSink(handle: FileHandle, lead: Buffer, seen: (chunk: Buffer) => void): Writable {
  let pending: Buffer[] = [lead];
  let pendingBytes = lead.length;
  const flush = async () => {
    const buffers = pending;
    const expected = pendingBytes;
    pending = [];
    pendingBytes = 0;
    const { bytesWritten } = await handle.writev(buffers);
    if (bytesWritten !== expected) {
      throw new Error(`short write to the spool (${bytesWritten} of ${expected} bytes): is the disk full?`);
    }
  };
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      seen(chunk);
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes < WRITE_PIECE) return done();
      flush().then(() => done(), done);
    },
    final(done) {
      if (pendingBytes === 0) return done();
      flush().then(() => done(), done);
    },
  });
}
