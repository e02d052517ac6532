/** A running backup MX under test, on loopback, whose primary is 127.0.0.1:primaryPort. */
export interface BackupTarget {
  /** Where its SMTP server listens on 127.0.0.1. */
  smtpPort: number;
  /** Root of its process family, for memory readings. */
  rootPid: number;
  /** Called after mail was accepted with the primary down: resolves once all of it is held, no attempt in flight. */
  settle(): Promise<void>;
  /** Called right after the primary starts answering again. */
  primaryIsBack(): Promise<void>;
  /** Stops it and removes its temp folder; safe to call after a failed start or twice. */
  stop(): Promise<void>;
}

/** One kind of backup MX the bench compares. Each measurement starts a fresh one. */
export interface TargetKind {
  name: string;
  /** Why it cannot run on this machine, or null when it can. */
  unavailable(): string | null;
  start(primaryPort: number): Promise<BackupTarget>;
  /** Printed under the table: how this target was set up and treated. */
  notes: string[];
}
