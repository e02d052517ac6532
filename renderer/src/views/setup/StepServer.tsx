import { useSetupWizard } from '../../stores/setup-wizard-store.ts';
import { TextField } from '../settings/fields.tsx';

/** Step 5: this server's name and the address the Internet reaches it at. */
export function StepServer() {
  const address = useSetupWizard((state) => state.publicAddress);
  const error = useSetupWizard((state) => state.errors.publicAddress);
  const setPublicAddress = useSetupWizard((state) => state.setPublicAddress);
  const describedBy = ['setup-public-address-hint', error ? 'setup-public-address-error' : null].filter(Boolean).join(' ');
  return (
    <>
      <p>
        Other mail servers find this server by a name in your domain, and that name points to your public address: the
        address of your Internet connection (your router), not the computer's address inside the office.
      </p>
      <TextField field="hostname" label="This server's name" width="medium" placeholder="backup-mx.example.com" hint="The MX record will point to this name. backup-mx.YOUR-DOMAIN is a good choice." />
      <div className="field">
        <label htmlFor="setup-public-address">Public address</label>
        <div className="field-body">
          <input
            id="setup-public-address"
            type="text"
            className="input-medium"
            value={address}
            placeholder="203.0.113.7"
            spellCheck={false}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy}
            onChange={(event) => setPublicAddress(event.target.value)}
          />
          <p className="field-hint" id="setup-public-address-hint">
            Your router's public IPv4 address; your Internet provider or a "what is my IP" page tells you. It should not
            change: ask your provider for a fixed (static) address.
          </p>
          {error && (
            <p className="field-error" id="setup-public-address-error">
              {error}
            </p>
          )}
        </div>
      </div>
    </>
  );
}
