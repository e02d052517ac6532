import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * JSON lines for machines (and for `serve` under a service manager).
 * Every line about a message carries `msg_id`: use `log.child({ msg_id })`.
 */
export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  return pino(
    { level: options.level ?? process.env.MX_STANDBY_LOG_LEVEL ?? 'info', base: { app: 'mx-standby' } },
    // Asynchronous writes: a log line must never hold up an SMTP session.
    options.destination ?? pino.destination({ dest: 2, sync: false }),
  );
}

/** A logger that discards everything, for tests that do not read logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
