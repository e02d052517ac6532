import { useEffect } from 'react';
import { useLocation } from 'wouter';
import { useStatus } from '../stores/status-store.ts';

const OFFERED_KEY = 'mx-standby-setup-offered';

/** On first start (setup needed), the dashboard leads to the setup wizard once per session. */
export function FirstStart() {
  const needed = useStatus((state) => state.status?.setupNeeded === true);
  const [location, navigate] = useLocation();
  useEffect(() => {
    if (!needed || location !== '/') return;
    try {
      if (sessionStorage.getItem(OFFERED_KEY)) return;
      sessionStorage.setItem(OFFERED_KEY, '1');
    } catch {
      return;
    }
    navigate('/setup');
  }, [needed, location, navigate]);
  return null;
}
