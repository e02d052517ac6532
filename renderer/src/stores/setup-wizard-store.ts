import { create } from 'zustand';
import type { DomainLookup, EngineEvent, Settings, SettingsResult, SetupGuides, SetupProposal, SetupRun } from '../../../core/api/contract.ts';
import { toDraft, type DraftField, type SettingsDraft } from '../views/settings/draft.ts';
import {
  firstDomain, freshDraft, proposedHostname, readStored, resumeDraft, STEPS, validateWizard, wizardChange, writeStored,
  type WizardDraft, type WizardErrors,
} from '../views/setup/wizard-draft.ts';
import { client } from './client-ref.ts';

/** A call's answer, or why it failed, and whether it is under way. */
export interface Remote<T> {
  value: T | null;
  error: string | null;
  busy: boolean;
}
const idle = <T>(): Remote<T> => ({ value: null, error: null, busy: false });

export interface SetupWizardState {
  step: number;
  saved: Settings | null;
  base: SettingsDraft | null;
  /** The fields of the settings form (the same draft, the same checks), for the shared field components. */
  draft: SettingsDraft | null;
  publicAddress: string;
  errors: WizardErrors;
  loadError: string | null;
  /** True when a draft from an earlier visit was picked up. */
  resumed: boolean;
  guideId: string | null;
  lookup: Remote<DomainLookup>;
  proposal: Remote<SetupProposal>;
  guides: Remote<SetupGuides>;
  checks: Remote<SetupRun>;
  confirm: Remote<SettingsResult>;
  load: () => Promise<void>;
  edit: <K extends DraftField>(field: K, value: SettingsDraft[K]) => void;
  setPublicAddress: (value: string) => void;
  goTo: (step: number) => void;
  chooseGuide: (id: string) => void;
  findPrimary: () => Promise<void>;
  loadRecords: () => Promise<void>;
  runChecks: () => Promise<void>;
  lastChecks: () => Promise<void>;
  /** Saves the merged settings: the one and only write of the wizard. Resolves true once saved. */
  confirmSetup: () => Promise<boolean>;
  /** Throws the draft away and starts again from the saved settings. */
  startOver: () => void;
  applyEvent: (event: EngineEvent) => void;
}

