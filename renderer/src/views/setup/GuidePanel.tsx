import type { SetupProposal } from '../../../../core/api/contract.ts';
import { useSetupWizard } from '../../stores/setup-wizard-store.ts';

/** Fills the words in braces of a guide from the proposal. */
export function fillGuide(text: string, proposal: SetupProposal): string {
  const host = proposal.hostname.endsWith(`.${proposal.domain}`) ? proposal.hostname.slice(0, -proposal.domain.length - 1) : proposal.hostname;
  const words: Record<string, string> = {
    domain: proposal.domain,
    host,
    hostname: proposal.hostname,
    address: proposal.publicAddress ?? "this server's public address",
    preference: String(proposal.preference),
  };
  return text.replace(/\{(\w+)\}/g, (all, name: string) => words[name] ?? all);
}

/** The step-by-step guide of the owner's DNS host. */
export function GuidePanel({ proposal }: { proposal: SetupProposal }) {
  const guides = useSetupWizard((state) => state.guides);
  const chosen = useSetupWizard((state) => state.guideId);
  const chooseGuide = useSetupWizard((state) => state.chooseGuide);
  const list = [...(guides.value?.guides ?? [])].sort((a, b) => a.order - b.order);
  const guide = list.find((item) => item.id === chosen) ?? list.find((item) => item.id === 'generic') ?? list[0];
  if (guides.error) return <p className="error-banner" role="alert">The guides could not be loaded: {guides.error}</p>;
  if (!guide) return null;
  return (
    <section className="card guide" aria-labelledby="guide-title">
      <h3 id="guide-title">How to add them at your DNS host</h3>
      <div className="field">
        <label htmlFor="setup-guide">Your DNS host</label>
        <select id="setup-guide" value={guide.id} onChange={(event) => chooseGuide(event.target.value)}>
          {list.map((item) => (
            <option key={item.id} value={item.id}>{item.name}</option>
          ))}
        </select>
      </div>
      {guide.manageUrl && (
        <p>
          Sign in at <a href={guide.manageUrl} target="_blank" rel="noreferrer">{guide.manageUrl}</a>
        </p>
      )}
      <ol className="guide-steps">
        {guide.steps.map((step) => (
          <li key={step}>{fillGuide(step, proposal)}</li>
        ))}
      </ol>
      {guide.notes.map((note) => (
        <p key={note} className="muted">{fillGuide(note, proposal)}</p>
      ))}
    </section>
  );
}
