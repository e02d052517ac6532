/** One setup check, in plain words for the owner: what was expected, what was found, what to do. */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'not-checked';

export interface SetupCheck {
  /** Stable across runs, so a check that turns from pass to fail can be noticed. */
  id: string;
  title: string;
  status: CheckStatus;
  expected: string;
  found: string;
  /** What to do about it; null when there is nothing to do. */
  action: string | null;
}

/** One run of the checks for a domain. */
export interface SetupRun {
  domain: string;
  /** ISO 8601 time the run finished. */
  checkedAt: string;
  checks: SetupCheck[];
}

export function check(
  id: string,
  title: string,
  status: CheckStatus,
  fields: { expected: string; found: string; action?: string | null },
): SetupCheck {
  return { id, title, status, expected: fields.expected, found: fields.found, action: fields.action ?? null };
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
