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
      <Link href="/settings" className="button-link">
        Open Settings
      </Link>
    </section>
  );
}
