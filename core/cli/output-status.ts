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

/** What the last start found in the spool besides the mail the queue knew; nothing after a normal stop. */
function recoveryRows({ recovery }: Status): [string, string][] {
  const rows: [string, string][] = [];
  const at = localTime(recovery.at);
  if (recovery.recovered > 0) rows.push(['Recovered', `${plural(recovery.recovered, 'message')} taken back into the queue from the spool at the start (${at})`]);
  if (recovery.quarantined > 0) {
    rows.push(['Quarantined', `${plural(recovery.quarantined, 'message file')} the queue did not know, moved to ${recovery.quarantineFolder} at the start (${at}); see mx-standby recover`]);
  }
  return rows;
}

/** Whether the data folder takes writes; while it does not, new mail is refused. */
function storageText({ storage }: Status): string {
  if (storage.state === 'ok') return 'ok';
  const since = storage.since ? ` since ${localTime(storage.since)}` : '';
  return `failing${since}: ${storage.error ?? 'unknown error'}; new mail gets 452 until it works again`;
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
    ['Storage', storageText(status)],
    ...recoveryRows(status),
  ];
  const title = `MX Standby ${status.version} on ${status.hostname}, running for ${duration(status.uptimeSeconds)}\n`;
  const setup = status.setupNeeded ? 'Setup needed: give the domains (--domain) and the primary mail server (--primary).\n' : '';
  return `${title}${formatTable(rows)}${setup}`;
}
