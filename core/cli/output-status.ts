import type { DestinationStatus, Status } from '../api/contract.ts';
import { deliveryStates } from '../store/rows.ts';
import { bytes, duration, formatTable, localTime, plural } from './output-table.ts';

function destination(item: DestinationStatus): string {
  const since = item.since ? ` since ${localTime(item.since)}` : '';
  const check = item.lastCheckAt ? `, last checked ${localTime(item.lastCheckAt)}` : ', not checked yet';
  const error = item.lastError ? ` (${item.lastError})` : '';
  return `${item.target}: ${item.state}${since}${check}${error}`;
}

function primaryLines(status: Status): string[] {
  if (status.primary.mode === 'none') return ['none configured (give one with --primary)'];
  if (status.primary.destinations.length === 0) return [status.primary.mode === 'mx' ? 'found in DNS when mail waits for it' : 'not checked yet'];
  return status.primary.destinations.map(destination);
}

/** `mx-standby status` for a person: one labelled line per part, like `postfix status` plus the queue. */
export function formatStatus(status: Status): string {
  const counts = deliveryStates.map((state) => `${status.queue[state]} ${state}`).join(', ');
  const tls = status.smtp.tls;
  const rows: [string, string][] = [
    ['Mail in', `listening on ${status.smtp.listening}; TLS certificate ${tls.source}, valid to ${tls.validTo}`],
    ...primaryLines(status).map((line, index): [string, string] => [index === 0 ? 'Primary' : '', line]),
    ...status.waiting.map((wait): [string, string] => ['Waiting', `${wait.reason} (until ${localTime(wait.until)})`]),
    ['Queue', `${plural(status.messages, 'message')}; recipients: ${counts}`],
    ['Disk', `${bytes(status.disk.freeBytes)} free; mail is refused below ${bytes(status.disk.floorBytes)}`],
  ];
  const title = `MX Standby ${status.version} on ${status.hostname}, running for ${duration(status.uptimeSeconds)}\n`;
  const setup = status.setupNeeded ? 'Setup needed: give the domains (--domain) and the primary mail server (--primary).\n' : '';
  return `${title}${formatTable(rows)}${setup}`;
}
