import { formatHostPort } from '../config/runtime.ts';
import type { EngineParts } from '../engine-parts.ts';
import { mailCounts } from '../store/mail-counts.ts';
import { messageCount, queueCounts } from '../store/queries.ts';
import type { Status } from './contract.ts';
import { version } from './version.ts';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

function storageStatus(parts: EngineParts): Status['storage'] {
  const { state, error, since } = parts.storage.snapshot();
  return { state, error, since: iso(since) };
}

export async function status(parts: EngineParts): Promise<Status> {
  const config = parts.config();
  return {
    version,
    hostname: config.hostname,
    setupNeeded: config.domains.size === 0 || config.primary === null,
    domains: [...config.domains].sort(),
    uptimeSeconds: Math.round((Date.now() - parts.startedAt) / 1000),
    smtp: {
      listening: formatHostPort(parts.smtpAddress),
      tls: { source: parts.tls.source, subject: parts.tls.subject, validTo: parts.tls.validTo },
    },
    primary: {
      mode: config.primary?.kind ?? 'none',
      destinations: parts.watch.snapshots().map(({ key, snapshot }) => ({
        key,
        target: formatHostPort(snapshot.target),
        state: snapshot.state,
        since: iso(snapshot.since),
        lastCheckAt: iso(snapshot.lastCheckAt),
        lastError: snapshot.lastError,
        latencyMs: snapshot.lastLatencyMs,
      })),
    },
    waiting: parts.scheduler.waits().map((wait) => ({ ...wait, until: new Date(wait.until).toISOString() })),
    queue: queueCounts(parts.db),
    messages: messageCount(parts.db),
    mail: mailCounts(parts.db),
    disk: { freeBytes: await parts.spool.freeBytes(), floorBytes: config.diskFloor },
    storage: storageStatus(parts),
    recovery: {
      at: parts.recovery.at.toISOString(),
      recovered: parts.recovery.recovered.length,
      quarantined: parts.recovery.quarantined.length,
      quarantineFolder: parts.spool.quarantineDir,
    },
  };
}
