import { createHash } from 'node:crypto';

/** What was recorded about a body when it got its 250: its size and SHA-256 over the sender's bytes. */
export interface BodyFacts {
  size: number;
  sha256: string;
}

/**
 * The body on disk is not the one that was accepted (truncated, garbled, or
 * gone): it must not be handed over. `problem` says what was found, in words
 * the owner reads.
 */
export class BodyDamaged extends Error {
  readonly problem: string;

  constructor(problem: string) {
    super(`damaged body: ${problem}`);
    this.problem = problem;
  }
}

/** Counts and hashes a body's bytes as they pass; `end()` compares them with what was received. */
export class BodyCheck {
  private readonly expected: BodyFacts;
  private readonly hash = createHash('sha256');
  private size = 0;

  constructor(expected: BodyFacts) {
    this.expected = expected;
  }

  add(chunk: Buffer): void {
    this.size += chunk.length;
    this.hash.update(chunk);
  }

  /** Already more bytes than were received: a streamed body is cut off here rather than sent to its end. */
  tooLong(): BodyDamaged | null {
    return this.size > this.expected.size ? new BodyDamaged(`the body file holds more than the ${this.expected.size} bytes received`) : null;
  }

  end(): void {
    const { size, sha256 } = this.expected;
    const found = this.hash.digest('hex');
    if (this.size !== size) {
      throw new BodyDamaged(`the body file holds ${this.size} bytes, not the ${size} bytes received (SHA-256 ${found}, received as ${sha256})`);
    }
    if (found !== sha256) {
      throw new BodyDamaged(`the body file holds the ${size} bytes received, but not the same bytes (SHA-256 ${found}, received as ${sha256})`);
    }
  }
}

/**
 * Passes a body's chunks on while checking them. On a mismatch it fails
 * instead of ending, so whatever it is piped into never sees an end (for
 * SMTP: the DATA never gets its final dot).
 */
export async function* checkedBody(chunks: AsyncIterable<Buffer>, expected: BodyFacts): AsyncGenerator<Buffer> {
  const check = new BodyCheck(expected);
  try {
    for await (const chunk of chunks) {
      check.add(chunk);
      const tooLong = check.tooLong();
      if (tooLong) throw tooLong;
      yield chunk;
    }
  } catch (error) {
    whenMissing(error);
  }
  check.end();
}

/** A whole body read ahead, checked before any of it is sent. */
export function checkWhole(body: Buffer, expected: BodyFacts): Buffer {
  const check = new BodyCheck(expected);
  check.add(body);
  check.end();
  return body;
}

/** A body file that is not there is damage too, not a failure to retry; any other error is passed on as it is. */
export function whenMissing(error: unknown): never {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new BodyDamaged('the body file is missing');
  throw error;
}

