import { connect, type Socket } from 'node:net';
import { ReplyReader, type SmtpReply } from '../health/replies.ts';

export interface SmtpAnswer {
  code: number;
  text: string;
}

/**
 * A minimal SMTP client for short dialogs (recipient callouts): one command,
 * one reply. Not for sending mail: that is nodemailer's job.
 */
export class SmtpDialog {
  private readonly replies: SmtpReply[] = [];
  private readonly reader = new ReplyReader();
  private waiter: (() => void) | null = null;
  private failure: Error | null = null;
  private readonly socket: Socket;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      const replies = this.reader.push(chunk);
      if (replies instanceof Error) this.fail(replies);
      else for (const reply of replies) this.replies.push(reply);
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
    while (this.replies.length === 0) {
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
      });
    }
    const reply = this.replies.shift()!;
    return { code: reply.code, text: reply.lines.join(' ') };
  }

  async command(line: string): Promise<SmtpAnswer> {
    this.socket.write(`${line}\r\n`);
    return this.read();
  }

  close(): void {
    if (!this.socket.destroyed) this.socket.end('QUIT\r\n');
    this.socket.destroy();
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
