import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';

export const SENDER = 'alice@sender.test';
export const RECIPIENT = 'bob@example.test';

export interface Mailer {
  /** A message built by nodemailer, from alice@sender.test to bob@example.test unless given. */
  send(message: Mail.Options): Promise<void>;
  /** A message exactly as given (CRLF line ends), with the same envelope. */
  sendRaw(raw: string | Buffer): Promise<void>;
  close(): void;
}

/** Sends into serve's SMTP port the way another mail server would (plain SMTP on loopback). */
export function mailer(smtpPort: number): Mailer {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: smtpPort,
    secure: false,
    ignoreTLS: true,
    name: 'sender.test',
    connectionTimeout: 30_000,
    socketTimeout: 60_000,
  });
  return {
    send: async (message) => {
      await transport.sendMail({ from: SENDER, to: RECIPIENT, ...message });
    },
    sendRaw: async (raw) => {
      await transport.sendMail({ envelope: { from: SENDER, to: [RECIPIENT] }, raw });
    },
    close: () => transport.close(),
  };
}
