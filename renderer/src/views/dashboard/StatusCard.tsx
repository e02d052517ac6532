import type { Summary } from './status-summary.ts';

const TONE_WORDS: Record<Summary['tone'], string> = { ok: 'All right', warn: 'Attention', bad: 'Problem', unknown: 'Unknown' };

/** A titled card: a coloured headline that answers "is it all right?", then labelled details. */
export function StatusCard({ id, title, summary }: { id: string; title: string; summary: Summary }) {
  return (
    <section className="card status-card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <p className={`headline tone-${summary.tone}`}>
        <span className="dot" role="img" aria-label={TONE_WORDS[summary.tone]} />
        <span>{summary.headline}</span>
      </p>
      {summary.lines.length > 0 && (
        <dl className="details">
          {summary.lines.map((line) => (
            <div key={line.label}>
              <dt>{line.label}</dt>
              <dd>{line.text}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
