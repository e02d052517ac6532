import { DEFAULT_QUERY, filterOf, listInput } from './messages-query.ts';
import { keepLoaded, NO_SELECTION } from './messages-selection.ts';
import { remember, type Bookkeeping, type GetState, type ListSlice, type MessagesDeps, type SetState } from './messages-types.ts';

export const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The loaded pages of the listing: the first page with the count, then the next page as the owner scrolls. */
export function listSlice(deps: MessagesDeps, book: Bookkeeping, set: SetState, get: GetState): ListSlice {
  return {
    query: DEFAULT_QUERY,
    rows: [],
    total: null,
    nextCursor: null,
    phase: 'idle',
    loadingMore: false,
    error: null,
    newMailUnseen: false,
    viewport: { offset: 0, activeId: null },

    load: async () => {
      const generation = ++book.generation;
      const { query } = get();
      set({ phase: 'loading', loadingMore: false, error: null, newMailUnseen: false });
      try {
        const [page, count] = await Promise.all([
          deps.client().call('listMessages', listInput(query, null)),
          deps.client().call('countMessages', filterOf(query)),
        ]);
        if (generation !== book.generation) return;
        book.pages = [];
        book.pageOf.clear();
        remember(book, page.items, null);
        set({
          rows: page.items,
          nextCursor: page.nextCursor,
          total: count.count,
          phase: 'ready',
          selection: keepLoaded(get().selection, page.items),
        });
      } catch (error) {
        if (generation === book.generation) set({ phase: 'error', error: messageOf(error) });
      }
    },

    loadMore: async () => {
      const { nextCursor, loadingMore, phase, query } = get();
      if (nextCursor === null || loadingMore || phase !== 'ready') return;
      const generation = book.generation;
      set({ loadingMore: true });
      try {
        const page = await deps.client().call('listMessages', listInput(query, nextCursor));
        if (generation !== book.generation) return;
        // Rows removed or added since the last page can make pages overlap: keep each message once.
        const fresh = page.items.filter((item) => !book.pageOf.has(item.id));
        remember(book, fresh, nextCursor);
        set({ rows: [...get().rows, ...fresh], nextCursor: page.nextCursor, loadingMore: false, error: null });
      } catch (error) {
        if (generation === book.generation) set({ loadingMore: false, error: messageOf(error) });
      }
    },

    setQuery: async (change) => {
      set({ query: { ...get().query, ...change }, selection: NO_SELECTION, viewport: { offset: 0, activeId: null } });
      await get().load();
    },

    rememberViewport: (viewport) => set({ viewport }),
  };
}
