import { useMessages } from '../../stores/messages-store.ts';
import { outcomeText } from './outcome-text.ts';

const WORKING = { redeliver: 'Redelivering…', hold: 'Holding…', release: 'Releasing…', delete: 'Deleting…', flush: 'Bringing every retry forward…' };

/** What the last action did, or why it failed, in a live region so a screen reader hears it too. */
export function OutcomeLine() {
  const outcome = useMessages((state) => state.outcome);
  const busy = useMessages((state) => state.busy);
  const failed = outcome?.kind === 'failed';
  const text = busy ? WORKING[busy] : outcome ? outcomeText(outcome) : '';
  return (
    <div className={failed ? 'mail-outcome failed' : 'mail-outcome'} role={failed ? 'alert' : 'status'}>
      {text && <span>{text}</span>}
      {outcome && !busy && (
        <button type="button" className="link" aria-label="Dismiss this message" onClick={() => useMessages.getState().dismissOutcome()}>
          Dismiss
        </button>
      )}
    </div>
  );
}
