import type { Status } from '../../../../core/api/contract.ts';
import { dayAndTime } from './time-words.ts';

const messages = (count: number) => (count === 1 ? '1 message' : `${count} messages`);
const files = (count: number) => (count === 1 ? '1 message file' : `${count} message files`);

/** What the last start found in the spool besides the mail the queue knew, in plain words. */
export function recoveryLines(recovery: Status['recovery'], now: number): string[] {
  const when = dayAndTime(Date.parse(recovery.at), now);
  const lines: string[] = [];
  if (recovery.recovered > 0) {
    lines.push(
      `When MX Standby started (${when}), its queue database was missing or empty. ${messages(recovery.recovered)} ` +
        'were taken back into the queue from the files they are stored in, and are handed over as usual.',
    );
  }
  if (recovery.quarantined > 0) {
    lines.push(
      `When MX Standby started (${when}), it found ${files(recovery.quarantined)} its queue did not know, and moved ` +
        `${recovery.quarantined === 1 ? 'it' : 'them'} to ${recovery.quarantineFolder}. Nothing was deleted. ` +
        'If they should still be delivered, stop MX Standby ' +
        'and run "mx-standby recover": it takes them back into the queue.',
    );
  }
  return lines;
}

/** Shown while the last start found something: mail taken back from the spool, or files set aside. */
export function RecoveryNotice({ recovery, now }: { recovery: Status['recovery']; now: number }) {
  const lines = recoveryLines(recovery, now);
  if (lines.length === 0) return null;
  return (
    <section className="recovery-notice" role="region" aria-labelledby="recovery-title">
      <h2 id="recovery-title">Mail found at the last start</h2>
      <ul>
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </section>
  );
}
