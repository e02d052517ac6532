import { differenceInSeconds, format, isSameDay, isSameYear } from 'date-fns';
import { showBidiControls } from '../../components/bidi.ts';

/** How the table writes times and sizes: short enough for a column, exact in the tooltip. */

export function formatReceived(iso: string, now: number): string {
  const at = new Date(iso);
  if (isSameDay(at, now)) return format(at, 'HH:mm');
  if (isSameYear(at, now)) return format(at, 'MMM d, HH:mm');
  return format(at, 'yyyy-MM-dd HH:mm');
}

/** The full local time, for a title attribute. */
export function formatExact(iso: string): string {
  return format(new Date(iso), 'yyyy-MM-dd HH:mm:ss');
}

/** A span as a queue manager writes it: 45s, 12m, 3h 05m, 2d 4h, 16d. */
export function formatSpan(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s}s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
  const days = Math.floor(hours / 24);
  return days < 7 ? `${days}d ${hours % 24}h` : `${days}d`;
}

export function formatAge(iso: string, now: number): string {
  return formatSpan(differenceInSeconds(now, new Date(iso)));
}

/** When the next attempt is: none, due now, or how long until it. */
export function formatNextAttempt(iso: string | null, now: number): string {
  if (iso === null) return '—';
  const wait = differenceInSeconds(new Date(iso), now);
  return wait <= 0 ? 'due now' : `in ${formatSpan(wait)}`;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const kb = bytes / 1024;
  if (kb < 1024) return `${kb < 10 ? kb.toFixed(1) : Math.round(kb)} KB`;
  const mb = kb / 1024;
  return `${mb < 10 ? mb.toFixed(1) : Math.round(mb)} MB`;
}

/** Who sent it, as a person reads it (bidi controls shown): the From header's name, else the envelope sender, else the null sender. */
export function senderOf(item: { from: string; headerFrom: string | null }): string {
  const name = item.headerFrom?.replace(/\s*<[^>]*>\s*$/, '').replace(/^"(.*)"$/, '$1').trim();
  return showBidiControls(name || item.from || '<> (bounce)');
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}
