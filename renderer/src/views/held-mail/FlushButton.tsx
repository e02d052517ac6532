import { useMessages } from '../../stores/messages-store.ts';

/** "Redeliver all now": every waiting message is due at once, like `postqueue -f`, but it says what it did. */
export function FlushButton() {
  const busy = useMessages((state) => state.busy);
  return (
    <button
      type="button"
      className="primary"
      title="Try every waiting message now, without waiting for its next retry; held messages stay held"
      disabled={busy !== null}
      aria-busy={busy === 'flush'}
      onClick={() => void useMessages.getState().flushAll()}
    >
      Redeliver all now
    </button>
  );
}
