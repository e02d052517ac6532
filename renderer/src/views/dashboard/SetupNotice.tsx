import { Link } from 'wouter';

/** What must be set before MX Standby can do its job, and where to set it. */
export function SetupNotice({ problems }: { problems: string[] }) {
  if (problems.length === 0) return null;
  return (
    <section className="setup-notice" role="region" aria-labelledby="setup-title">
      <h2 id="setup-title">Setup needed</h2>
      <ul>
        {problems.map((problem) => (
          <li key={problem}>{problem}</li>
        ))}
      </ul>
      <p className="setup-cta">
        <Link href="/setup" className="button-link primary-link">
          Set up MX Standby
        </Link>{' '}
        <Link href="/settings">Open Settings</Link>
      </p>
    </section>
  );
}
