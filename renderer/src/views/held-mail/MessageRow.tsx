import { flexRender, type Row } from '@tanstack/react-table';
import { memo, type MouseEvent } from 'react';
import type { MessageListItem } from '../../../../core/api/contract.ts';
import { subjectOf } from './columns.tsx';
import { senderOf } from './format.ts';
import { STATE_LABELS } from './states.ts';

interface Props {
  row: Row<MessageListItem>;
  index: number;
  /** Pixels from the top of the rows. */
  top: number;
  selected: boolean;
  active: boolean;
  /** Passed so a row redraws when the clock ticks. */
  now: number;
  onRowClick: (event: MouseEvent, index: number, id: string) => void;
}

/** One message as one row of the grid; named by its subject, sender and state for screen readers and tests. */
export const MessageRow = memo(MessageRowView, sameRow);

/** The table hands out a new Row whenever the rows on screen change: what a row shows depends on its message only. */
function sameRow(before: Props, after: Props): boolean {
  return (
    before.row.original === after.row.original &&
    before.index === after.index &&
    before.top === after.top &&
    before.selected === after.selected &&
    before.active === after.active &&
    before.now === after.now &&
    before.onRowClick === after.onRowClick
  );
}

function MessageRowView({ row, index, top, selected, active, onRowClick }: Props) {
  const item = row.original;
  return (
    <div
      role="row"
      className={selected ? 'mail-row selected' : 'mail-row'}
      data-index={index}
      aria-rowindex={index + 2}
      aria-selected={selected}
      aria-label={`${subjectOf(item)}, from ${senderOf(item)}, ${STATE_LABELS[item.state]}`}
      tabIndex={active ? 0 : -1}
      style={{ transform: `translateY(${top}px)` }}
      onMouseDown={(event) => event.shiftKey && event.preventDefault()}
      onClick={(event) => onRowClick(event, index, item.id)}
    >
      {row.getVisibleCells().map((cell) => (
        <div key={cell.id} role="gridcell" className={cell.column.columnDef.meta?.className}>
          {flexRender(cell.column.columnDef.cell, cell.getContext())}
        </div>
      ))}
    </div>
  );
}
