import { Transform, type TransformCallback } from 'node:stream';
import { reply } from './smtp-error.ts';

const CR = 0x0d;
const LF = 0x0a;
/** Enough for any honest header section; loop checks and the summary read only this much. */
const HEADER_CAPTURE_LIMIT = 256 * 1024;

/**
 * Passes the message bytes through unchanged while checking what
 * smtp-server does not: every line must end in CRLF (a bare CR or LF is how
 * SMTP smuggling hides a second message), and the body must stay within the
 * size limit. It also keeps a copy of the header section for the loop check
 * and the summary, capped so that huge headers cannot grow memory.
 */
export class DataInspector extends Transform {
  private previous = -1;
  private headerChunks: Buffer[] = [];
  private headerBytes = 0;
  private headersDone = false;
  private total = 0;
  private readonly maxSize: number;

  constructor(maxSize: number) {
    super();
    this.maxSize = maxSize;
  }

  /** The header section as received (up to the capture limit), without the blank line. */
  headerSection(): string {
    const text = Buffer.concat(this.headerChunks).toString('utf8');
    const end = text.indexOf('\r\n\r\n');
    return end === -1 ? text : text.slice(0, end + 2);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.total += chunk.length;
    if (this.total > this.maxSize) {
      return done(reply(552, '5.3.4 Message is larger than this server accepts'));
    }
    const bad = this.findBareLineEnding(chunk);
    if (bad !== null) return done(bad);
    this.captureHeaders(chunk);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    if (this.previous === CR) return done(bareLineEnding('CR'));
    done();
  }

  private findBareLineEnding(chunk: Buffer): Error | null {
    let previous = this.previous;
    for (let index = 0; index < chunk.length; index++) {
      const byte = chunk[index]!;
      if (byte === LF && previous !== CR) return bareLineEnding('LF');
      if (previous === CR && byte !== LF) return bareLineEnding('CR');
      previous = byte;
    }
    this.previous = previous;
    return null;
  }

  private captureHeaders(chunk: Buffer): void {
    if (this.headersDone) return;
    const room = HEADER_CAPTURE_LIMIT - this.headerBytes;
    const piece = chunk.subarray(0, Math.max(0, room));
    this.headerChunks.push(piece);
    this.headerBytes += piece.length;
    // Look for the blank line across the seam with the previous chunk.
    const tail = Buffer.concat(this.headerChunks.slice(-2)).toString('latin1');
    if (tail.includes('\r\n\r\n') || (this.headerBytes <= 2 && tail.startsWith('\r\n')) || room <= chunk.length) {
      this.headersDone = true;
    }
  }
}

function bareLineEnding(kind: 'CR' | 'LF'): Error {
  return reply(
    550,
    `5.6.11 Message contains a bare ${kind}; SMTP requires every line to end with CRLF (RFC 5321 2.3.8)`,
  );
}

export interface HeaderField {
  name: string;
  value: string;
}

/** Splits a header section into unfolded fields. */
export function parseHeaderFields(section: string): HeaderField[] {
  const fields: HeaderField[] = [];
  for (const line of section.split('\r\n')) {
    if (line === '') continue;
    const last = fields[fields.length - 1];
    if ((line.startsWith(' ') || line.startsWith('\t')) && last) {
      last.value += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon > 0) fields.push({ name: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1).trim() });
  }
  return fields;
}

/** Counts Received fields, and those this host wrote (`by <hostname>`), for loop detection. */
export function countHops(fields: HeaderField[], hostname: string): { received: number; ours: number } {
  const byUs = new RegExp(`\\bby\\s+${hostname.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|;|$)`, 'i');
  let received = 0;
  let ours = 0;
  for (const field of fields) {
    if (field.name !== 'received') continue;
    received++;
    if (byUs.test(field.value)) ours++;
  }
  return { received, ours };
}
