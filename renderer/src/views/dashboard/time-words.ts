import { format, formatDistanceStrict, isSameDay, isSameYear } from 'date-fns';

/** "14:05", local time. */
export function clockTime(at: number): string {
  return format(at, 'HH:mm');
}

/** "14:05" today, "28 Nov 14:05" another day this year, "28 Nov 2025 14:05" before. */
export function dayAndTime(at: number, now: number): string {
  if (isSameDay(at, now)) return clockTime(at);
  return format(at, isSameYear(at, now) ? 'd MMM HH:mm' : 'd MMM yyyy HH:mm');
}

/** "for 14 minutes", "for 3 hours": how long since `since`. */
export function howLong(since: number, now: number): string {
  if (now - since < 60_000) return 'just now';
  return `for ${formatDistanceStrict(since, now)}`;
}

/** "29 Nov 2027". */
export function longDay(at: number): string {
  return format(at, 'd MMM yyyy');
}
