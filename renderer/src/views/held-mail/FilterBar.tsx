import { useEffect, useId, useState } from 'react';
import { useMessages } from '../../stores/messages-store.ts';
import type { DeliveryState, SearchField } from '../../stores/messages-query.ts';
import { STATE_LABELS, STATES } from './states.ts';
import { useDebounced } from './use-debounced.ts';

const SEARCH_DELAY_MS = 300;

const SEARCH_FIELDS: { value: SearchField; label: string; placeholder: string }[] = [
  { value: 'text', label: 'Subject and From', placeholder: 'Words in the subject or From' },
  { value: 'sender', label: 'Envelope sender', placeholder: 'Part of the sender address' },
  { value: 'recipient', label: 'Recipient', placeholder: 'Part of a recipient address' },
];

/** Filter by state and search one of the fields the listing can search; the server does the filtering. */
export function FilterBar() {
  const query = useMessages((state) => state.query);
  const setQuery = useMessages((state) => state.setQuery);
  const [text, setText] = useState(query.search);
  const settled = useDebounced(text, SEARCH_DELAY_MS);
  const ids = { state: useId(), field: useId(), search: useId() };
  const field = SEARCH_FIELDS.find((option) => option.value === query.searchIn)!;

  useEffect(() => {
    if (settled !== useMessages.getState().query.search) void setQuery({ search: settled });
  }, [settled, setQuery]);
  // Cleared from elsewhere ("Clear filters"): show it.
  useEffect(() => {
    if (query.search !== useMessages.getState().query.search || query.search === settled) return;
    setText(query.search);
  }, [query.search, settled]);

  return (
    <form className="mail-filters" role="search" aria-label="Filter held mail" onSubmit={(event) => {
      event.preventDefault();
      if (text !== query.search) void setQuery({ search: text });
    }}>
      <label htmlFor={ids.state}>State</label>
      <select id={ids.state} value={query.state ?? ''} onChange={(event) => void setQuery({ state: (event.target.value || null) as DeliveryState | null })}>
        <option value="">All states</option>
        {STATES.map((state) => (
          <option key={state} value={state}>
            {STATE_LABELS[state]}
          </option>
        ))}
      </select>
      <label htmlFor={ids.field}>Search in</label>
      <select id={ids.field} value={query.searchIn} onChange={(event) => void setQuery({ searchIn: event.target.value as SearchField })}>
        {SEARCH_FIELDS.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <label htmlFor={ids.search} className="visually-hidden">
        Search
      </label>
      <input id={ids.search} type="search" value={text} placeholder={field.placeholder} onChange={(event) => setText(event.target.value)} />
    </form>
  );
}
