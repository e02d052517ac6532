import type { AddressInfo } from 'node:net';
import type { SMTPServer } from 'smtp-server';
import type { HostPort } from '../config/runtime.ts';
import type { Logger } from '../log.ts';

const FALLBACK_PORT = 2525;

export class ListenError extends Error {}

function listenOnce(server: SMTPServer, target: HostPort): Promise<HostPort> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      server.server.removeListener('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.server.removeListener('error', onError);
      const address = server.server.address() as AddressInfo;
      resolve({ host: target.host, port: address.port });
    };
    server.server.once('error', onError);
    server.server.once('listening', onListening);
    server.listen(target.port, target.host);
  });
}

function explain(error: NodeJS.ErrnoException, target: HostPort): string {
  const where = `${target.host}:${target.port}`;
  switch (error.code) {
    case 'EADDRINUSE':
      return `cannot listen on ${where}: another program is already using that port`;
    case 'EACCES':
      return `cannot listen on ${where}: ports below 1024 need administrator rights (see the README on port 25)`;
    case 'EADDRNOTAVAIL':
      return `cannot listen on ${where}: this computer has no such address`;
    default:
      return `cannot listen on ${where}: ${error.message}`;
  }
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
  try {
    return await listenOnce(server, target);
  } catch (error) {
    const failure = error as NodeJS.ErrnoException;
    const recoverable = failure.code === 'EACCES' || failure.code === 'EADDRINUSE';
    if (explicit || !recoverable) throw new ListenError(explain(failure, target));
    logger.warn({ port: target.port, fallback: FALLBACK_PORT }, fallbackAdvice(failure.code, target.port));
    try {
      return await listenOnce(server, { host: target.host, port: FALLBACK_PORT });
    } catch (fallbackError) {
      throw new ListenError(explain(fallbackError as NodeJS.ErrnoException, { host: target.host, port: FALLBACK_PORT }));
    }
  }
}
