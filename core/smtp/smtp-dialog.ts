import { connect, type Socket } from 'node:net';

export interface SmtpAnswer {
  code: number;
  text: string;
}

/**
 * A minimal SMTP client for short dialogs (recipient callouts): one command,
 * one reply, with a deadline on the whole conversation. Not for sending mail:
 * that is nodemailer's job.
 */
export class SmtpDialog {
  private buffer = '';
  private lines: string[] = [];
  private waiter: (() => void) | null = null;
  private failure: Error | null = null;
  private readonly socket: Socket;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      let end: number;
      while ((end = this.buffer.indexOf('\r\n')) !== -1) {
        this.lines.push(this.buffer.slice(0, end));
        this.buffer = this.buffer.slice(end + 2);
      }
      this.wake();
    });
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('the server closed the connection')));
  }

  static open(host: string, port: number, timeoutMs: number): Promise<SmtpDialog> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`no connection to ${host}:${port} within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(new SmtpDialog(socket));
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  /** Reads one (possibly multi-line) reply. */
  async read(): Promise<SmtpAnswer> {
    const text: string[] = [];
    for (;;) {
      const line = await this.nextLine();
      text.push(line.slice(4));
      if (line[3] !== '-') return { code: Number(line.slice(0, 3)), text: text.join(' ') };
    }
  }

  async command(line: string): Promise<SmtpAnswer> {
    this.socket.write(`${line}\r\n`);
    return this.read();
  }

  close(): void {
    if (!this.socket.destroyed) this.socket.end('QUIT\r\n');
    this.socket.destroy();
  }

  private async nextLine(): Promise<string> {
    while (this.lines.length === 0) {
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
      });
    }
    const line = this.lines.shift()!;
    if (!/^\d{3}[ -]?/.test(line)) throw new Error(`unexpected answer: ${line.slice(0, 100)}`);
    return line.length === 3 ? `${line} ` : line;
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.wake();
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.();
  }
}
