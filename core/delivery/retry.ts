/**
 * When to try again after `attempts` tries: the schedule's entries in turn,
 * the last one repeating (like zone-mta's and Postfix's backoff, as data).
 */
export function nextAttemptAt(attempts: number, scheduleMs: readonly number[], now: number): number {
  const index = Math.min(Math.max(attempts - 1, 0), scheduleMs.length - 1);
  return now + scheduleMs[index]!;
}
