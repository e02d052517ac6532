/**
 * Last-resort cleanup when the process exits before a target's own stop()
 * ran (an uncaught error, process.exit on Ctrl-C): servers we started and
 * their temp folders must not outlive us. Only synchronous work can run in
 * an 'exit' handler, so each entry is a synchronous function.
 */
const pending = new Set<() => void>();
let installed = false;

function runAll(): void {
  for (const cleanup of pending) {
    try {
      cleanup();
    } catch {
      // Exiting anyway; one failed cleanup must not skip the others.
    }
  }
  pending.clear();
}

/** Registers `cleanup` to run at exit; call the returned function once the normal stop has done the job. */
export function onExit(cleanup: () => void): () => void {
  if (!installed) {
    process.once('exit', runAll);
    installed = true;
  }
  pending.add(cleanup);
  return () => pending.delete(cleanup);
}
