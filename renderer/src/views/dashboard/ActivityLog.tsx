import { useMemo, useState } from 'react';
import type { EngineEvent } from '../../../../core/api/contract.ts';
import { UntrustedText } from '../../components/UntrustedText.tsx';
import { describeActivity } from './activity-words.ts';
import { dayAndTime } from './time-words.ts';

const PAGE = 50;

/** What happened, newest first, in plain words. */
export function ActivityLog({ events, error, now }: { events: readonly EngineEvent[]; error: string | null; now: number }) {
  const [shown, setShown] = useState(PAGE);
  const lines = useMemo(() => describeActivity(events), [events]);
  return (
    <section className="card activity" aria-labelledby="activity-title">
      <div className="card-head">
        <h2 id="activity-title">Activity</h2>
        <span className="muted">newest first</span>
      </div>
      {error !== null && (
        <p className="error-banner" role="alert">
          Cannot load the activity log: {error}
        </p>
      )}
      {lines.length === 0 ? (
        error === null && <p className="empty">Nothing has happened yet. Mail that arrives, and every handover to your primary, is listed here.</p>
      ) : (
        <ol className="activity-list" aria-live="polite" aria-relevant="additions">
          {lines.slice(0, shown).map((line) => (
            <li key={line.id} className={`tone-${line.tone}`}>
              <time dateTime={new Date(line.at).toISOString()}>{dayAndTime(line.at, now)}</time>
              <span className="dot" aria-hidden="true" />
              {/* A line names senders, recipients and subjects, all chosen by whoever sent the mail. */}
              <UntrustedText className="text" text={line.text} />
            </li>
          ))}
        </ol>
      )}
      {lines.length > shown && (
        <button type="button" onClick={() => setShown(shown + PAGE)}>
          Show older ({lines.length - shown} more)
        </button>
      )}
    </section>
  );
}
