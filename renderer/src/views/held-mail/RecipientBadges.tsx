import type { MessageListItem } from '../../../../core/api/contract.ts';
import { showBidiControls } from '../../components/bidi.ts';
import { UntrustedText } from '../../components/UntrustedText.tsx';
import { STATE_LABELS } from './states.ts';

const SHOWN = 2;

/** Each envelope recipient as a badge coloured by its own state; the rest counted, all of them in the tooltip. */
export function RecipientBadges({ recipients }: { recipients: MessageListItem['recipients'] }) {
  const title = recipients.map((recipient) => `${showBidiControls(recipient.address)}: ${STATE_LABELS[recipient.state]}`).join('\n');
  const rest = recipients.length - SHOWN;
  return (
    <span className="recipients" title={title}>
      {recipients.slice(0, SHOWN).map((recipient) => (
        <span key={recipient.address} className={`badge ${recipient.state}`}>
          <UntrustedText text={recipient.address} />
          <span className="visually-hidden"> ({STATE_LABELS[recipient.state]})</span>
        </span>
      ))}
      {rest > 0 && <span className="badge more">+{rest}</span>}
    </span>
  );
}
