import type { Readable } from 'node:stream';
import SMTPConnection, { type SMTPEnvelope } from 'nodemailer/lib/smtp-connection';
import type { HostPort } from '../config/runtime.ts';
import { BodyDamaged } from './body-check.ts';

export interface RecipientReply {
  recipient: string;
  code: number | null;
  response: string;
  accepted: boolean;
}

/** The connection itself failed: nothing was decided about the recipients. */
export class ConnectionLost extends Error {}

interface NodemailerError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  recipient?: string;
  rejectedErrors?: NodemailerError[];
}

export interface HandoverOptions {
  heloName: string;
  tls: 'opportunistic' | 'require';
  timeoutMs?: number;
}

/**
 * One SMTP connection to a destination, kept open for many messages in turn
 * (order matters, so one connection, one message at a time). A thin promise
 * face on nodemailer's SMTPConnection, which streams and dot-stuffs the body.
 */
export class HandoverConnection {
  readonly target: HostPort;
  private readonly connection: SMTPConnection;
  private usable = true;

  private constructor(target: HostPort, connection: SMTPConnection) {
    this.target = target;
    this.connection = connection;
    connection.on('error', () => {
      this.usable = false;
    });
    connection.on('end', () => {
      this.usable = false;
    });
  }

  static open(target: HostPort, options: HandoverOptions): Promise<HandoverConnection> {
    const timeout = options.timeoutMs ?? 60_000;
    const connection = new SMTPConnection({
      host: target.host,
      port: target.port,
      name: options.heloName,
      requireTLS: options.tls === 'require',
      opportunisticTLS: options.tls === 'opportunistic',
      // Mail servers present self-signed and mismatched certificates all the time;
      // without DANE or MTA-STS, encryption without verification is the norm (RFC 7435).
      tls: { rejectUnauthorized: false },
      connectionTimeout: Math.min(timeout, 30_000),
      greetingTimeout: Math.min(timeout, 30_000),
      socketTimeout: timeout,
      logger: false,
    });
    return new Promise((resolve, reject) => {
      connection.once('error', (error: NodemailerError) => reject(new ConnectionLost(describe(error))));
      connection.connect(() => resolve(new HandoverConnection(target, connection)));
    });
  }

  get open(): boolean {
    return this.usable;
  }

  /** Sends one message; replies per recipient, or throws ConnectionLost, or BodyDamaged when the body failed its check. */
  send(envelope: SMTPEnvelope & { to: string[] }, body: Readable): Promise<RecipientReply[]> {
    return new Promise((resolve, reject) => {
      this.connection.send(envelope, body, (error, info) => {
        if (error) {
          const failure = error as NodemailerError;
          if (!failure.responseCode) {
            this.usable = false;
            body.destroy();
            // Perhaps mid-DATA: closing without the final dot is the one way to take a message back (QUIT would be message text).
            this.connection.close();
            return reject(failure instanceof BodyDamaged ? failure : new ConnectionLost(describe(failure)));
          }
          return resolve(repliesForFailure(envelope.to, failure));
        }
        const rejected = new Map((info.rejectedErrors ?? []).map((item) => [item.recipient ?? '', item as NodemailerError]));
        resolve(
          envelope.to.map((recipient) => {
            const refusal = rejected.get(recipient);
            return refusal
              ? { recipient, code: refusal.responseCode ?? null, response: responseText(refusal), accepted: false }
              : { recipient, code: codeOf(info.response), response: info.response, accepted: true };
          }),
        );
      });
    });
  }

  /** RSET after a refused transaction, so the next message starts clean. */
  reset(): Promise<void> {
    return new Promise((resolve) => {
      this.connection.reset((error) => {
        if (error) this.usable = false;
        resolve();
      });
    });
  }

  close(): void {
    this.usable = false;
    this.connection.quit();
  }
}

function repliesForFailure(recipients: string[], failure: NodemailerError): RecipientReply[] {
  const perRecipient = new Map((failure.rejectedErrors ?? []).map((item) => [item.recipient ?? '', item]));
  return recipients.map((recipient) => {
    const own = perRecipient.get(recipient) ?? failure;
    return { recipient, code: own.responseCode ?? null, response: responseText(own), accepted: false };
  });
}

function codeOf(response: string): number | null {
  const code = Number(response.slice(0, 3));
  return Number.isInteger(code) && code >= 200 ? code : null;
}

function responseText(error: NodemailerError): string {
  return (error.response ?? error.message).trim();
}

function describe(error: NodemailerError): string {
  const text = error.message.replace(/^(Connection|Greeting) /, (word) => word.toLowerCase());
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
