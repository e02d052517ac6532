export interface SmtpReply {
  code: number;
  /** Text of every line, without the code. */
  lines: string[];
}

/** Replies longer than this are not an SMTP server talking; stop reading rather than buffer without end. */
const MAX_PENDING = 64 * 1024;

/**
 * Cuts a byte stream into SMTP replies (RFC 5321 4.2: "250-..." continues, "250 ..." ends).
 * push() returns the replies completed by a chunk, or an Error naming what was wrong.
 */
export class ReplyReader {
  #pending = '';
  #lines: string[] = [];
  #code: number | null = null;

  push(chunk: Buffer): SmtpReply[] | Error {
    this.#pending += chunk.toString('latin1');
    if (this.#pending.length > MAX_PENDING) return new Error('sent an over-long reply');
    const replies: SmtpReply[] = [];
    let end = this.#pending.indexOf('\n');
    while (end >= 0) {
      const line = this.#pending.slice(0, end).replace(/\r$/, '');
      this.#pending = this.#pending.slice(end + 1);
      const reply = this.#takeLine(line);
      if (reply instanceof Error) return reply;
      if (reply) replies.push(reply);
      end = this.#pending.indexOf('\n');
    }
    return replies;
  }

  #takeLine(line: string): SmtpReply | Error | null {
    const match = /^(\d{3})([ -]?)(.*)$/.exec(line);
    if (!match) return new Error(`sent something that is not SMTP: ${JSON.stringify(line.slice(0, 80))}`);
    const code = Number(match[1]);
    if (this.#code !== null && code !== this.#code) {
      return new Error(`sent a reply mixing codes ${this.#code} and ${code}`);
    }
    this.#code = code;
    this.#lines.push(match[3] ?? '');
    if (match[2] === '-') return null;
    const reply = { code, lines: this.#lines };
    this.#code = null;
    this.#lines = [];
    return reply;
  }
}
