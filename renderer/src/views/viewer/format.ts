import { format, formatDistanceStrict } from 'date-fns';
import { maskBidiControls } from '../../components/bidi.ts';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** 29 Nov 2026, 10:00:05 */
export function formatTime(iso: string | number): string {
  return format(new Date(iso), 'd MMM yyyy, HH:mm:ss');
}

/** "in 4 minutes", "3 hours ago" */
export function fromNow(iso: string | number, now = Date.now()): string {
  const at = new Date(iso).getTime();
  const words = formatDistanceStrict(at, now);
  return at >= now ? `in ${words}` : `${words} ago`;
}

/** A file name to save under: no folders, nothing a file system refuses, no bidi controls to disguise its extension. */
export function saveName(name: string | null, fallback: string): string {
  const cleaned = maskBidiControls(name ?? '').replace(/[\u0000-\u001f\u007f"\\/:*?<>|]/g, '_').replace(/^[.\s_-]+/, '').trim().slice(0, 150);
  return cleaned === '' ? fallback : cleaned;
}