const storage = (): Storage | undefined => (typeof localStorage === 'undefined' ? undefined : localStorage);
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export const useSetupWizard = create<SetupWizardState>((set, get) => {
  const wizardDraft = (): WizardDraft | null => {
    const { draft, publicAddress } = get();
    return draft ? { fields: draft, publicAddress } : null;
  };
  const recheck = (next: WizardDraft) => {
    const { saved } = get();
    set({ draft: next.fields, publicAddress: next.publicAddress, errors: saved ? validateWizard(next, saved).errors : {} });
    persist();
  };
  const persist = () => {
    const { step, base, draft, publicAddress, guideId, confirm } = get();
    if (base && draft && !confirm.value) writeStored(storage(), { version: 1, step, base, draft: { fields: draft, publicAddress }, guideId });
  };
  /** Runs `call` and keeps its answer under `key`. */
  const remote = async <K extends 'lookup' | 'proposal' | 'guides' | 'checks' | 'confirm'>(
    key: K,
    call: () => Promise<NonNullable<SetupWizardState[K]['value']>>,
  ) => {
    set({ [key]: { ...get()[key], busy: true, error: null } } as Partial<SetupWizardState>);
    try {
      const value = await call();
      set({ [key]: { value, error: null, busy: false } } as Partial<SetupWizardState>);
      return true;
    } catch (error) {
      set({ [key]: { ...get()[key], error: message(error), busy: false } } as Partial<SetupWizardState>);
      return false;
    }
  };
  const checkInput = () => {
    const draft = wizardDraft();
    const domain = draft ? firstDomain(draft) : null;
    if (!draft || !domain) return null;
    const { primaryMode, primaryHost, primaryPort } = draft.fields;
    const address = draft.publicAddress.trim();
    const primary = primaryMode === 'mx' ? 'mx' : primaryPort.trim() ? `${primaryHost.trim()}:${primaryPort.trim()}` : primaryHost.trim();
    return { domain, hostname: proposedHostname(draft), ...(address ? { publicAddress: address } : {}), primary };
  };

  return {
    step: 0,
    saved: null,
    base: null,
    draft: null,
    publicAddress: '',
    errors: {},
    loadError: null,
    resumed: false,
    guideId: null,
    lookup: idle(),
    proposal: idle(),
    guides: idle(),
    checks: idle(),
    confirm: idle(),

    load: async () => {
      try {
        const saved = await client().call('getSettings', {});
        const stored = readStored(storage());
        const draft = stored ? resumeDraft(stored, saved) : freshDraft(saved);
        set({ saved, base: stored?.base ?? toDraft(saved), step: stored?.step ?? 0, guideId: stored?.guideId ?? null, resumed: stored !== null, loadError: null });
        recheck(draft);
      } catch (error) {
        set({ loadError: message(error) });
      }
    },
    edit: (field, value) => {
      const draft = wizardDraft();
      if (draft) recheck({ ...draft, fields: { ...draft.fields, [field]: value } });
    },
    setPublicAddress: (value) => {
      const draft = wizardDraft();
      if (draft) recheck({ ...draft, publicAddress: value });
    },
    goTo: (step) => {
      const draft = wizardDraft();
      // Arriving at "This server", the proposed host name is filled in, so the owner sees what will be used.
      if (draft && step === 4 && draft.fields.hostname.trim() === '') recheck({ ...draft, fields: { ...draft.fields, hostname: proposedHostname(draft) } });
      set({ step: Math.max(0, Math.min(STEPS.length - 1, step)) });
      persist();
    },
    chooseGuide: (id) => {
      set({ guideId: id });
      persist();
    },
    findPrimary: async () => {
      const draft = wizardDraft();
      const domain = draft ? firstDomain(draft) : null;
      if (domain) await remote('lookup', () => client().call('dnsLookup', { domain }));
    },
    loadRecords: async () => {
      const input = checkInput();
      if (!input) return;
      const { domain, hostname, publicAddress } = input;
      const guides = get().guides.value ? Promise.resolve(true) : remote('guides', () => client().call('setupGuides', {}));
      await Promise.all([remote('proposal', () => client().call('setupProposal', { domain, hostname, ...(publicAddress ? { publicAddress } : {}) })), guides]);
    },
    runChecks: async () => {
      const input = checkInput();
      if (input) await remote('checks', () => client().call('runSetupChecks', input));
    },
    lastChecks: async () => {
      const input = checkInput();
      if (!input) return;
      try {
        const { run } = await client().call('lastSetupChecks', { domain: input.domain });
        if (run && run.checkedAt > (get().checks.value?.checkedAt ?? '')) set({ checks: { value: run, error: null, busy: false } });
      } catch {
        // Nothing recorded, or the domain is not configured yet: what is shown stays.
      }
    },
    confirmSetup: async () => {
      const draft = wizardDraft();
      const { saved } = get();
      if (!draft || !saved) return false;
      const { value, errors } = validateWizard(draft, saved);
      if (!value) {
        set({ errors, confirm: { value: null, error: 'Not saved: some answers need fixing first; go back to the steps marked.', busy: false } });
        return false;
      }
      const done = await remote('confirm', () => client().call('changeSettings', wizardChange(value)));
      if (done) {
        writeStored(storage(), null);
        set({ saved: get().confirm.value!.settings });
      }
      return done;
    },
    startOver: () => {
      writeStored(storage(), null);
      const { saved } = get();
      set({ step: 0, resumed: false, guideId: null, lookup: idle(), proposal: idle(), checks: idle(), confirm: idle(), base: saved ? toDraft(saved) : null });
      if (saved) recheck(freshDraft(saved));
    },
    applyEvent: (event) => {
      if (event.type === 'setup.check-failed' && get().draft) void get().lastChecks();
    },
  };
});
