import type { DeliveryDetail, EngineEvent, MessageDetail } from '../../../../core/api/contract.ts';
import { UntrustedText } from '../../components/UntrustedText.tsx';
import { formatTime, fromNow } from './format.ts';
import { historyFor, historyWords } from './history-words.ts';

function When({ iso, due = false }: { iso: string; due?: boolean }) {
  if (due && Date.parse(iso) <= Date.now()) return <span>due now</span>;
  return (
    <time dateTime={iso} title={iso}>
      {formatTime(iso)} <span className="muted">({fromNow(iso)})</span>
    </time>
  );
}

/** Why a damaged delivery is not handed over, and what the owner can do about it. */
function DamagedNote() {
  return (
    <p className="viewer-note" role="note">
      Not handed over: the body stored here is not the one this server received (its size or SHA-256 differs, or the file is
      gone), so the primary would get a damaged message. It is never retried and no bounce is sent. Restore the body file from a
      backup and choose Redeliver, or export or delete the message.
    </p>
  );
}

function Recipient({ delivery, history }: { delivery: DeliveryDetail; history: EngineEvent[] }) {
  const waiting = delivery.state === 'queued' || delivery.state === 'deferred';
  const damaged = delivery.state === 'damaged';
  return (
    <li className="card viewer-delivery">
      <div className="viewer-delivery-head">
        <UntrustedText className="mono" text={delivery.recipient} />
        <span className={`badge ${delivery.state}`}>{delivery.state}</span>
      </div>
      {damaged && <DamagedNote />}
      <dl className="viewer-facts">
        <dt>Attempts</dt>
        <dd>{delivery.attempts}</dd>
        {delivery.lastAttemptAt && (
          <>
            <dt>Last attempt</dt>
            <dd>
              <When iso={delivery.lastAttemptAt} />
              {delivery.remoteHost && <span className="muted"> to {delivery.remoteHost}</span>}
            </dd>
          </>
        )}
        {delivery.lastResponse && (
          <>
            <dt>{damaged ? 'What was found' : 'Last response'}</dt>
            <dd className="mono">{delivery.lastCode ? `${delivery.lastCode} ` : ''}{delivery.lastResponse}</dd>
          </>
        )}
        {waiting && delivery.nextAttemptAt && (
          <>
            <dt>Next attempt</dt>
            <dd>
              <When iso={delivery.nextAttemptAt} due />
            </dd>
          </>
        )}
        {delivery.deliveredAt && (
          <>
            <dt>Delivered</dt>
            <dd>
              <When iso={delivery.deliveredAt} />
            </dd>
          </>
        )}
        {delivery.state !== 'delivered' && !damaged && (
          <>
            <dt>Gives up</dt>
            <dd>
              <When iso={delivery.expiresAt} />
            </dd>
          </>
        )}
      </dl>
      {history.length > 0 && (
        <details className="viewer-history">
          <summary>History ({history.length})</summary>
          <ol>
            {history.map((event) => (
              <li key={event.id}>
                <time dateTime={new Date(event.at).toISOString()}>{formatTime(event.at)}</time> <UntrustedText text={historyWords(event)} />
              </li>
            ))}
          </ol>
        </details>
      )}
    </li>
  );
}

/** Delivery to each envelope recipient: attempts, last response, next attempt, and what happened, in order. */
export function DeliveryPanel({ detail }: { detail: MessageDetail }) {
  return (
    <section aria-labelledby="viewer-delivery-title">
      <h2 id="viewer-delivery-title">Delivery</h2>
      <ul className="viewer-deliveries">
        {detail.deliveries.map((delivery) => (
          <Recipient key={delivery.recipient} delivery={delivery} history={historyFor(detail.history, delivery.recipient)} />
        ))}
      </ul>
    </section>
  );
}
