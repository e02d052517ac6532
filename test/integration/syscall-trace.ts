import { spawnSync } from 'node:child_process';
import { isAbsolute, resolve } from 'node:path';

/** One system call from `strace -f -yy -ttt` output, put back together if strace split it across threads. */
export interface Syscall {
  pid: number;
  name: string;
  /** The arguments as strace printed them, fd paths included (-yy). */
  args: string;
  /** What it returned, as printed: "0", "-1 ENOENT (No such file or directory)", "28</path>". */
  result: string;
  /** Position of its entry in the trace. strace prints an entry before the kernel runs the call and an exit after. */
  start: number;
  /** Position of its exit. If a.end < b.start, a had finished in the kernel before b began. */
  end: number;
  /** Seconds since the epoch when it was entered (-ttt), for messages. */
  time: number;
}

const LINE = /^(\d+)\s+(\d+\.\d+)\s+(.*)$/;
const RESUMED = /^<\.\.\. (\w+) resumed>(.*)$/;
const UNFINISHED = /^(\w+)\((.*) <unfinished \.\.\.>$/;
const COMPLETE = /^(\w+)\((.*)\)\s+=\s+(.*)$/;
const RESUMED_TAIL = /^(.*)\)\s+=\s+(.*)$/;
const FD_PATH = /^\d+<([^>]*)>/;
const QUOTED = /"((?:[^"\\]|\\.)*)"/g;
const DIR_FD = /(?:AT_FDCWD|\d+)<([^>]*)>/g;

/**
 * Parses strace output written with -f (pid on every line) and -ttt. Calls
 * that another thread interrupted ("<unfinished ...>" then "<... resumed>")
 * become one call spanning both lines. Signals and exits are skipped.
 */
export function parseTrace(text: string): Syscall[] {
  const calls: Syscall[] = [];
  const open = new Map<string, Omit<Syscall, 'result' | 'end'>>();
  text.split('\n').forEach((raw, index) => {
    const line = LINE.exec(raw);
    if (!line) return;
    const pid = Number(line[1]);
    const time = Number(line[2]);
    const body = line[3]!;
    const resumed = RESUMED.exec(body);
    if (resumed) {
      const entry = open.get(`${pid} ${resumed[1]}`);
      open.delete(`${pid} ${resumed[1]}`);
      const tail = RESUMED_TAIL.exec(resumed[2]!);
      if (entry && tail) calls.push({ ...entry, args: entry.args + tail[1], result: tail[2]!, end: index });
      return;
    }
    const unfinished = UNFINISHED.exec(body);
    if (unfinished) {
      open.set(`${pid} ${unfinished[1]}`, { pid, name: unfinished[1]!, args: unfinished[2]!, start: index, time });
      return;
    }
    const complete = COMPLETE.exec(body);
    if (complete) {
      calls.push({ pid, name: complete[1]!, args: complete[2]!, result: complete[3]!, start: index, end: index, time });
    }
  });
  return calls.sort((a, b) => a.start - b.start);
}

/** The path of the fd a call takes as its first argument, as -y printed it. */
export function fdPath(call: Syscall): string | null {
  return FD_PATH.exec(call.args)?.[1] ?? null;
}

export function succeeded(call: Syscall): boolean {
  return !call.result.startsWith('-1');
}

export const SYNC_CALLS = new Set(['fsync', 'fdatasync']);
export const WRITE_CALLS = new Set(['write', 'writev', 'pwrite64', 'pwritev', 'pwritev2', 'sendto', 'sendmsg']);
const RENAME_CALLS = new Set(['rename', 'renameat', 'renameat2']);

/** A successful rename's source and target, made absolute against the directory fds of renameat(2). */
export function renamePaths(call: Syscall): { from: string; to: string } | null {
  if (!RENAME_CALLS.has(call.name) || !succeeded(call)) return null;
  const names = [...call.args.matchAll(QUOTED)].map((match) => unescape(match[1]!));
  const dirs = call.name === 'rename' ? [] : [...call.args.matchAll(DIR_FD)].map((match) => match[1]!);
  if (names.length < 2) return null;
  const absolute = (name: string, dir: string | undefined) => (isAbsolute(name) || !dir ? name : resolve(dir, name));
  return { from: absolute(names[0]!, dirs[0]), to: absolute(names[1]!, dirs[1]) };
}

/** The bytes a write-like call sent, as far as strace printed them (-s), with C escapes undone for \r \n \t \" \\. */
export function writtenText(call: Syscall): string {
  if (!WRITE_CALLS.has(call.name)) return '';
  return [...call.args.matchAll(QUOTED)].map((match) => unescape(match[1]!)).join('');
}

function unescape(text: string): string {
  return text.replace(/\\([rnt"\\])/g, (_, code: string) => ({ r: '\r', n: '\n', t: '\t', '"': '"', '\\': '\\' })[code]!);
}

const TRACED_CALLS = 'fsync,fdatasync,rename,renameat,renameat2,write,writev,pwrite64,pwritev,pwritev2,sendto,sendmsg,openat,close';

/**
 * An fsync on a real disk takes milliseconds; on the tmpfs or overlay of a
 * test machine, microseconds, so a sync that nothing waits for would still
 * end before the next step by chance. Each sync is held this long before it
 * runs, as a disk would hold it.
 */
const SYNC_DELAY_US = 20_000;

/**
 * Wraps a command in strace: every thread (-f: Node does its file work on
 * libuv's pool), fd paths (-yy), timestamps (-ttt), enough of each write to
 * read an SMTP reply (-s), disk-like syncs. Only the listed calls stop the
 * process (--seccomp-bpf), which keeps the engine's pace close to its own.
 */
export function tracedCommand(traceFile: string, command: string, args: string[]): { command: string; args: string[] } {
  requireStrace();
  return {
    command: 'strace',
    args: [
      ...['-f', '--seccomp-bpf', '-yy', '-ttt', '-s', '160', '-e', `trace=${TRACED_CALLS}`],
      ...['-e', `inject=fsync,fdatasync:delay_enter=${SYNC_DELAY_US}`, '-o', traceFile, '--', command, ...args],
    ],
  };
}

/** strace missing is a failure with the way to fix it, never a skipped test. */
function requireStrace(): void {
  const probe = spawnSync('strace', ['-V'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `strace is needed to check the order of fsyncs and replies and could not be run (${probe.error?.message ?? probe.stderr}); ` +
        'install it: apt-get install strace',
    );
  }
}
