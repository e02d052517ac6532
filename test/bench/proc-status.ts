import { readdirSync, readFileSync } from 'node:fs';

function readStatus(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null; // The process has exited since we listed it.
  }
}

function statusField(status: string, field: string): number | null {
  const match = new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status);
  return match ? Number(match[1]) : null;
}

/** The process's peak resident set size in KiB (VmHWM), or null if it is gone. */
export function peakRssKib(pid: number): number | null {
  const status = readStatus(pid);
  return status === null ? null : statusField(status, 'VmHWM');
}

/** `root` and every live descendant of it, found through PPid in /proc. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const status = readStatus(Number(entry));
    const parent = status === null ? null : statusField(status, 'PPid');
    if (parent !== null) children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  const tree: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/**
 * Sum of VmHWM over a process and its live descendants, in KiB. For one
 * process that is its peak; for a family like Postfix's (master, smtpd,
 * cleanup, qmgr...) it is an upper bound on their peak taken together,
 * since each process may have peaked at a different moment.
 */
export function treePeakRssKib(root: number): number {
  return processTree(root).reduce((sum, pid) => sum + (peakRssKib(pid) ?? 0), 0);
}

/** Proportional set size in KiB over a process and its descendants: shared pages are split among sharers. */
export function treePssKib(root: number): number {
  let sum = 0;
  for (const pid of processTree(root)) {
    try {
      const match = /^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      sum += match ? Number(match[1]) : 0;
    } catch {
      // Gone since we listed it.
    }
  }
  return sum;
}

/** Samples treePssKib every intervalMs until stopped; stop() returns the highest sample. */
export function samplePeakPss(root: number, intervalMs: number): { stop: () => number } {
  let peak = treePssKib(root);
  const timer = setInterval(() => {
    peak = Math.max(peak, treePssKib(root));
  }, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, treePssKib(root));
    },
  };
}
