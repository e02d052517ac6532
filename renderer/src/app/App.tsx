import { useEffect } from 'react';
import { Link, Route, Router, Switch, useLocation } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { connectEvents } from '../stores/event-hub.ts';
import { useActivity } from '../stores/activity-store.ts';
import { useMessages } from '../stores/messages-store.ts';
import { useSession } from '../stores/session-store.ts';
import { useSettings } from '../stores/settings-store.ts';
import { useSetupWizard } from '../stores/setup-wizard-store.ts';
import { useStatus } from '../stores/status-store.ts';
import { useTraffic } from '../stores/traffic-store.ts';
import { useViewer } from '../stores/viewer-store.ts';
import { Dashboard } from '../views/Dashboard.tsx';
import { HeldMail } from '../views/HeldMail.tsx';
import { MessageViewer } from '../views/MessageViewer.tsx';
import { Settings } from '../views/Settings.tsx';
import { SetupWizard } from '../views/setup/SetupWizard.tsx';
import { SignIn } from '../views/SignIn.tsx';
import { FirstStart } from './FirstStart.tsx';

const SECTIONS = [
  { path: '/', label: 'Dashboard' },
  { path: '/mail', label: 'Held mail' },
  { path: '/settings', label: 'Settings' },
];

function Nav() {
  const [location] = useLocation();
  const current = (path: string) => (path === '/' ? location === '/' : location.startsWith(path));
  return (
    <nav aria-label="Sections">
      {SECTIONS.map((section) => (
        <Link key={section.path} href={section.path} aria-current={current(section.path) ? 'page' : undefined}>
          {section.label}
        </Link>
      ))}
    </nav>
  );
}

/** Signed in: the sections, fed by one event subscription for the whole app. */
function Signed({ needsSignIn }: { needsSignIn: boolean }) {
  const signOut = useSession((state) => state.signOut);
  useEffect(() => {
    void useStatus.getState().load();
    void useActivity.getState().load();
    void useTraffic.getState().load();
    return connectEvents([
      useStatus.getState,
      useActivity.getState,
      useTraffic.getState,
      useMessages.getState,
      useViewer.getState,
      useSettings.getState,
      // The wizard folds setup events into its checks table; after a reset it fetches the last run again.
      () => ({ applyEvent: useSetupWizard.getState().applyEvent, load: useSetupWizard.getState().lastChecks }),
    ]);
  }, []);
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">MX Standby</span>
        <Nav />
        <span className="spacer" />
        {needsSignIn && <button onClick={signOut}>Sign out</button>}
      </header>
      <FirstStart />
      <main className="page">
        <Switch>
          <Route path="/" component={Dashboard} />
          <Route path="/mail" component={HeldMail} />
          <Route path="/mail/:id/*?">{(params) => <MessageViewer id={params.id} />}</Route>
          <Route path="/settings" component={Settings} />
          <Route path="/setup" component={SetupWizard} />
          <Route>
            <p className="empty">There is nothing here. <Link href="/">Back to the dashboard</Link></p>
          </Route>
        </Switch>
      </main>
    </div>
  );
}

/** `needsSignIn` is false inside the desktop app, whose IPC needs no token. */
export function App({ needsSignIn }: { needsSignIn: boolean }) {
  const signedIn = useSession((state) => state.signedIn);
  return (
    <Router hook={useHashLocation}>
      {needsSignIn && !signedIn ? <SignIn /> : <Signed needsSignIn={needsSignIn} />}
    </Router>
  );
}
