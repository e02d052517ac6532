import { useEffect, useRef, type ReactNode } from 'react';
import { useSetupWizard } from '../../stores/setup-wizard-store.ts';
import { DraftProvider } from '../settings/fields.tsx';
import '../settings/settings.css';
import './setup.css';
import { StepCheck } from './StepCheck.tsx';
import { StepDomains } from './StepDomains.tsx';
import { StepPrimary } from './StepPrimary.tsx';
import { StepRecipients } from './StepRecipients.tsx';
import { StepRecords } from './StepRecords.tsx';
import { StepServer } from './StepServer.tsx';
import { StepSummary } from './StepSummary.tsx';
import { StepWelcome } from './StepWelcome.tsx';
import { stepProblem, STEPS } from './wizard-draft.ts';

const VIEWS: (() => ReactNode)[] = [StepWelcome, StepDomains, StepPrimary, StepRecipients, StepServer, StepRecords, StepCheck, StepSummary];

/** The setup wizard at #/setup: a step list, one step at a time, nothing saved before the last step. */
export function SetupWizard() {
  const loaded = useSetupWizard((state) => state.draft !== null);
  const loadError = useSetupWizard((state) => state.loadError);
  const resumed = useSetupWizard((state) => state.resumed);
  const step = useSetupWizard((state) => state.step);
  const problem = useSetupWizard((state) => (state.draft ? stepProblem(state.step, { fields: state.draft, publicAddress: state.publicAddress }, state.errors) : null));
  const { load, goTo, startOver } = useSetupWizard.getState();
  const heading = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);

  useEffect(() => {
    if (useSetupWizard.getState().draft === null || useSetupWizard.getState().confirm.value) void load();
  }, [load]);
  // A new step is announced by moving focus to its heading (not on the first view).
  useEffect(() => {
    if (first.current) first.current = false;
    else heading.current?.focus();
  }, [step]);

  if (!loaded) {
    return loadError ? (
      <div className="error-banner" role="alert">The settings could not be loaded: {loadError} <button onClick={() => void load()}>Try again</button></div>
    ) : (
      <p className="empty">Loading…</p>
    );
  }
  const View = VIEWS[step] ?? StepWelcome;
  return (
    <div className="setup-page">
      <nav className="setup-steps" aria-label="Setup steps">
        <h1>Set up MX Standby</h1>
        <ol>
          {STEPS.map((name, index) => (
            <li key={name}>
              <button type="button" aria-current={index === step ? 'step' : undefined} onClick={() => goTo(index)}>
                <span className="step-number" aria-hidden="true">{index + 1}</span> {name}
              </button>
            </li>
          ))}
        </ol>
        {resumed && <p className="muted small">Picked up where you left off. <button type="button" className="link" onClick={startOver}>Start over</button></p>}
      </nav>
      <section className="card setup-step" aria-labelledby="setup-step-title">
        <h2 id="setup-step-title" tabIndex={-1} ref={heading}>
          Step {step + 1} of {STEPS.length}: {STEPS[step]}
        </h2>
        <DraftProvider value={useSetupWizard}>
          <View />
        </DraftProvider>
        <div className="setup-nav">
          {step > 0 && <button type="button" onClick={() => goTo(step - 1)}>Back</button>}
          <span className="spacer" />
          {problem && <span className="field-error" id="setup-step-problem">{problem}</span>}
          {step < STEPS.length - 1 && (
            <button type="button" className="primary" disabled={problem !== null} aria-describedby={problem ? 'setup-step-problem' : undefined} onClick={() => goTo(step + 1)}>
              Next
            </button>
          )}
        </div>
      </section>
    </div>
  );
}
