import { flexRender, type Header } from '@tanstack/react-table';
import type { MessageListItem } from '../../../../core/api/contract.ts';

const ARROWS = { asc: ' ↑', desc: ' ↓' } as const;

/** A column header; the sortable ones are buttons that sort on the server, and say how they sort. */
export function HeaderCell({ header }: { header: Header<MessageListItem, unknown> }) {
  const { column } = header;
  const label = flexRender(column.columnDef.header, header.getContext());
  const sorted = column.getIsSorted();
  const className = column.columnDef.meta?.className;
  if (!column.getCanSort()) {
    return (
      <div role="columnheader" className={className}>
        {label}
      </div>
    );
  }
  return (
    <div role="columnheader" className={className} aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}>
      <button type="button" className="sort" onClick={column.getToggleSortingHandler()}>
        {label}
        <span aria-hidden="true">{sorted ? ARROWS[sorted] : ''}</span>
      </button>
    </div>
  );
}
