/**
 * Runs `task` at most once at a time: a request while it runs asks for one
 * more run after it, however many requests came meanwhile. For refreshing
 * from engine events, which can come by the hundred during a handover.
 */
export function coalesce(task: () => Promise<void>, onError: (error: unknown) => void = () => undefined) {
  let running: Promise<void> | null = null;
  let again = false;
  const request = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = task()
      .catch(onError)
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          request();
        }
      });
  };
  /** Resolves once no run is going on or asked for. */
  const settled = async (): Promise<void> => {
    while (running) await running;
  };
  return { request, settled };
}
