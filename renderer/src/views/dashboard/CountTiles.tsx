import { Link } from 'wouter';
import type { MailCounts } from './status-summary.ts';

function Tile({ id, label, value, note, tone, href }: { id: string; label: string; value: string; note: string; tone: string; href?: string }) {
  const body = (
    <>
      <span className="tile-label" id={`${id}-label`}>
        {label}
      </span>
      <span className={`tile-value tone-${tone}`} aria-describedby={`${id}-note`}>
        {value}
      </span>
      <span className="tile-note" id={`${id}-note`}>
        {note}
      </span>
    </>
  );
  return (
    <li className="tile" aria-labelledby={`${id}-label`}>
      {href ? (
        <Link href={href} className="tile-link">
          {body}
        </Link>
      ) : (
        <div className="tile-body">{body}</div>
      )}
    </li>
  );
}

/** Held, delivered today and bounced, as three big numbers. */
export function CountTiles({ counts }: { counts: MailCounts }) {
  const heldNote =
    counts.held === 0
      ? counts.primaryTakesMail
        ? 'Nothing is held: your primary is taking all mail'
        : 'Nothing is held'
      : [counts.held > counts.onHold ? `${counts.held - counts.onHold} waiting for your primary` : '', counts.onHold > 0 ? `${counts.onHold} kept on hold by you` : '']
          .filter(Boolean)
          .join('; ');
  return (
    <ul className="tiles" aria-label="Mail counts">
      <Tile id="tile-held" label="Held" value={String(counts.held)} note={heldNote} tone={counts.held > 0 ? 'warn' : 'ok'} href="/mail" />
      <Tile
        id="tile-delivered"
        label="Delivered today"
        value={counts.deliveredToday === null ? '–' : String(counts.deliveredToday)}
        note={counts.deliveredToday === null ? 'Not known yet' : 'Messages handed to your primary since midnight'}
        tone="ok"
      />
      <Tile
        id="tile-bounced"
        label="Bounced"
        value={String(counts.bounced)}
        note={counts.bounced === 0 ? 'Nothing failed or expired' : 'Failed or expired; the senders were told. Kept to redeliver or export'}
        tone={counts.bounced > 0 ? 'bad' : 'ok'}
        href="/mail"
      />
    </ul>
  );
}
