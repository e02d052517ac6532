import type { AddressInfo } from 'node:net';
import type { SMTPServer } from 'smtp-server';
import { listenFailure, SMTP_LISTEN } from '../config/listen-failure.ts';
import type { HostPort } from '../config/runtime.ts';
import type { Logger } from '../log.ts';

const FALLBACK_PORT = 2525;

export class ListenError extends Error {}

// smtp-server re-emits its net server's errors on itself, where an event nobody listens to kills the process:
// the bind failure is taken from there.
function listenOnce(server: SMTPServer, target: HostPort): Promise<HostPort> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      server.server.removeListener('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.removeListener('error', onError);
      const address = server.server.address() as AddressInfo;
      resolve({ host: target.host, port: address.port });
    };
    server.once('error', onError);
    server.server.once('listening', onListening);
    server.listen(target.port, target.host);
  });
}

/** Once listening, an error of the listener or of one client's connection is logged; neither may stop the process. */
function logErrors(server: SMTPServer, logger: Logger): void {
  server.on('error', (error: NodeJS.ErrnoException & { remoteAddress?: string }) => {
    if (error.remoteAddress === undefined) logger.error({ err: error }, 'the mail listener reported an error');
    else logger.info({ client: error.remoteAddress, code: error.code }, 'a client connection failed');
  });
}

/** Why the default port could not be had, and what to do about it, in words for the log. */
function fallbackAdvice(code: string | undefined, port: number): string {
  const forward = `forward port 25 to ${FALLBACK_PORT} on your router`;
  if (code === 'EADDRINUSE') {
    return `port ${port} is used by another program (often a mail server already installed); listening on ${FALLBACK_PORT} instead. ` +
      `To receive mail from the internet, stop that program and restart, or ${forward}`;
  }
  return `port ${port} needs privileges; listening on ${FALLBACK_PORT} instead. To receive mail from the internet, ` +
    `${forward}, or allow binding port 25 (Linux: sudo setcap cap_net_bind_service=+ep "$(readlink -f "$(command -v node)")")`;
}

/**
 * Listens where asked. Only when port 25 is the default, not a choice, and it
 * cannot be had (no privileges, or another program has it), falls back to
 * 2525: a newcomer's first start must not end in an error.
 */
export async function listenSmtp(server: SMTPServer, target: HostPort, explicit: boolean, logger: Logger): Promise<HostPort> {
  const address = await listenOrFallBack(server, target, explicit, logger);
  logErrors(server, logger);
  return address;
}

async function listenOrFallBack(server: SMTPServer, target: HostPort, explicit: boolean, logger: Logger): Promise<HostPort> {
  try {
    return await listenOnce(server, target);
  } catch (error) {
    const failure = error as NodeJS.ErrnoException;
    const recoverable = failure.code === 'EACCES' || failure.code === 'EADDRINUSE';
    if (explicit || !recoverable) throw new ListenError(listenFailure(failure, target, SMTP_LISTEN));
    logger.warn({ port: target.port, fallback: FALLBACK_PORT }, fallbackAdvice(failure.code, target.port));
    const fallback = { host: target.host, port: FALLBACK_PORT };
    try {
      return await listenOnce(server, fallback);
    } catch (fallbackError) {
      throw new ListenError(listenFailure(fallbackError as NodeJS.ErrnoException, fallback, SMTP_LISTEN));
    }
  }
}
