import { settingsSchema, type Settings } from '../../../../core/api/contract.ts';
import { fromDraft, listItems, type DraftField, type SettingsDraft } from './draft.ts';

/** An error for each form field that has one, in plain words; `other` for settings the form does not show. */
export type FieldErrors = Partial<Record<DraftField | 'other', string>>;

/** The parts of a zod issue (or of the API's error body) the messages need. */
export interface Problem {
  path: readonly PropertyKey[];
  message: string;
  code?: string;
  origin?: string;
  minimum?: unknown;
  maximum?: unknown;
  expected?: string;
}

const SETTINGS_FIELDS: Partial<Record<string, DraftField>> = {
  domains: 'domains',
  recipientPolicy: 'recipientPolicy',
  recipients: 'recipients',
  retry: 'retry',
  lifetime: 'lifetime',
  maxSize: 'maxSizeMb',
  hostname: 'hostname',
  smtpListen: 'smtpListen',
  adminListen: 'adminListen',
};

/** Which form field a problem at `path` (["retry", 1], ["tls", "cert"]) belongs to. */
export function fieldFor(path: readonly PropertyKey[], message: string): DraftField | 'other' {
  const [key, sub] = path;
  if (key === 'primary') return /a port of/i.test(message) ? 'primaryPort' : 'primaryHost';
  if (key === 'tls') return sub === 'key' ? 'tlsKey' : 'tlsCert';
  return SETTINGS_FIELDS[String(key)] ?? 'other';
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${bytes / 1024 ** 3} GB`;
  if (bytes >= 1024 ** 2) return `${bytes / 1024 ** 2} MB`;
  return `${bytes / 1024} KB`;
}

/** The value the problem is about, as the owner typed it: one line of a list, or the whole field. */
function typedValue(draft: SettingsDraft, field: DraftField | 'other', path: readonly PropertyKey[]): string {
  if (field === 'other') return '';
  const index = path[1];
  if (typeof index === 'number') {
    const items = field === 'retry' ? listItems(draft.retry, /[\s,]+/) : listItems(String(draft[field]));
    return items[index] ?? '';
  }
  return String(draft[field]).trim();
}

/** zod's generic messages ("Too small: expected array to have >=1 items") said the way a person would. */
function genericMessage(problem: Problem, field: DraftField | 'other'): string | null {
  const limit = (value: unknown) => (field === 'maxSizeMb' ? formatBytes(Number(value)) : String(value));
  if (problem.code === 'too_small') {
    if (problem.origin === 'array') return field === 'retry' ? 'Give at least one interval, like 5m.' : 'Give at least one.';
    if (problem.origin === 'string') return 'Fill this in.';
    return `This is too small: the least is ${limit(problem.minimum)}.`;
  }
  if (problem.code === 'too_big') {
    return problem.origin === 'number' ? `This is too big: the most is ${limit(problem.maximum)}.` : 'This is too long.';
  }
  if (problem.code === 'invalid_type' && (problem.expected === 'number' || problem.expected === 'int')) {
    return field === 'maxSizeMb' ? 'Write a number of megabytes, like 50.' : 'Write a whole number.';
  }
  if (problem.code === 'unrecognized_keys') return 'The settings name something MX Standby does not know; remove it from config.json.';
  return null;
}

/** A problem in plain words, naming what was typed: `"mail example" must be a domain name such as example.com`. */
export function plainMessage(problem: Problem, draft: SettingsDraft): { field: DraftField | 'other'; text: string } {
  const field = fieldFor(problem.path, problem.message);
  const generic = genericMessage(problem, field);
  if (generic) return { field, text: generic };
  const typed = typedValue(draft, field, problem.path);
  const message = problem.message.replace(/\.$/, '');
  if (!/^(must|is)\b/.test(message)) return { field, text: `${message.charAt(0).toUpperCase()}${message.slice(1)}.` };
  if (typed === '') return { field, text: `Fill this in: it ${message}.` };
  // The primary's rules are about HOST:PORT as a whole, so that is what they quote.
  const port = draft.primaryPort.trim();
  const value = field === 'primaryHost' || field === 'primaryPort' ? `${draft.primaryHost.trim()}${port ? `:${port}` : ''}` : typed;
  const where = typeof problem.path[1] === 'number' ? ` (item ${problem.path[1] + 1})` : '';
  return { field, text: `"${value}"${where} ${message}.` };
}

export interface Validation {
  /** The settings to send, as the schema gives them back; null while some field is wrong. */
  value: Settings | null;
  errors: FieldErrors;
}

/** Checks the draft with the API's own schema; the first problem of each field is kept. */
export function validateDraft(draft: SettingsDraft, base: Settings): Validation {
  const result = settingsSchema.safeParse(fromDraft(draft, base));
  if (result.success) return { value: result.data, errors: {} };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const { field, text } = plainMessage(issue as Problem, draft);
    errors[field] ??= text;
  }
  return { value: null, errors };
}
