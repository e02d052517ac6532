import { createContext, useContext, type ReactNode } from 'react';
import { useSettings } from '../../stores/settings-store.ts';
import type { DraftField, SettingsDraft } from './draft.ts';
import type { FieldErrors } from './validate.ts';

/** What the fields read and edit: the settings store, or another store with the same draft (the setup wizard's). */
export interface DraftSlice {
  draft: SettingsDraft | null;
  errors: FieldErrors;
  edit: <K extends DraftField>(field: K, value: SettingsDraft[K]) => void;
}
export type DraftStore = <T>(selector: (state: DraftSlice) => T) => T;

const DraftContext = createContext<DraftStore>(useSettings);
/** The fields inside edit `store` instead of the settings store. */
export const DraftProvider = DraftContext.Provider;
const useDraftStore = (): DraftStore => useContext(DraftContext);

type TextFieldName = { [K in DraftField]: SettingsDraft[K] extends string ? K : never }[DraftField];

const inputId = (field: string) => `setting-${field}`;

/** The error beside a field, tied to its input by aria-describedby. */
export function FieldError({ field }: { field: DraftField }) {
  const useDraft = useDraftStore();
  const error = useDraft((state) => state.errors[field]);
  if (!error) return null;
  return (
    <p className="field-error" id={`${inputId(field)}-error`}>
      {error}
    </p>
  );
}

interface TextFieldProps {
  field: TextFieldName;
  label: string;
  hint?: ReactNode;
  /** A textarea of this many rows instead of a one-line input. */
  rows?: number;
  placeholder?: string;
  width?: 'short' | 'medium' | 'long';
  inputMode?: 'numeric' | 'decimal' | 'text';
}

/** A labelled text input bound to one draft field, with its hint and its error beside it. */
export function TextField({ field, label, hint, rows, placeholder, width = 'long', inputMode }: TextFieldProps) {
  const useDraft = useDraftStore();
  const value = useDraft((state) => (state.draft ? state.draft[field] : ''));
  const invalid = useDraft((state) => state.errors[field] !== undefined);
  const edit = useDraft((state) => state.edit);
  const id = inputId(field);
  const describedBy = [hint ? `${id}-hint` : null, invalid ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name: field,
    value,
    placeholder,
    'aria-invalid': invalid || undefined,
    'aria-describedby': describedBy,
    className: `input-${width}`,
    spellCheck: false,
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="field-body">
        {rows ? (
          <textarea {...common} rows={rows} onChange={(event) => edit(field, event.target.value)} />
        ) : (
          <input {...common} type="text" inputMode={inputMode} onChange={(event) => edit(field, event.target.value)} />
        )}
        {hint && (
          <p className="field-hint" id={`${id}-hint`}>
            {hint}
          </p>
        )}
        <FieldError field={field} />
      </div>
    </div>
  );
}

interface Choice<V extends string> {
  value: V;
  label: string;
  description?: ReactNode;
}

/** A radio group bound to one draft field. */
export function ChoiceField<K extends 'primaryMode' | 'recipientPolicy' | 'tlsMode'>({
  field,
  legend,
  choices,
}: {
  field: K;
  legend: string;
  choices: Choice<SettingsDraft[K]>[];
}) {
  const useDraft = useDraftStore();
  const value = useDraft((state) => state.draft?.[field]);
  const edit = useDraft((state) => state.edit);
  return (
    <fieldset className="choices">
      <legend>{legend}</legend>
      {choices.map((choice) => {
        const id = `${inputId(field)}-${choice.value}`;
        return (
          <div key={choice.value} className="choice">
            <input
              id={id}
              type="radio"
              name={field}
              value={choice.value}
              checked={value === choice.value}
              onChange={() => edit(field, choice.value)}
              aria-describedby={choice.description ? `${id}-description` : undefined}
            />
            <label htmlFor={id} className="choice-label">
              {choice.label}
            </label>
            {choice.description && (
              <span className="choice-description" id={`${id}-description`}>
                {choice.description}
              </span>
            )}
          </div>
        );
      })}
    </fieldset>
  );
}

/** A titled part of the settings page. */
export function Section({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  const id = `section-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <section className="card settings-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {intro && <p className="muted section-intro">{intro}</p>}
      {children}
    </section>
  );
}
