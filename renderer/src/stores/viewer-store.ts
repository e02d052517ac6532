import { create } from 'zustand';
import type { CommandResult, EngineEvent, MessageContent, MessageDetail } from '../../../core/api/contract.ts';
import { ApiFailure } from '../api/transport.ts';
import { client } from './client-ref.ts';

export type ViewerAction = 'redeliver' | 'hold' | 'release' | 'delete';

export type ViewerOutcome =
  | { kind: 'done'; action: ViewerAction; result: CommandResult }
  | { kind: 'failed'; action: ViewerAction | 'export' | 'download'; message: string };

export interface ViewerState {
  id: string | null;
  detail: MessageDetail | null;
  /** Why the detail is not shown: the message is gone, or the server said something else. */
  detailError: string | null;
  content: MessageContent | null;
  contentError: string | null;
  busy: ViewerAction | null;
  outcome: ViewerOutcome | null;
  /** The message whose remote images the owner asked to load; other messages keep them blocked. */
  remoteImagesFor: string | null;
  /** Shows one message: its detail and its content. */
  open: (id: string) => Promise<void>;
  /** Fetches the detail again (after an event about it, or after missed events). */
  load: () => Promise<void>;
  applyEvent: (event: EngineEvent) => void;
  act: (action: ViewerAction) => Promise<void>;
  /** Notes a failed download (export or attachment) for the page to tell. */
  failed: (action: 'export' | 'download', error: unknown) => void;
  dismissOutcome: () => void;
  loadRemoteImages: (id: string) => void;
}

const GONE = 'This message is no longer in the queue: it was delivered and cleaned up, or deleted.';

export function viewerMessage(error: unknown): string {
  if (error instanceof ApiFailure && error.status === 404 && error.field === 'id') return GONE;
  const text = error instanceof Error ? error.message : String(error);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

let reloading: Promise<void> | null = null;
let reloadAgain = false;

export const useViewer = create<ViewerState>((set, get) => ({
  id: null,
  detail: null,
  detailError: null,
  content: null,
  contentError: null,
  busy: null,
  outcome: null,
  remoteImagesFor: null,

  open: async (id) => {
    const remoteImagesFor = get().remoteImagesFor === id ? id : null;
    set({ id, detail: null, detailError: null, content: null, contentError: null, busy: null, outcome: null, remoteImagesFor });
    const content = client()
      .call('messageContent', { id })
      .then(
        (answer) => get().id === id && set({ content: answer }),
        (error: unknown) => get().id === id && set({ contentError: viewerMessage(error) }),
      );
    await Promise.all([get().load(), content]);
  },

  load: async () => {
    // One fetch at a time; events that come meanwhile ask for one more after it.
    if (reloading) {
      reloadAgain = true;
      return reloading;
    }
    const run = async () => {
      do {
        reloadAgain = false;
        const id = get().id;
        if (id === null) return;
        try {
          const detail = await client().call('getMessage', { id });
          if (get().id === id) set({ detail, detailError: null });
        } catch (error) {
          if (get().id === id) set({ detailError: viewerMessage(error) });
        }
      } while (reloadAgain);
    };
    reloading = run().finally(() => {
      reloading = null;
    });
    return reloading;
  },

  applyEvent: (event) => {
    const { id } = get();
    if (id !== null && event.qid === id) void get().load();
  },

  act: async (action) => {
    const { id, busy } = get();
    if (id === null || busy !== null) return;
    set({ busy: action, outcome: null });
    try {
      const result = await client().call(action, { ids: [id] });
      set({ busy: null, outcome: { kind: 'done', action, result } });
      if (action !== 'delete') await get().load();
    } catch (error) {
      set({ busy: null, outcome: { kind: 'failed', action, message: viewerMessage(error) } });
    }
  },

  failed: (action, error) => set({ outcome: { kind: 'failed', action, message: viewerMessage(error) } }),

  dismissOutcome: () => set({ outcome: null }),

  loadRemoteImages: (id) => set({ remoteImagesFor: id }),
}));
