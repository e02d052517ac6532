import { TextField } from '../settings/fields.tsx';

/** Step 2: the domains this server takes mail for. */
export function StepDomains() {
  return (
    <>
      <p>
        Which domains should MX Standby hold mail for? These are the part after the @ in your addresses. Mail for any other
        domain is refused, so this server is never an open relay.
      </p>
      <TextField
        field="domains"
        label="Your domains"
        rows={3}
        width="medium"
        placeholder="example.com"
        hint="One per line. The DNS records and checks in the next steps are for the first one."
      />
    </>
  );
}
