import { DEFAULT_QUERY } from '../../stores/messages-query.ts';
import type { EmptyKind } from '../../stores/messages-selectors.ts';
import { useMessages } from '../../stores/messages-store.ts';

/** Why there are no rows, in words, with the way out when a filter is the reason. */
export function EmptyState({ kind }: { kind: Exclude<EmptyKind, null> }) {
  if (kind === 'nothing-held') {
    return (
      <div className="empty" role="status">
        <p className="empty-title">Nothing is held: your primary is taking all mail.</p>
        <p>When the primary is down, mail for your domains waits here and is handed over as soon as it is back.</p>
      </div>
    );
  }
  const clear = () => {
    const { sort, order } = useMessages.getState().query;
    void useMessages.getState().setQuery({ ...DEFAULT_QUERY, sort, order });
  };
  return (
    <div className="empty" role="status">
      <p className="empty-title">No messages match these filters.</p>
      <button type="button" onClick={clear}>
        Clear filters
      </button>
    </div>
  );
}
