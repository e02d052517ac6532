import { create } from 'zustand';
import type { EngineEvent, Settings, SettingsResult } from '../../../core/api/contract.ts';
import { ApiFailure } from '../api/transport.ts';
import { changedKeys, fromDraft, rebaseDraft, toDraft, type DraftField, type SettingsDraft } from '../views/settings/draft.ts';
import { plainMessage, validateDraft, type FieldErrors } from '../views/settings/validate.ts';
import { client } from './client-ref.ts';

export interface SettingsState {
  /** The settings in use, as the API last gave them. */
  saved: Settings | null;
  /** What the form shows; differs from `saved` while there are unsaved changes. */
  draft: SettingsDraft | null;
  /** Problems with the draft, by field, in plain words; checked with the API's own schema on every edit. */
  errors: FieldErrors;
  loading: boolean;
  loadError: string | null;
  saving: boolean;
  saveError: string | null;
  /** The last save's answer: what took effect at once and what waits for a restart. */
  result: SettingsResult | null;
  load: () => Promise<void>;
  edit: <K extends DraftField>(field: K, value: SettingsDraft[K]) => void;
  discard: () => void;
  /** Checks, then sends the draft; resolves true once the API has saved it. */
  save: () => Promise<boolean>;
  /** For the app's event hub: settings changed elsewhere (another tab, the CLI) are loaded; unsaved edits stay. */
  applyEvent: (event: EngineEvent) => void;
}

/** The settings keys the draft would change, in the order of the settings. */
export function selectChangedKeys(state: Pick<SettingsState, 'saved' | 'draft'>): string[] {
  if (!state.saved || !state.draft) return [];
  return changedKeys(fromDraft(state.draft, state.saved), state.saved);
}

export const selectDirty = (state: Pick<SettingsState, 'saved' | 'draft'>): boolean => selectChangedKeys(state).length > 0;

/** The API refused the save: its error, on the field it names when it names one. */
function refusal(error: unknown, draft: SettingsDraft): { errors: FieldErrors; message: string } {
  if (error instanceof ApiFailure && error.field) {
    const path = error.field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
    // The API says "retry.1: ...; tls.cert: ..."; the first problem is the one its field names.
    const message = (error.message.split(/; (?=[\w.]+: )/)[0] ?? '').replace(/^[\w.]+: /, '');
    const { field, text } = plainMessage({ path, message }, draft);
    return { errors: { [field]: text }, message: `Not saved: ${text}` };
  }
  return { errors: {}, message: `Not saved: ${(error as Error).message}` };
}

export const useSettings = create<SettingsState>((set, get) => ({
  saved: null,
  draft: null,
  errors: {},
  loading: false,
  loadError: null,
  saving: false,
  saveError: null,
  result: null,

  load: async () => {
    set({ loading: true });
    try {
      const saved = await client().call('getSettings', {});
      // Unsaved edits are kept: a reload must never throw away what the owner typed.
      const { saved: before, draft } = get();
      const next = before && draft && selectDirty(get()) ? rebaseDraft(draft, toDraft(before), toDraft(saved)) : toDraft(saved);
      set({ saved, draft: next, errors: validateDraft(next, saved).errors, loading: false, loadError: null });
    } catch (error) {
      set({ loading: false, loadError: (error as Error).message });
    }
  },

  edit: (field, value) => {
    const { draft, saved } = get();
    if (!draft || !saved) return;
    const next = { ...draft, [field]: value };
    set({ draft: next, errors: validateDraft(next, saved).errors, saveError: null, result: null });
  },

  discard: () => {
    const { saved } = get();
    set({ draft: saved ? toDraft(saved) : null, errors: {}, saveError: null });
  },

  save: async () => {
    const { draft, saved, saving } = get();
    if (!draft || !saved || saving) return false;
    const { value, errors } = validateDraft(draft, saved);
    if (!value) {
      set({ errors, saveError: 'Not saved yet: some settings need fixing first; see the messages beside them.' });
      return false;
    }
    set({ saving: true, saveError: null, result: null });
    try {
      const result = await client().call('updateSettings', value);
      set({ saved: result.settings, draft: toDraft(result.settings), errors: {}, saving: false, result });
      return true;
    } catch (error) {
      const { errors: fieldErrors, message } = refusal(error, draft);
      set({ errors: fieldErrors, saving: false, saveError: message });
      return false;
    }
  },

  applyEvent: (event) => {
    const { saved, saving } = get();
    if (event.type === 'settings.changed' && saved && !saving) void get().load();
  },
}));
