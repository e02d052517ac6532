import { useEffect } from 'react';

export const LEAVE_QUESTION = 'You have unsaved changes in Settings. Leave and discard them?';

/**
 * While `dirty`, warns before the owner leaves: the browser's own question
 * when the tab is closed or reloaded, and a confirm for links inside the app
 * (answering yes calls `onLeave`, which throws the changes away).
 */
export function useLeaveGuard(dirty: boolean, onLeave: () => void): void {
  useEffect(() => {
    if (!dirty) return;
    const beforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers show the question only when returnValue is set.
      event.returnValue = '';
    };
    const click = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      const link = (event.target as Element | null)?.closest?.('a[href]');
      const href = link?.getAttribute('href') ?? '';
      if (!href.startsWith('#') || href.startsWith('#/settings')) return;
      if (window.confirm(LEAVE_QUESTION)) onLeave();
      else event.preventDefault();
    };
    window.addEventListener('beforeunload', beforeUnload);
    // Capture phase: runs before the router's own click handler, which honours preventDefault.
    document.addEventListener('click', click, true);
    return () => {
      window.removeEventListener('beforeunload', beforeUnload);
      document.removeEventListener('click', click, true);
    };
  }, [dirty, onLeave]);
}
