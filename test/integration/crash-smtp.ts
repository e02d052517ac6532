import net from 'node:net';

export interface Reply {
  code: number;
  text: string;
}

/** The connection ended, or stayed silent too long, before the reply came. */
export class NoReply extends Error {}

const REPLY_TIMEOUT_MS = 15_000;

/**
 * A bare SMTP client: one command, then its reply, on one socket. Unlike a
 * full client it lets the test know exactly whether the final dot of a
 * message had been written when the engine was killed.
 */
export class RawSmtp {
  private readonly socket: net.Socket;
  private partial = '';
  private lines: string[] = [];
  private readonly replies: Reply[] = [];
  private waiter: { resolve: (reply: Reply) => void; reject: (error: NoReply) => void } | null = null;
  private ended: NoReply | null = null;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => this.take(text));
    socket.on('error', (error) => this.end(error.message));
    socket.on('close', () => this.end('connection closed'));
  }

  /** Connects to 127.0.0.1:port; rejects if nothing listens there. */
  static connect(port: number): Promise<RawSmtp> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new RawSmtp(socket));
      });
    });
  }

  /** The next reply (the greeting, first). */
  reply(): Promise<Reply> {
    const ready = this.replies.shift();
    if (ready) return Promise.resolve(ready);
    if (this.ended) return Promise.reject(this.ended);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.socket.destroy();
        this.end(`no reply within ${REPLY_TIMEOUT_MS} ms`);
      }, REPLY_TIMEOUT_MS);
      const settle = () => {
        clearTimeout(timer);
        this.waiter = null;
      };
      this.waiter = {
        resolve: (reply) => (settle(), resolve(reply)),
        reject: (error) => (settle(), reject(error)),
      };
    });
  }

  command(line: string): Promise<Reply> {
    this.socket.write(`${line}\r\n`);
    return this.reply();
  }

  /** Writes a message (CRLF line endings, no line starting with a dot) and the final dot; resolves with the reply. */
  data(raw: string): Promise<Reply> {
    this.socket.write(`${raw}.\r\n`);
    return this.reply();
  }

  close(): void {
    this.socket.destroy();
  }

  private take(text: string): void {
    const lines = (this.partial + text).split('\r\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      this.lines.push(line);
      if (line[3] === '-') continue;
      const reply = { code: Number(line.slice(0, 3)), text: this.lines.join('\n') };
      this.lines = [];
      if (this.waiter) this.waiter.resolve(reply);
      else this.replies.push(reply);
    }
  }

  private end(reason: string): void {
    this.ended ??= new NoReply(reason);
    this.waiter?.reject(this.ended);
  }
}
