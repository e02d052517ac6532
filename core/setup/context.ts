import type { HostPort } from '../config/runtime.ts';
import type { DomainReport } from '../dns/domain-report.ts';
import type { DnsResolver, RecordResolver } from '../dns/resolver.ts';

/** A DNS resolver the MX record is checked on, with the words that name it. */
export interface NamedResolver {
  /** "the system DNS resolver" or "DNS server 192.0.2.53:53". */
  label: string;
  /** Short and stable, for check ids: "system" or "192.0.2.53:53". */
  key: string;
  resolver: DnsResolver;
}

/** Everything the checks of one domain look at; built fresh for each run from the live settings. */
export interface SetupContext {
  domain: string;
  /** The name the backup MX record points to: the configured hostname, or backup-mx.DOMAIN. */
  backupHost: string;
  /** This server's address as the Internet sees it; null when not filled in. */
  publicAddress: string | null;
  /** The resolver the engine uses (the configured servers, or the system's). */
  resolver: RecordResolver;
  /** Every resolver the MX record must be visible on. */
  resolvers: NamedResolver[];
  /** The domain's MX records, as the engine's resolver sees them. */
  report: DomainReport;
  /** Where held mail goes; null when no primary is set or none was found. */
  primary: HostPort | null;
  /** How the primary was chosen, for the words of the checks. */
  primarySource: 'settings' | 'mx' | 'none';
  heloName: string;
  /** Where this server's SMTP listener is. */
  smtpAddress: HostPort;
  maxSize: number;
  bounceRelay: HostPort | null;
  /** The certificate STARTTLS offers (PEM, leaf first). */
  certificate: string;
  /** Certificate authorities (PEM) to trust instead of the public ones: tests only. */
  trust?: string[];
  /** The HTTPS port of mta-sts.DOMAIN: 443 except in tests. */
  mtaStsPort?: number;
  smtpTimeoutMs: number;
  httpsTimeoutMs: number;
}

/** The name this server should be known by for a domain. */
export function backupHostFor(hostnameSetting: string | undefined, domain: string): string {
  return (hostnameSetting ?? `backup-mx.${domain}`).toLowerCase().replace(/\.$/, '');
}
