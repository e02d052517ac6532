/** Step 1: what a backup MX does, in two sentences and one picture. */
export function StepWelcome() {
  return (
    <div className="setup-welcome">
      <p className="lead">
        Your domain's MX records tell the world's mail servers where to deliver your mail: first to your primary server (MX
        10), and to this backup (MX 20) only when the primary does not answer. MX Standby keeps that mail safe while the
        primary is down and hands it over, in order, as soon as it is back.
      </p>
      <BackupMxPicture />
      <p className="muted">
        The next steps ask for your domain, your primary mail server and this server's address, show the DNS records to
        add, and check that everything works. Nothing is saved until you confirm on the last step; you can leave and come
        back at any time.
      </p>
    </div>
  );
}

/** Senders → MX 10 primary (down) and MX 20 backup (holding the mail until the primary is back). */
function BackupMxPicture() {
  return (
    <svg className="mx-picture" viewBox="0 0 640 220" role="img" aria-labelledby="mx-picture-title mx-picture-desc">
      <title id="mx-picture-title">How a backup MX works</title>
      <desc id="mx-picture-desc">
        Senders try the primary, MX 10, first. While it is down they deliver to the backup, MX 20, which holds the mail and
        hands it to the primary when it is back.
      </desc>
      <defs>
        <marker id="mx-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" className="mx-ink" />
        </marker>
      </defs>
      <rect x="16" y="80" width="130" height="60" rx="10" className="mx-box" />
      <text x="81" y="108" className="mx-label">Senders</text>
      <text x="81" y="126" className="mx-small">mail for your domain</text>

      <rect x="420" y="20" width="200" height="60" rx="10" className="mx-box mx-down" />
      <text x="520" y="46" className="mx-label">MX 10: your primary</text>
      <text x="520" y="64" className="mx-small">down for now</text>
      <line x1="146" y1="96" x2="412" y2="52" className="mx-line mx-dashed" markerEnd="url(#mx-arrow)" />
      <text x="300" y="60" className="mx-cross">✕</text>

      <rect x="420" y="140" width="200" height="60" rx="10" className="mx-box mx-backup" />
      <text x="520" y="166" className="mx-label">MX 20: MX Standby</text>
      <text x="520" y="184" className="mx-small">holds the mail safely</text>
      <line x1="146" y1="124" x2="412" y2="168" className="mx-line" markerEnd="url(#mx-arrow)" />

      <path d="M600,140 C630,120 630,100 600,84" className="mx-line mx-handover" markerEnd="url(#mx-arrow)" />
      <text x="560" y="114" className="mx-small mx-handover-text">hands it over when back</text>
    </svg>
  );
}
