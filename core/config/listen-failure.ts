import { formatHostPort, type HostPort } from './runtime.ts';

/** The flag and the config.json key that choose a listening address: a failure names both, so the owner knows what to change. */
export interface ListenSetting {
  flag: string;
  key: string;
}

export const SMTP_LISTEN: ListenSetting = { flag: '--smtp-listen', key: 'smtpListen' };
export const ADMIN_LISTEN: ListenSetting = { flag: '--admin-listen', key: 'adminListen' };

function reason(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'EADDRINUSE':
      return 'the address is in use by another program';
    case 'EACCES':
      return 'ports below 1024 need administrator rights (see "Port 25" in the README)';
    case 'EADDRNOTAVAIL':
      return 'this computer has no such address';
    default:
      return error.message;
  }
}

/** One plain line for a listener that could not bind: where, which setting chose it, and why. */
export function listenFailure(error: NodeJS.ErrnoException, target: HostPort, setting: ListenSetting): string {
  return `cannot listen on ${formatHostPort(target)} (${setting.flag} / ${setting.key}): ${reason(error)}`;
}
