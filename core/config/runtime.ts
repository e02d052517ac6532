import { parseDuration } from './duration.ts';
import { machineHostname } from './machine-hostname.ts';
import type { Settings } from './schema.ts';

export interface HostPort {
  host: string;
  port: number;
}

/** Where held mail goes: one fixed host, or the domain's better-ranked MX hosts. */
export type PrimaryRoute = { kind: 'host'; target: HostPort } | { kind: 'mx' };

/** Settings turned into the numbers and shapes the engine works with. */
export interface EngineConfig {
  dataDir: string;
  settings: Settings;
  domains: ReadonlySet<string>;
  primary: PrimaryRoute | null;
  hostname: string;
  smtpListen: HostPort;
  /** False when the listen address is only the default, so the engine may fall back to 2525. */
  smtpListenExplicit: boolean;
  adminListen: HostPort;
  healthIntervalMs: number;
  retryMs: number[];
  lifetimeMs: number;
  maxSize: number;
  diskFloor: number;
  delayNoticeMs: number | null;
  /** How long handed-over mail stays in the queue for the owner to look at. */
  keepDeliveredMs: number;
  /** How long later mail for a mailbox waits behind an earlier message the primary deferred. */
  orderHoldMs: number;
  maxConnectionsPerDestination: number;
  bounceRelay: HostPort | null;
  resolvers: HostPort[];
}

export function parseHostPort(text: string, defaultPort: number): HostPort {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) return { host: bracketed[1]!, port: bracketed[2] ? Number(bracketed[2]) : defaultPort };
  const colon = text.lastIndexOf(':');
  if (colon > 0 && text.indexOf(':') === colon) {
    return { host: text.slice(0, colon), port: Number(text.slice(colon + 1)) };
  }
  return { host: text, port: defaultPort };
}

export function formatHostPort({ host, port }: HostPort): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function ms(text: string): number {
  const value = parseDuration(text);
  if (value === undefined) throw new Error(`invalid duration ${text}`);
  return value;
}

export function toEngineConfig(settings: Settings, dataDir: string, smtpListenExplicit: boolean): EngineConfig {
  return {
    dataDir,
    settings,
    domains: new Set(settings.domains),
    primary:
      settings.primary === null
        ? null
        : settings.primary === 'mx'
          ? { kind: 'mx' }
          : { kind: 'host', target: parseHostPort(settings.primary, 25) },
    hostname: settings.hostname ?? machineHostname(),
    smtpListen: parseHostPort(settings.smtpListen, 25),
    smtpListenExplicit,
    adminListen: parseHostPort(settings.adminListen, 8025),
    healthIntervalMs: ms(settings.healthInterval),
    retryMs: settings.retry.map(ms),
    lifetimeMs: ms(settings.lifetime),
    maxSize: settings.maxSize,
    diskFloor: settings.diskFloor ?? settings.maxSize * 2,
    delayNoticeMs: settings.delayNoticeAfter === null ? null : ms(settings.delayNoticeAfter),
    keepDeliveredMs: ms(settings.keepDelivered),
    orderHoldMs: ms(settings.orderHold),
    maxConnectionsPerDestination: settings.maxConnectionsPerDestination,
    bounceRelay: settings.bounceRelay === null ? null : parseHostPort(settings.bounceRelay, 25),
    resolvers: settings.resolvers.map((text) => parseHostPort(text, 53)),
  };
}
