import { isIP } from 'node:net';
import type { DomainReport } from '../dns/domain-report.ts';

/** The DNS records to add for a backup MX, as a table and as a BIND zone snippet to copy. */

export interface ProposedRecord {
  type: 'A' | 'AAAA' | 'MX';
  /** The full name, e.g. backup-mx.example.com. */
  name: string;
  /** The name as most DNS hosts ask for it, relative to the domain: "@" for the domain itself. */
  host: string;
  /** The address, or the mail server's name for MX; null when it must be filled in. */
  value: string | null;
  /** The MX preference number; null for other types. */
  priority: number | null;
  ttl: number;
  /** What the record is for, in plain words. */
  purpose: string;
}

export interface Proposal {
  domain: string;
  hostname: string;
  publicAddress: string | null;
  lookup: DomainReport;
  /** The preference of the primary's MX record; null when the domain has none. */
  primaryPreference: number | null;
  /** The preference proposed for the backup: the primary's plus 10. */
  preference: number;
  records: ProposedRecord[];
  /** The same records in BIND zone-file syntax. */
  zone: string;
  /** What must be filled in before the records can be added. */
  missing: string[];
  notes: string[];
}

const TTL = 3600;

function relative(name: string, domain: string): string {
  if (name === domain) return '@';
  return name.endsWith(`.${domain}`) ? name.slice(0, -domain.length - 1) : name;
}

function zoneLine(record: ProposedRecord): string {
  const value = record.type === 'MX' ? `${record.priority} ${record.value}.` : (record.value ?? 'PUBLIC-ADDRESS');
  const line = `${record.name}.\t${record.ttl}\tIN\t${record.type}\t${value}`;
  return record.value === null ? `; ${line}` : line;
}

export function zoneSnippet(domain: string, records: ProposedRecord[]): string {
  const lines = [`; MX Standby: the backup MX of ${domain}`];
  if (records.some((record) => record.value === null)) {
    lines.push("; Fill in this server's public address where it says PUBLIC-ADDRESS, then remove the \";\" in front of that line.");
  }
  return `${[...lines, ...records.map(zoneLine)].join('\n')}\n`;
}

function notesFor(report: DomainReport, hostname: string, primaryPreference: number | null, preference: number): string[] {
  const notes: string[] = [];
  if (report.problem) notes.push(report.problem);
  if (report.kind === 'no-mx' || report.kind === 'null-mx' || primaryPreference === null) {
    notes.push(`Publish the primary mail server's MX record first (your email provider says which, usually with preference ${Math.max(preference - 10, 0)}); the backup goes after it.`);
  }
  const existing = report.hosts.find((host) => host.host === hostname);
  if (existing && primaryPreference !== null) {
    notes.push(
      existing.preference > primaryPreference
        ? `${hostname} is already listed with preference ${existing.preference}, after the primary: the MX record needs no change.`
        : `${hostname} is already listed with preference ${existing.preference}, not after the primary's ${primaryPreference}: change it to ${preference}.`,
    );
  }
  if (!hostname.endsWith(`.${report.domain}`)) notes.push(`${hostname} is not inside ${report.domain}: add its address record where ${hostname}'s domain is managed.`);
  return notes;
}

/** Proposes the records for `hostname` as the backup MX of the domain in `report`. */
export function propose(report: DomainReport, hostname: string, publicAddress: string | null): Proposal {
  const others = report.hosts.filter((host) => host.host !== hostname);
  const primaryPreference = others.length > 0 ? Math.min(...others.map((host) => host.preference)) : null;
  const preference = Math.min((primaryPreference ?? 10) + 10, 65535);
  const addressType = publicAddress !== null && isIP(publicAddress) === 6 ? 'AAAA' : 'A';
  const records: ProposedRecord[] = [
    {
      type: addressType,
      name: hostname,
      host: relative(hostname, report.domain),
      value: publicAddress,
      priority: null,
      ttl: TTL,
      purpose: `gives ${hostname} this server's public address`,
    },
    {
      type: 'MX',
      name: report.domain,
      host: '@',
      value: hostname,
      priority: preference,
      ttl: TTL,
      purpose: `lists ${hostname} as the backup mail server of ${report.domain}, tried only when the primary cannot be reached`,
    },
  ];
  const missing = publicAddress === null ? ["this server's public address (the address your router has on the Internet): fill it in under Settings, publicAddress"] : [];
  return {
    domain: report.domain,
    hostname,
    publicAddress,
    lookup: report,
    primaryPreference,
    preference,
    records,
    zone: zoneSnippet(report.domain, records),
    missing,
    notes: notesFor(report, hostname, primaryPreference, preference),
  };
}
