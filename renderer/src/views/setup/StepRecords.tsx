import { useEffect } from 'react';
import { useSetupWizard } from '../../stores/setup-wizard-store.ts';
import { CopyButton } from './CopyButton.tsx';
import { GuidePanel } from './GuidePanel.tsx';

/** Step 6: the DNS records to add, with copy buttons, the BIND snippet and the provider's guide. */
export function StepRecords() {
  const proposal = useSetupWizard((state) => state.proposal);
  const loadRecords = useSetupWizard((state) => state.loadRecords);
  useEffect(() => {
    void loadRecords();
  }, [loadRecords]);

  const value = proposal.value;
  return (
    <>
      <p>Add these records where your domain's DNS is managed (often where you bought the domain). The mail for your domain keeps going to your primary; this server is only tried when the primary does not answer.</p>
      {proposal.busy && !value && <p role="status">Working out the records…</p>}
      {proposal.error && (
        <p className="error-banner" role="alert">
          The records could not be worked out: {proposal.error} <button onClick={() => void loadRecords()}>Try again</button>
        </p>
      )}
      {value && (
        <>
          {value.missing.length > 0 && (
            <p className="warning">Fill in first: {value.missing.join('; ')}</p>
          )}
          <table className="setup-table records">
            <caption className="visually-hidden">Records to add for {value.domain}</caption>
            <thead>
              <tr><th scope="col">Type</th><th scope="col">Name (host)</th><th scope="col">Value</th><th scope="col">Priority</th><th scope="col">TTL</th><th scope="col">Why</th></tr>
            </thead>
            <tbody>
              {value.records.map((record) => (
                <tr key={`${record.type}-${record.name}`}>
                  <td><span className="badge">{record.type}</span></td>
                  <td><code>{record.host}</code> <CopyButton text={record.host} label={`Copy the name of the ${record.type} record`} /></td>
                  <td>
                    <code>{record.value ?? 'fill in first'}</code>{' '}
                    {record.value && <CopyButton text={record.value} label={`Copy the value of the ${record.type} record`} />}
                  </td>
                  <td>{record.priority ?? ''}</td>
                  <td>{record.ttl}</td>
                  <td className="muted">{record.purpose}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {value.notes.map((note) => (
            <p key={note} className="muted">{note}</p>
          ))}
          <details className="zone" open>
            <summary>As a BIND zone snippet</summary>
            <pre aria-label="BIND zone snippet">{value.zone}</pre>
            <CopyButton text={value.zone} label="Copy the BIND zone snippet" />
          </details>
          <GuidePanel proposal={value} />
        </>
      )}
    </>
  );
}
