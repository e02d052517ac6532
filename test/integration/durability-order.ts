import { join } from 'node:path';
import { fdPath, renamePaths, succeeded, SYNC_CALLS, WRITE_CALLS, writtenText, type Syscall } from './syscall-trace.ts';

const QUEUED = /^250 2\.0\.0 Ok: queued as (\S+)/;

export interface Acceptance {
  /** From the 250 reply. */
  queueId: string;
  /** What was out of order or missing before that 250 was written; empty when the promise held. */
  problems: string[];
}

/**
 * Checks, for every "250 ... queued as" written to a client in a trace, that
 * what it promises was on disk before the write began (DESIGN.md promise 1):
 * the body renamed into spool/messages/ and fsynced after its last write, the
 * directory fsynced after the rename, and only then the queue database's
 * commit written to its WAL and fsynced. The messages must have been sent one
 * at a time: each 250 is matched with the one body renamed since its 354.
 */
export function checkAcceptances(calls: Syscall[], dataDir: string): Acceptance[] {
  const paths = { messages: join(dataDir, 'spool', 'messages'), wal: join(dataDir, 'queue.sqlite-wal') };
  return calls
    .filter((call) => WRITE_CALLS.has(call.name) && QUEUED.test(writtenText(call)))
    .map((reply) => ({ queueId: QUEUED.exec(writtenText(reply))![1]!, problems: problemsBefore(reply, calls, paths) }));
}

function problemsBefore(reply: Syscall, calls: Syscall[], paths: { messages: string; wal: string }): string[] {
  const connection = fdPath(reply);
  const go = calls.findLast((call) => call.end < reply.start && fdPath(call) === connection && writtenText(call).startsWith('354'));
  if (!go) return [`no 354 on ${connection} before the 250`];
  const window = calls.filter((call) => call.start > go.end && call.end < reply.start && succeeded(call));
  const renames = window.flatMap((call) => {
    const rename = renamePaths(call);
    return rename?.to.startsWith(`${paths.messages}/`) ? [{ call, ...rename }] : [];
  });
  if (renames.length !== 1) return [`${renames.length} bodies renamed into ${paths.messages}/ between the 354 and the 250 (expected one)`];
  const body = renames[0]!;
  const isBody = (call: Syscall) => fdPath(call) === body.from || fdPath(call) === body.to;
  const lastBodyWrite = window.findLast((call) => WRITE_CALLS.has(call.name) && isBody(call));
  const bodySync = window.find((call) => SYNC_CALLS.has(call.name) && isBody(call) && call.start > (lastBodyWrite?.end ?? -1));
  const dirSync = window.find((call) => SYNC_CALLS.has(call.name) && fdPath(call) === paths.messages && call.start > body.call.end);
  const isWal = (call: Syscall) => fdPath(call) === paths.wal;
  // The commit is the last run of WAL writes before the 250 (a checkpoint may fsync the WAL again, writing nothing to it).
  const lastWalWrite = window.findLast((call) => WRITE_CALLS.has(call.name) && isWal(call));
  const walSync = lastWalWrite && window.find((call) => SYNC_CALLS.has(call.name) && isWal(call) && call.start > lastWalWrite.end);
  const problems: string[] = [];
  if (!bodySync) problems.push(`the body ${body.to} was not fsynced after its last write`);
  if (!dirSync) problems.push(`${paths.messages} was not fsynced after the body was renamed into it`);
  if (!lastWalWrite) problems.push(`nothing was written to ${paths.wal}`);
  else if (!walSync) problems.push(`${paths.wal} was not fsynced after the commit was written to it`);
  if (!bodySync || !dirSync || !lastWalWrite || !walSync) return problems;

  const previousWalSync = window.findLast((call) => SYNC_CALLS.has(call.name) && isWal(call) && call.end < lastWalWrite.start);
  const commitStart = window.find((call) => WRITE_CALLS.has(call.name) && isWal(call) && call.start > (previousWalSync?.end ?? -1))!;
  for (const [what, sync] of [['the body', bodySync], ['the directory', dirSync]] as const) {
    if (sync.end > commitStart.start) problems.push(`the commit began (${describe(commitStart)}) before the fsync of ${what} ended (${describe(sync)})`);
  }
  return problems;
}

function describe(call: Syscall): string {
  return `${call.time.toFixed(6)} ${call.name}(${fdPath(call) ?? call.args.slice(0, 80)})`;
}
