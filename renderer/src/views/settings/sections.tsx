import { useSettings } from '../../stores/settings-store.ts';
import { ChoiceField, Section, TextField } from './fields.tsx';

export function DomainsSection() {
  return (
    <Section title="Domains" intro="MX Standby takes mail for these domains only; everything else is refused, so it is never an open relay.">
      <TextField field="domains" label="Your domains" rows={3} placeholder="example.com" width="medium" hint="One per line. With none, every message is refused." />
    </Section>
  );
}

export function PrimarySection() {
  const mode = useSettings((state) => state.draft?.primaryMode);
  return (
    <Section title="Primary mail server" intro="Where held mail goes as soon as it answers again.">
      <ChoiceField
        field="primaryMode"
        legend="How to find it"
        choices={[
          { value: 'host', label: 'This host and port', description: 'The name or address of your own mail server.' },
          { value: 'mx', label: 'Find it in DNS', description: "Your domain's MX records ranked before this server; never this server itself." },
          { value: 'none', label: 'Not set yet', description: 'Mail is accepted and waits here until you choose.' },
        ]}
      />
      {mode === 'host' && (
        <div className="field-row">
          <TextField field="primaryHost" label="Host" placeholder="mail.example.com" width="medium" />
          <TextField field="primaryPort" label="Port" placeholder="25" width="short" inputMode="numeric" hint="Empty means 25." />
        </div>
      )}
    </Section>
  );
}

export function RecipientsSection() {
  const policy = useSettings((state) => state.draft?.recipientPolicy);
  return (
    <Section title="Recipients" intro="Which addresses at your domains this server takes mail for.">
      <ChoiceField
        field="recipientPolicy"
        legend="Recipient policy"
        choices={[
          { value: 'any', label: 'Any address', description: 'Every address at your domains is accepted.' },
          { value: 'list', label: 'Only the addresses listed', description: 'Anything else is refused at once.' },
          { value: 'verify', label: 'Ask the primary', description: 'While the primary is up it is asked; while it is down, addresses it accepted before are taken.' },
        ]}
      />
      {policy === 'any' && (
        <p className="warning" role="note">
          Careful: a backup server that accepts any address must later bounce mail for addresses that do not exist, and
          since spam uses forged senders, those bounces land on innocent people (this is called backscatter). "Only the
          addresses listed" or "Ask the primary" avoid it.
        </p>
      )}
      {policy === 'list' && (
        <TextField field="recipients" label="Accepted addresses" rows={5} width="medium" placeholder="name@example.com" hint="One per line; *@example.com takes a whole domain." />
      )}
    </Section>
  );
}

export function DeliverySection() {
  return (
    <Section title="Retrying and size" intro="How often held mail is offered to the primary, how long before it is given up, and how big a message may be.">
      <TextField field="retry" label="Retry schedule" width="medium" hint="Waits between tries, like 1m, 5m, 15m, 1h; the last one repeats." />
      <TextField field="lifetime" label="Lifetime" width="short" hint="After this long (at most 90d) the sender is told, and the message is kept for you." />
      <TextField field="maxSizeMb" label="Size limit (MB)" width="short" inputMode="decimal" hint="Larger messages are refused when they are sent." />
    </Section>
  );
}

export function ListeningSection() {
  return (
    <Section title="Listening" intro="Where this server listens. These take effect after MX Standby restarts.">
      <TextField field="smtpListen" label="Mail (SMTP)" width="medium" placeholder="0.0.0.0:25" hint="HOST:PORT; mail servers on the internet deliver to port 25." />
      <TextField field="adminListen" label="Admin and web page" width="medium" placeholder="127.0.0.1:8025" hint="Keep 127.0.0.1 unless other computers must reach it." />
      <TextField field="hostname" label="Host name" width="medium" placeholder="backup-mx.example.com" hint="The name this server gives itself; empty means this computer's name." />
    </Section>
  );
}

export function TlsSection() {
  const mode = useSettings((state) => state.draft?.tlsMode);
  return (
    <Section title="TLS certificate" intro="Senders use it to encrypt mail on its way here.">
      <ChoiceField
        field="tlsMode"
        legend="Certificate"
        choices={[
          { value: 'self-signed', label: 'Self-signed', description: 'Made on first start. Mail servers accept it for encryption.' },
          { value: 'files', label: 'My own certificate', description: 'PEM files on this computer, for example from Let’s Encrypt.' },
        ]}
      />
      {mode === 'files' && (
        <>
          <TextField field="tlsCert" label="Certificate file" placeholder="/etc/letsencrypt/live/backup-mx.example.com/fullchain.pem" />
          <TextField
            field="tlsKey"
            label="Private key file"
            placeholder="/etc/letsencrypt/live/backup-mx.example.com/privkey.pem"
            hint="Paths on the computer running MX Standby (a relative one starts in the data folder). They are checked when you save, and used from the next restart."
          />
        </>
      )}
    </Section>
  );
}
