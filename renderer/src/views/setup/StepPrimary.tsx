import { useEffect } from 'react';
import { useSetupWizard } from '../../stores/setup-wizard-store.ts';
import { ChoiceField, TextField } from '../settings/fields.tsx';
import { firstDomain } from './wizard-draft.ts';

const KIND_WORDS = {
  'null-mx': 'says it takes no mail at all (a "null MX", RFC 7505). Remove that record before adding a backup.',
  'no-mx': 'has no MX record yet. Mail then goes to the domain\'s own address; add an MX record for your primary first.',
  failed: 'could not be looked up.',
} as const;

/** Step 3: the primary mail server, found from DNS and editable. */
export function StepPrimary() {
  const domain = useSetupWizard((state) => (state.draft ? firstDomain({ fields: state.draft, publicAddress: '' }) : null));
  const lookup = useSetupWizard((state) => state.lookup);
  const mode = useSetupWizard((state) => state.draft?.primaryMode);
  const { findPrimary, edit } = useSetupWizard.getState();

  useEffect(() => {
    if (domain && lookup.value?.domain !== domain) void findPrimary();
  }, [domain, lookup.value?.domain, findPrimary]);

  const report = lookup.value;
  const useFound = () => {
    if (!report?.primary) return;
    edit('primaryMode', 'host');
    edit('primaryHost', report.primary);
    edit('primaryPort', '');
  };
  return (
    <>
      <p>The primary is your own mail server: where held mail goes as soon as it answers again.</p>
      <section aria-labelledby="mx-found-title" aria-busy={lookup.busy}>
        <h3 id="mx-found-title">Found in DNS for {domain ?? 'your domain'}</h3>
        {lookup.busy && <p role="status">Looking up the MX records…</p>}
        {lookup.error && (
          <p className="error-banner" role="alert">
            The look-up failed: {lookup.error} <button onClick={() => void findPrimary()}>Try again</button>
          </p>
        )}
        {report && report.kind !== 'mx' && <p className="warning">{`${report.domain} ${KIND_WORDS[report.kind]}`}{report.problem ? ` (${report.problem})` : ''}</p>}
        {report && report.hosts.length > 0 && (
          <table className="setup-table">
            <caption className="visually-hidden">MX records of {report.domain}</caption>
            <thead>
              <tr><th scope="col">Preference</th><th scope="col">Mail server</th><th scope="col">Addresses</th></tr>
            </thead>
            <tbody>
              {report.hosts.map((host) => (
                <tr key={host.host}>
                  <td>{host.preference}</td>
                  <td>{host.host}{host.host === report.primary && <span className="badge up">primary</span>}</td>
                  <td>{host.addresses.join(', ') || host.problem || 'none'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {report?.primary && <button onClick={useFound}>Use {report.primary}</button>}
      </section>
      <ChoiceField
        field="primaryMode"
        legend="Where to hand mail over"
        choices={[
          { value: 'mx', label: 'Follow DNS', description: "Your domain's MX records ranked before this server, looked up each time; never this server itself." },
          { value: 'host', label: 'This host and port', description: 'A fixed name or address, e.g. when the primary listens on another port.' },
        ]}
      />
      {mode === 'host' && (
        <div className="field-row">
          <TextField field="primaryHost" label="Host" placeholder="mail.example.com" width="medium" />
          <TextField field="primaryPort" label="Port" placeholder="25" width="short" inputMode="numeric" hint="Empty means 25." />
        </div>
      )}
    </>
  );
}
