import { Link } from 'wouter';
import { useSetupWizard } from '../../stores/setup-wizard-store.ts';
import { labelOf, listItems } from '../settings/draft.ts';
import { runSummary } from './StepCheck.tsx';

const POLICY_WORDS = { any: 'Any address', list: 'Only the addresses listed', verify: 'Ask the primary' } as const;

/** Step 8: what will be saved, and the one button that saves it. */
export function StepSummary() {
  const draft = useSetupWizard((state) => state.draft);
  const address = useSetupWizard((state) => state.publicAddress);
  const run = useSetupWizard((state) => state.checks.value);
  const confirm = useSetupWizard((state) => state.confirm);
  const confirmSetup = useSetupWizard((state) => state.confirmSetup);
  if (!draft) return null;
  const primary = draft.primaryMode === 'mx' ? 'Follow DNS (the MX records)' : `${draft.primaryHost.trim()}:${draft.primaryPort.trim() || '25'}`;
  const result = confirm.value;
  return (
    <>
      <dl className="summary">
        <dt>Domains</dt><dd>{listItems(draft.domains).join(', ')}</dd>
        <dt>Primary mail server</dt><dd>{primary}</dd>
        <dt>Recipient policy</dt><dd>{POLICY_WORDS[draft.recipientPolicy]}</dd>
        <dt>This server's name</dt><dd>{draft.hostname.trim() || 'this computer\'s name'}</dd>
        <dt>Public address</dt><dd>{address.trim() || 'not filled in'}</dd>
        <dt>Last check</dt><dd>{run ? runSummary(run) : 'not run yet'}</dd>
      </dl>
      {result ? (
        <div className="saved-banner" role="status">
          <p><strong>Saved.</strong> MX Standby is set up.</p>
          {result.applied.length > 0 && <p>In effect now: {result.applied.map(labelOf).join(', ')}.</p>}
          {result.restartNeeded.length > 0 && <p>After a restart of MX Standby: {result.restartNeeded.map(labelOf).join(', ')}.</p>}
          <Link href="/" className="button-link">Go to the dashboard</Link>
        </div>
      ) : (
        <>
          <p>Nothing has been saved yet. Confirm to save these settings; you can change them later in Settings.</p>
          <button className="primary" onClick={() => void confirmSetup()} disabled={confirm.busy}>
            {confirm.busy ? 'Saving…' : 'Confirm and save'}
          </button>
          {confirm.error && <p className="error-banner" role="alert">{confirm.error}</p>}
        </>
      )}
    </>
  );
}
