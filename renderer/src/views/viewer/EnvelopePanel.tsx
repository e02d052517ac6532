import type { MessageDetail } from '../../../../core/api/contract.ts';
import { UntrustedText } from '../../components/UntrustedText.tsx';

function headerValues(detail: MessageDetail, name: string): string[] {
  return detail.headers.filter((header) => header.name.toLowerCase() === name).map((header) => header.value);
}

/**
 * Who the message is really for (the SMTP envelope, what MX Standby delivers
 * to) apart from what its header says (To and Cc, as the sender wrote them).
 */
export function EnvelopePanel({ detail }: { detail: MessageDetail }) {
  const to = headerValues(detail, 'to');
  const cc = headerValues(detail, 'cc');
  const { client } = detail;
  return (
    <div className="viewer-envelope">
      <section className="card" aria-labelledby="viewer-envelope-title">
        <h2 id="viewer-envelope-title">Envelope</h2>
        <p className="muted">Who this server got the message from and delivers it to (SMTP MAIL FROM and RCPT TO).</p>
        <dl className="viewer-facts">
          <dt>Sender</dt>
          <dd className="mono">{detail.envelope.from ? <UntrustedText text={detail.envelope.from} /> : <span className="muted">none (a bounce: the null sender)</span>}</dd>
          <dt>Recipients</dt>
          <dd>
            <ul className="viewer-recipients" aria-label="Envelope recipients">
              {detail.deliveries.map((delivery) => (
                <li key={delivery.recipient}>
                  <UntrustedText className="mono" text={delivery.recipient} /> <span className={`badge ${delivery.state}`}>{delivery.state}</span>
                </li>
              ))}
            </ul>
          </dd>
          <dt>Came from</dt>
          <dd>
            <UntrustedText text={client.hostname ?? client.address ?? 'unknown'} />
            {client.hostname && client.address && <span className="muted"> [{client.address}]</span>}
            {client.helo && (
              <span className="muted">
                {' '}
                (HELO <UntrustedText text={client.helo} />)
              </span>
            )}
            <span className="muted">{client.tls ? `, over ${client.tls.protocol}` : ', without TLS'}</span>
          </dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="viewer-header-title">
        <h2 id="viewer-header-title">Header</h2>
        <p className="muted">What the message itself says; it may name people this server does not deliver to.</p>
        <dl className="viewer-facts">
          <dt>From</dt>
          <dd>{detail.summary.from === null ? <span className="muted">(none)</span> : <UntrustedText text={detail.summary.from} />}</dd>
          <dt>To</dt>
          <dd>{to.length > 0 ? <UntrustedText text={to.join(', ')} /> : <span className="muted">(none)</span>}</dd>
          {cc.length > 0 && (
            <>
              <dt>Cc</dt>
              <dd>
                <UntrustedText text={cc.join(', ')} />
              </dd>
            </>
          )}
          <dt>Date</dt>
          <dd>{headerValues(detail, 'date')[0] ?? detail.summary.date ?? <span className="muted">(none)</span>}</dd>
        </dl>
      </section>
    </div>
  );
}
