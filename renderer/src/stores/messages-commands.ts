import type { CommandResult } from '../../../core/api/contract.ts';
import { messageOf } from './messages-list.ts';
import { selectionInput } from './messages-selectors.ts';
import { NO_SELECTION } from './messages-selection.ts';
import type { CommandSlice, GetState, MessageCommand, MessagesDeps, SetState } from './messages-types.ts';

/** The contract takes at most this many ids per command. */
const IDS_PER_CALL = 10_000;

/** The owner's actions: each sends one contract command and keeps what the server answered for the view to tell. */
export function commandSlice(deps: MessagesDeps, set: SetState, get: GetState): CommandSlice {
  return {
    busy: null,
    outcome: null,

    act: async (action: MessageCommand) => {
      const state = get();
      const input = selectionInput(state);
      if (input === null || state.busy !== null) return;
      set({ busy: action, outcome: null });
      try {
        let result: CommandResult;
        let asked: number;
        if ('filter' in input) {
          asked = state.total ?? state.rows.length;
          result = await deps.client().call(action, input);
        } else {
          asked = input.ids.length;
          result = { changed: 0, messages: 0 };
          for (let start = 0; start < input.ids.length; start += IDS_PER_CALL) {
            const part = await deps.client().call(action, { ids: input.ids.slice(start, start + IDS_PER_CALL) });
            result = { changed: result.changed + part.changed, messages: result.messages + part.messages };
          }
        }
        set({ busy: null, outcome: { kind: 'done', action, result, asked, byFilter: 'filter' in input } });
        if (action === 'delete') set({ selection: NO_SELECTION });
        if ('filter' in input) await get().load();
        // The rows it touched are refetched at once, not only when their events come.
        else get().refresh(input.ids);
      } catch (error) {
        set({ busy: null, outcome: { kind: 'failed', action, message: messageOf(error) } });
      }
    },

    flushAll: async () => {
      if (get().busy !== null) return;
      set({ busy: 'flush', outcome: null });
      try {
        const result = await deps.client().call('flush', {});
        set({ busy: null, outcome: { kind: 'done', action: 'flush', result } });
        // Their next attempt is now; flush sends no event of its own, so the rows on screen are refetched.
        get().refresh();
      } catch (error) {
        set({ busy: null, outcome: { kind: 'failed', action: 'flush', message: messageOf(error) } });
      }
    },

    exportMessage: async (id) => {
      try {
        return await deps.client().messageBytes(id);
      } catch (error) {
        set({ outcome: { kind: 'failed', action: 'export', message: messageOf(error) } });
        return null;
      }
    },

    dismissOutcome: () => set({ outcome: null }),
  };
}
