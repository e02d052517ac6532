import { createColumnHelper, type RowData } from '@tanstack/react-table';
import type { MessageListItem } from '../../../../core/api/contract.ts';
import { showBidiControls } from '../../components/bidi.ts';
import { UntrustedText } from '../../components/UntrustedText.tsx';
import { formatAge, formatExact, formatNextAttempt, formatReceived, formatSize, senderOf } from './format.ts';
import { HeaderCheckbox } from './HeaderCheckbox.tsx';
import { RecipientBadges } from './RecipientBadges.tsx';
import { RowCheckbox } from './RowCheckbox.tsx';
import { StateBadge } from './StateBadge.tsx';

// Declaration merging must repeat TanStack's own type parameters, used or not.
/* eslint-disable @typescript-eslint/no-unused-vars */
declare module '@tanstack/react-table' {
  interface ColumnMeta<TData extends RowData, TValue> {
    /** The column's track in the CSS grid every row shares. */
    width: string;
    className?: string;
  }
  interface TableMeta<TData extends RowData> {
    /** The time ages and countdowns are measured from. */
    now: number;
  }
}
/* eslint-enable @typescript-eslint/no-unused-vars */

const column = createColumnHelper<MessageListItem>();

/** The subject as shown, bidi controls made visible. */
export const subjectOf = (item: MessageListItem) => (item.subject ? showBidiControls(item.subject) : '(no subject)');

/** The held-mail columns, as queue managers know them. Only received and size sort: that is what the listing offers. */
export const columns = [
  column.display({
    id: 'select',
    header: () => <HeaderCheckbox />,
    cell: ({ row }) => <RowCheckbox id={row.original.id} subject={subjectOf(row.original)} />,
    meta: { width: '28px', className: 'check' },
  }),
  column.accessor('receivedAt', {
    id: 'received',
    header: 'Received',
    enableSorting: true,
    cell: ({ getValue, table }) => (
      <time dateTime={getValue()} title={formatExact(getValue())}>
        {formatReceived(getValue(), table.options.meta!.now)}
      </time>
    ),
    meta: { width: '92px' },
  }),
  column.accessor('receivedAt', {
    id: 'age',
    header: 'Age',
    cell: ({ getValue, table }) => formatAge(getValue(), table.options.meta!.now),
    meta: { width: '56px', className: 'age' },
  }),
  column.accessor('from', {
    id: 'from',
    header: 'From',
    cell: ({ row }) => (
      <span title={showBidiControls(`${row.original.headerFrom ?? ''}\nEnvelope sender: ${row.original.from || '<>'}`)}>
        <UntrustedText text={senderOf(row.original)} />
      </span>
    ),
    meta: { width: 'minmax(100px, 1fr)' },
  }),
  column.accessor('recipients', {
    id: 'to',
    header: 'To',
    cell: ({ getValue }) => <RecipientBadges recipients={getValue()} />,
    meta: { width: 'minmax(140px, 1.2fr)' },
  }),
  column.accessor('subject', {
    id: 'subject',
    header: 'Subject',
    cell: ({ row }) => (
      <span title={subjectOf(row.original)} className={row.original.subject ? 'subject' : 'subject muted'}>
        <UntrustedText text={subjectOf(row.original)} />
      </span>
    ),
    meta: { width: 'minmax(180px, 2.4fr)' },
  }),
  column.accessor('size', {
    id: 'size',
    header: 'Size',
    enableSorting: true,
    cell: ({ getValue }) => formatSize(getValue()),
    meta: { width: '64px', className: 'num' },
  }),
  column.accessor('attempts', { id: 'attempts', header: 'Attempts', meta: { width: '68px', className: 'count' } }),
  column.accessor('lastResponse', {
    id: 'response',
    header: 'Last response',
    cell: ({ getValue }) => <span title={getValue() ?? undefined} className="response">{getValue() ?? '—'}</span>,
    meta: { width: 'minmax(130px, 1.5fr)' },
  }),
  column.accessor('nextAttemptAt', {
    id: 'next',
    header: 'Next attempt',
    cell: ({ getValue, table }) => {
      const at = getValue();
      return <span title={at ? formatExact(at) : undefined}>{formatNextAttempt(at, table.options.meta!.now)}</span>;
    },
    meta: { width: '104px' },
  }),
  column.accessor('state', {
    id: 'state',
    header: 'State',
    cell: ({ getValue }) => <StateBadge state={getValue()} />,
    meta: { width: '118px' },
  }),
];

export const gridTemplate = columns.map((def) => def.meta!.width).join(' ');
