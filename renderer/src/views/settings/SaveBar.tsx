import { useShallow } from 'zustand/react/shallow';
import { selectChangedKeys, useSettings } from '../../stores/settings-store.ts';
import { labelOf } from './draft.ts';

/** Moves focus to the first field with an error, so it is seen (and heard) at once. */
export function focusFirstProblem(): void {
  document.querySelector<HTMLElement>('.settings-form [aria-invalid="true"]')?.focus();
}

/** "You have unsaved changes", what they are, and Save / Discard; shown only while there are some. */
function UnsavedBar({ changed }: { changed: string[] }) {
  const saving = useSettings((state) => state.saving);
  const errorCount = useSettings((state) => Object.keys(state.errors).length);
  const saveError = useSettings((state) => state.saveError);
  const { save, discard } = useSettings.getState();
  const onSave = async () => {
    if (!(await save())) focusFirstProblem();
  };
  return (
    <div className="save-footer unsaved-bar" role="region" aria-label="Unsaved changes">
      <div className="save-footer-text">
        <div>
          <strong>You have unsaved changes</strong>
          <span className="muted"> to {changed.map(labelOf).join(', ')}</span>
          {errorCount > 0 && <span className="unsaved-problems"> · {errorCount === 1 ? '1 field needs' : `${errorCount} fields need`} fixing</span>}
        </div>
        {saveError && (
          <div className="save-error" role="alert">
            {saveError}
          </div>
        )}
      </div>
      <button type="button" onClick={discard} disabled={saving}>
        Discard
      </button>
      <button type="button" className="primary" onClick={() => void onSave()} disabled={saving}>
        {saving ? 'Saving…' : 'Save'}
      </button>
    </div>
  );
}

/** What the last save did: what is in effect now and what waits for a restart. */
function SaveOutcome() {
  const result = useSettings((state) => state.result);
  if (!result) return null;
  const { applied, restartNeeded } = result;
  return (
    <div className="save-footer save-outcome" role="status">
      <div className="save-footer-text">
        <strong>Saved.</strong>
        {applied.length === 0 && restartNeeded.length === 0 && <p>Nothing had changed.</p>}
        {applied.length > 0 && <p>In effect now: {applied.map(labelOf).join(', ')}.</p>}
        {restartNeeded.length > 0 && <p className="restart-needed">Takes effect when MX Standby restarts: {restartNeeded.map(labelOf).join(', ')}.</p>}
      </div>
      <button type="button" onClick={() => useSettings.setState({ result: null })}>
        OK
      </button>
    </div>
  );
}

/** Kept in view at the bottom of the page: the unsaved changes while there are some, else what the last save did. */
export function SaveFooter() {
  const changed = useSettings(useShallow(selectChangedKeys));
  return changed.length > 0 ? <UnsavedBar changed={changed} /> : <SaveOutcome />;
}
