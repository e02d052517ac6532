import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../api/client.ts';
import { SettingsTestTransport } from '../views/settings/settings-test-transport.ts';
import { DraftProvider } from '../views/settings/fields.tsx';
import { StepServer } from '../views/setup/StepServer.tsx';
import { STORAGE_KEY } from '../views/setup/wizard-draft.ts';
import { setClient } from './client-ref.ts';
import { useSetupWizard } from './setup-wizard-store.ts';

let transport: SettingsTestTransport;

const reset = () => useSetupWizard.setState(useSetupWizard.getInitialState(), true);

beforeEach(() => {
  localStorage.clear();
  reset();
  transport = new SettingsTestTransport({ domains: [], primary: null, maxSize: 10_000_000 });
  setClient(createClient(transport));
});
afterEach(cleanup);

describe('the setup wizard store', () => {
  it('starts from the saved settings, following DNS when no primary is set', async () => {
    await useSetupWizard.getState().load();
    const state = useSetupWizard.getState();
    expect(state.step).toBe(0);
    expect(state.draft?.domains).toBe('');
    expect(state.draft?.primaryMode).toBe('mx');
    expect(state.resumed).toBe(false);
  });

  it('keeps the draft so the wizard can be left and resumed, and writes no settings meanwhile', async () => {
    const wizard = useSetupWizard.getState();
    await wizard.load();
    wizard.edit('domains', 'example.com');
    wizard.goTo(4);
    expect(useSetupWizard.getState().draft?.hostname).toBe('backup-mx.example.com');
    useSetupWizard.getState().setPublicAddress('203.0.113.7');
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY)!)).toMatchObject({ step: 4, draft: { publicAddress: '203.0.113.7' } });

    // Leaving and coming back: a fresh store picks the draft up again.
    reset();
    await useSetupWizard.getState().load();
    const resumed = useSetupWizard.getState();
    expect(resumed.resumed).toBe(true);
    expect(resumed.step).toBe(4);
    expect(resumed.draft?.domains).toBe('example.com');
    expect(resumed.publicAddress).toBe('203.0.113.7');
    expect(transport.updates).toEqual([]);
  });

  it('carries over settings changed elsewhere while the draft waited, except the fields the owner answered', async () => {
    await useSetupWizard.getState().load();
    useSetupWizard.getState().edit('domains', 'example.com');
    transport.settings = { ...transport.settings, lifetime: '10d', domains: ['other.example'] };
    reset();
    await useSetupWizard.getState().load();
    expect(useSetupWizard.getState().draft).toMatchObject({ domains: 'example.com', lifetime: '10d' });
  });

  it('merges the answers into the saved settings only on confirm, then forgets the draft', async () => {
    const wizard = useSetupWizard.getState();
    await wizard.load();
    wizard.edit('domains', 'example.com\nexample.org');
    wizard.edit('primaryMode', 'host');
    wizard.edit('primaryHost', 'mail.example.com');
    wizard.edit('primaryPort', '2525');
    wizard.edit('recipientPolicy', 'verify');
    wizard.edit('hostname', 'backup-mx.example.com');
    wizard.setPublicAddress('203.0.113.7');
    expect(transport.updates).toEqual([]);

    expect(await useSetupWizard.getState().confirmSetup()).toBe(true);
    expect(transport.updates).toHaveLength(1);
    expect(transport.settings).toMatchObject({
      domains: ['example.com', 'example.org'],
      primary: 'mail.example.com:2525',
      recipientPolicy: 'verify',
      hostname: 'backup-mx.example.com',
      publicAddress: '203.0.113.7',
      // Settings the wizard does not ask about are kept as they were.
      maxSize: 10_000_000,
    });
    expect(useSetupWizard.getState().confirm.value?.restartNeeded).toContain('hostname');
    expect(localStorage.getItem(STORAGE_KEY)).toBeNull();
  });

  it('changes only what it asks about, keeping settings changed elsewhere while it was open', async () => {
    const wizard = useSetupWizard.getState();
    await wizard.load();
    wizard.edit('domains', 'example.com');
    wizard.edit('hostname', 'backup-mx.example.com');
    transport.settings = { ...transport.settings, maxSize: 20_000_000, retry: ['2m'] };

    expect(await useSetupWizard.getState().confirmSetup()).toBe(true);
    expect(transport.settings).toMatchObject({ domains: ['example.com'], hostname: 'backup-mx.example.com', maxSize: 20_000_000, retry: ['2m'] });
  });

  it('refuses to confirm a wrong answer, checked with the settings schema, and saves nothing', async () => {
    const wizard = useSetupWizard.getState();
    await wizard.load();
    wizard.edit('domains', 'example.com');
    wizard.setPublicAddress('not an address');
    expect(useSetupWizard.getState().errors.publicAddress).toMatch(/must be an IP address/);
    expect(await useSetupWizard.getState().confirmSetup()).toBe(false);
    expect(transport.updates).toEqual([]);
  });
});

describe('the "This server" step', () => {
  it('shows labelled fields bound to the wizard draft, with errors tied to the inputs', async () => {
    await useSetupWizard.getState().load();
    act(() => useSetupWizard.getState().edit('domains', 'example.com'));
    render(
      <DraftProvider value={useSetupWizard}>
        <StepServer />
      </DraftProvider>,
    );
    fireEvent.change(screen.getByLabelText("This server's name"), { target: { value: 'backup mx' } });
    expect(useSetupWizard.getState().draft?.hostname).toBe('backup mx');
    const name = screen.getByLabelText("This server's name");
    expect(name.getAttribute('aria-invalid')).toBe('true');

    const address = screen.getByLabelText('Public address');
    fireEvent.change(address, { target: { value: '203.0.113.300' } });
    expect(address.getAttribute('aria-invalid')).toBe('true');
    const errorId = address.getAttribute('aria-describedby')!.split(' ').find((id) => id.endsWith('-error'))!;
    expect(document.getElementById(errorId)?.textContent).toMatch(/"203\.0\.113\.300" must be an IP address/);
    fireEvent.change(address, { target: { value: '203.0.113.30' } });
    expect(address.getAttribute('aria-invalid')).toBeNull();
    // The settings store was never touched: the fields edit the wizard's own draft.
    expect(transport.updates).toEqual([]);
  });
});
