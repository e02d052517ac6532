import { useSetupWizard } from '../../stores/setup-wizard-store.ts';
import { ChoiceField, TextField } from '../settings/fields.tsx';

/** Step 4: which recipients to accept, with backscatter explained. */
export function StepRecipients() {
  const policy = useSetupWizard((state) => state.draft?.recipientPolicy);
  return (
    <>
      <p>Which addresses at your domains should this server take mail for while the primary is down?</p>
      <ChoiceField
        field="recipientPolicy"
        legend="Recipient policy"
        choices={[
          { value: 'verify', label: 'Ask the primary', description: 'While the primary is up it is asked; while it is down, addresses it accepted before are taken.' },
          { value: 'list', label: 'Only the addresses listed', description: 'Anything else is refused at once.' },
          { value: 'any', label: 'Any address', description: 'Every address at your domains is accepted.' },
        ]}
      />
      <section className="backscatter" aria-labelledby="backscatter-title">
        <h3 id="backscatter-title">Why this matters: backscatter</h3>
        <p>
          Spam is sent with forged sender addresses. If this server accepts mail for an address that does not exist, the
          primary refuses it later, and a bounce must be sent back to the "sender": a stranger whose address was forged.
          Those bounces are called backscatter; they annoy innocent people and can get this server's address blocked.
          Refusing unknown addresses at once, while the sender is still connected, avoids them.
        </p>
        {policy === 'any' && (
          <p className="warning" role="note">
            Careful: with "Any address" this server accepts mail for addresses that do not exist and will cause backscatter.
            "Ask the primary" or "Only the addresses listed" avoid it.
          </p>
        )}
      </section>
      {policy === 'list' && (
        <TextField field="recipients" label="Accepted addresses" rows={5} width="medium" placeholder="name@example.com" hint="One per line; *@example.com takes a whole domain." />
      )}
    </>
  );
}
