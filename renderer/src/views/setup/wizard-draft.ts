import { settingsSchema, type Settings } from '../../../../core/api/contract.ts';
import { fromDraft, listItems, rebaseDraft, toDraft, type DraftField, type SettingsDraft } from '../settings/draft.ts';
import { plainMessage, type FieldErrors, type Problem } from '../settings/validate.ts';

/**
 * The setup wizard's draft: the settings form's draft plus this server's
 * public address (a setting the settings page does not show). Checked with
 * the API's own settings schema, exactly as the settings page checks.
 */
export interface WizardDraft {
  fields: SettingsDraft;
  publicAddress: string;
}

export type WizardErrors = FieldErrors & { publicAddress?: string };

export interface WizardValidation {
  /** The merged settings to send; null while something is wrong. */
  value: Settings | null;
  errors: WizardErrors;
}

/** The steps, in order; the names are what the step list shows. */
export const STEPS = ['Welcome', 'Domains', 'Primary server', 'Recipients', 'This server', 'DNS records', 'Check', 'Confirm'] as const;
export type StepIndex = number;

/** The settings the wizard would save: the saved ones with the wizard's answers on top. */
export function mergeWizard(draft: WizardDraft, saved: Settings): Record<string, unknown> {
  const address = draft.publicAddress.trim();
  return { ...fromDraft(draft.fields, saved), publicAddress: address === '' ? null : address };
}

/** The settings the wizard asks about: confirming changes only these, so settings changed meanwhile elsewhere stay. */
const WIZARD_KEYS = ['domains', 'primary', 'recipientPolicy', 'recipients', 'hostname', 'publicAddress'] as const satisfies readonly (keyof Settings)[];

/** The wizard's answers as a change to the settings (changeSettings); an empty host name keeps the one in use. */
export function wizardChange(value: Settings): Partial<Settings> {
  return Object.fromEntries(WIZARD_KEYS.filter((key) => value[key] !== undefined).map((key) => [key, value[key]]));
}

export function validateWizard(draft: WizardDraft, saved: Settings): WizardValidation {
  const result = settingsSchema.safeParse(mergeWizard(draft, saved));
  if (result.success) return { value: result.data, errors: {} };
  const errors: WizardErrors = {};
  for (const issue of result.error.issues) {
    if (issue.path[0] === 'publicAddress') {
      errors.publicAddress ??= `"${draft.publicAddress.trim()}" ${issue.message}.`;
      continue;
    }
    const { field, text } = plainMessage(issue as Problem, draft.fields);
    errors[field] ??= text;
  }
  return { value: null, errors };
}

/** The fields each step asks for: a step with an error in one of them cannot be left forward. */
export const STEP_FIELDS: Record<number, (DraftField | 'publicAddress')[]> = {
  1: ['domains'],
  2: ['primaryHost', 'primaryPort'],
  3: ['recipientPolicy', 'recipients'],
  4: ['hostname', 'publicAddress'],
};

/** What keeps the owner on a step, in plain words; null when the step is done. */
export function stepProblem(step: number, draft: WizardDraft, errors: WizardErrors): string | null {
  if (step === 1 && listItems(draft.fields.domains).length === 0) return 'Give at least one domain.';
  if (step === 2 && draft.fields.primaryMode === 'host' && draft.fields.primaryHost.trim() === '') return 'Give the host of the primary, or follow DNS.';
  const fields = STEP_FIELDS[step] ?? [];
  return fields.some((field) => errors[field] !== undefined) ? 'Fix the fields marked first.' : null;
}

/** The first domain, the one the records and checks are about. */
export function firstDomain(draft: WizardDraft): string | null {
  return listItems(draft.fields.domains)[0]?.toLowerCase() ?? null;
}

/** A new draft from the saved settings: a primary set to "none" becomes "follow DNS", and a host name is proposed. */
export function freshDraft(saved: Settings): WizardDraft {
  const fields = toDraft(saved);
  if (fields.primaryMode === 'none') fields.primaryMode = 'mx';
  return { fields, publicAddress: saved.publicAddress ?? '' };
}

/** What is kept between visits (localStorage), so the wizard can be left and resumed. */
export interface StoredWizard {
  version: 1;
  step: number;
  /** The saved settings as a draft when the wizard started: settings changed since are carried over. */
  base: SettingsDraft;
  draft: WizardDraft;
  guideId: string | null;
}

export const STORAGE_KEY = 'mx-standby-setup-wizard';

export function readStored(storage: Storage | undefined): StoredWizard | null {
  try {
    const parsed = JSON.parse(storage?.getItem(STORAGE_KEY) ?? 'null') as StoredWizard | null;
    return parsed?.version === 1 && parsed.draft?.fields ? parsed : null;
  } catch {
    return null;
  }
}

export function writeStored(storage: Storage | undefined, stored: StoredWizard | null): void {
  try {
    if (stored) storage?.setItem(STORAGE_KEY, JSON.stringify(stored));
    else storage?.removeItem(STORAGE_KEY);
  } catch {
    // Storage full or refused: the wizard still works, it just cannot be resumed.
  }
}

/** The stored draft brought onto the settings as they are now. */
export function resumeDraft(stored: StoredWizard, saved: Settings): WizardDraft {
  return { fields: rebaseDraft(stored.draft.fields, stored.base, toDraft(saved)), publicAddress: stored.draft.publicAddress };
}

/** The host name proposed when none is set: backup-mx.DOMAIN. */
export function proposedHostname(draft: WizardDraft): string {
  const domain = firstDomain(draft);
  return draft.fields.hostname.trim() || (domain ? `backup-mx.${domain}` : '');
}
