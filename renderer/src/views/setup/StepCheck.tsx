import { useEffect } from 'react';
import type { SetupRun } from '../../../../core/api/contract.ts';
import { useSetupWizard } from '../../stores/setup-wizard-store.ts';

const STATUS_WORDS = { pass: 'Pass', warn: 'Warning', fail: 'Fail', 'not-checked': 'Not checked' } as const;
const STATUS_CLASS = { pass: 'up', warn: 'unknown', fail: 'down', 'not-checked': '' } as const;

export function runSummary(run: SetupRun): string {
  const count = (status: keyof typeof STATUS_WORDS) => run.checks.filter((item) => item.status === status).length;
  return `${count('pass')} passed, ${count('fail')} failed, ${count('warn')} with warnings, ${count('not-checked')} not checked`;
}

/** Step 7: runs the checks and shows them; a run by the schedule (a setup event) shows up here too. */
export function StepCheck() {
  const checks = useSetupWizard((state) => state.checks);
  const { runChecks, lastChecks } = useSetupWizard.getState();
  useEffect(() => {
    void lastChecks();
  }, [lastChecks]);
  const run = checks.value;
  return (
    <>
      <p>
        Once the records are added, check that the world can see them. DNS changes can take from minutes to a few hours to
        show everywhere: check again until the list is green. The checks run again every few hours after setup, and the
        dashboard tells you if one starts to fail.
      </p>
      <p>
        <button className="primary" onClick={() => void runChecks()} disabled={checks.busy}>
          {checks.busy ? 'Checking…' : 'Check now'}
        </button>
      </p>
      <p role="status" aria-live="polite" className="muted">
        {checks.busy ? 'Checking…' : run ? `Checked ${new Date(run.checkedAt).toLocaleTimeString()}: ${runSummary(run)}.` : 'Not checked yet.'}
      </p>
      {checks.error && <p className="error-banner" role="alert">The checks could not run: {checks.error}</p>}
      {run && (
        <table className="setup-table checks" aria-busy={checks.busy}>
          <caption className="visually-hidden">Setup checks of {run.domain}</caption>
          <thead>
            <tr><th scope="col">Check</th><th scope="col">Status</th><th scope="col">Expected</th><th scope="col">Found</th><th scope="col">What to do</th></tr>
          </thead>
          <tbody>
            {run.checks.map((item) => (
              <tr key={item.id} data-check={item.id}>
                <th scope="row">{item.title}</th>
                <td><span className={`badge ${STATUS_CLASS[item.status]}`}>{STATUS_WORDS[item.status]}</span></td>
                <td>{item.expected}</td>
                <td>{item.found}</td>
                <td>{item.action ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
