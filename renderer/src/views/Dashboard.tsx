import { startOfDay } from 'date-fns';
import { useEffect, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useActivity } from '../stores/activity-store.ts';
import { useStatus } from '../stores/status-store.ts';
import { isStale, useTraffic } from '../stores/traffic-store.ts';
import { ActivityLog } from './dashboard/ActivityLog.tsx';
import { CountTiles } from './dashboard/CountTiles.tsx';
import { RecoveryNotice } from './dashboard/RecoveryNotice.tsx';
import { SetupNotice } from './dashboard/SetupNotice.tsx';
import { StatusCard } from './dashboard/StatusCard.tsx';
import { mailCounts, primarySummary, receivingSummary, setupProblems } from './dashboard/status-summary.ts';
import { TrafficChart } from './dashboard/TrafficChart.tsx';
import { useNow } from '../components/use-now.ts';
import './dashboard/dashboard.css';

/**
 * The owner's daily look: is mail coming in, is the primary up, how much is
 * held, the last 24 hours and what happened. The stores are kept live by the
 * app's one event subscription; this only shows them.
 */
export function Dashboard() {
  const { status, statusError } = useStatus(useShallow((state) => ({ status: state.status, statusError: state.error })));
  const { buckets, trafficError } = useTraffic(useShallow((state) => ({ buckets: state.buckets, trafficError: state.error })));
  const { events, activityError } = useActivity(useShallow((state) => ({ events: state.items, activityError: state.error })));
  const now = useNow();

  // The chart's window moves on at the top of each hour, events or not.
  useEffect(() => {
    if (isStale(buckets, now)) void useTraffic.getState().load();
  }, [buckets, now]);

  const counts = useMemo(() => (status ? mailCounts(status, buckets, startOfDay(now).getTime()) : null), [status, buckets, now]);

  if (status === null) {
    return statusError !== null ? (
      <p className="error-banner" role="alert">
        Cannot reach MX Standby: {statusError}
      </p>
    ) : (
      <p className="empty" role="status">
        Loading the dashboard…
      </p>
    );
  }

  return (
    <div className="dashboard">
      <header className="dashboard-head">
        <h1>Dashboard</h1>
        <span className="muted">
          MX Standby {status.version} on {status.hostname}
        </span>
      </header>
      {statusError !== null && (
        <p className="error-banner wide" role="alert">
          Cannot update the dashboard: {statusError} What is shown is what MX Standby said last.
        </p>
      )}
      <SetupNotice problems={setupProblems(status)} />
      <RecoveryNotice recovery={status.recovery} now={now} />
      <StatusCard id="receiving" title="Receiving mail" summary={receivingSummary(status, now)} />
      <StatusCard id="primary" title="Primary mail server" summary={primarySummary(status, now)} />
      {counts && <CountTiles counts={counts} />}
      <TrafficChart buckets={buckets} error={trafficError} />
      <ActivityLog events={events} error={activityError} now={now} />
    </div>
  );
}
