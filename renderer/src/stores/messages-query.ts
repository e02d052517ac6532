import type { InputOf, MessageListItem } from '../../../core/api/contract.ts';

/** A delivery state, as the contract names them. */
export type DeliveryState = MessageListItem['state'];

/** Which of the contract's text filters the search box feeds. */
export type SearchField = 'text' | 'sender' | 'recipient';

/** What the held-mail table asks the server for: one filter and one order, nothing computed here. */
export interface MessageQuery {
  state: DeliveryState | null;
  search: string;
  searchIn: SearchField;
  sort: 'received' | 'size';
  order: 'asc' | 'desc';
}

export type MessageFilterInput = InputOf<'countMessages'>;
export type ListInput = InputOf<'listMessages'>;

export const DEFAULT_QUERY: MessageQuery = { state: null, search: '', searchIn: 'text', sort: 'received', order: 'desc' };

/** Rows fetched per request: a few screens, and well under the contract's limit of 500. */
export const PAGE_SIZE = 200;

/** The contract's filter for a query: the same one the listing, the count and an action by filter use. */
export function filterOf(query: MessageQuery): MessageFilterInput {
  const filter: MessageFilterInput = {};
  if (query.state) filter.state = query.state;
  const search = query.search.trim();
  if (search) filter[query.searchIn] = search;
  return filter;
}

export function listInput(query: MessageQuery, cursor: string | null, limit = PAGE_SIZE): ListInput {
  return { ...filterOf(query), sort: query.sort, order: query.order, limit, ...(cursor ? { cursor } : {}) };
}

export function hasFilter(query: MessageQuery): boolean {
  return Object.keys(filterOf(query)).length > 0;
}

/** Newest first: a message that arrives belongs at the top, so it can be shown there as it comes. */
export function newestFirst(query: MessageQuery): boolean {
  return query.sort === 'received' && query.order === 'desc';
}
