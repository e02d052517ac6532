import { useEffect, type FormEvent } from 'react';
import { Link } from 'wouter';
import { selectDirty, useSettings } from '../stores/settings-store.ts';
import { focusFirstProblem, SaveFooter } from './settings/SaveBar.tsx';
import { DeliverySection, DomainsSection, ListeningSection, PrimarySection, RecipientsSection, TlsSection } from './settings/sections.tsx';
import { useLeaveGuard } from './settings/useLeaveGuard.ts';
import './settings/settings.css';

/**
 * The settings, each field checked with the API's own schema as it is typed,
 * the error beside it. Nothing is sent until Save; what Save did (in effect
 * now, or after a restart) is shown after.
 */
export function Settings() {
  const loaded = useSettings((state) => state.draft !== null);
  const loadError = useSettings((state) => state.loadError);
  const otherError = useSettings((state) => state.errors.other);
  const dirty = useSettings(selectDirty);
  const { load, save, discard } = useSettings.getState();

  useEffect(() => {
    void load();
  }, [load]);
  useLeaveGuard(dirty, discard);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save().then((saved) => {
      if (!saved) focusFirstProblem();
    });
  };

  if (!loaded) {
    return loadError ? (
      <div className="error-banner" role="alert">
        The settings could not be loaded: {loadError} <button onClick={() => void load()}>Try again</button>
      </div>
    ) : (
      <p className="empty">Loading the settings…</p>
    );
  }
  return (
    <div className="settings-page">
      <div className="settings-head">
        <h1>Settings</h1>
        <Link href="/setup" className="button-link">
          Run the setup wizard
        </Link>
      </div>
      {otherError && (
        <div className="error-banner" role="alert">
          {otherError}
        </div>
      )}
      <form className="settings-form" aria-label="Settings" onSubmit={submit} noValidate>
        <DomainsSection />
        <PrimarySection />
        <RecipientsSection />
        <DeliverySection />
        <ListeningSection />
        <TlsSection />
        {/* Enter in a field saves, as in any form; the visible buttons are in the bar below. */}
        <button type="submit" hidden tabIndex={-1} aria-hidden="true" />
      </form>
      <SaveFooter />
    </div>
  );
}
