import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../api/client.ts';
import { setClient } from '../stores/client-ref.ts';
import { useSettings } from '../stores/settings-store.ts';
import { Settings } from './Settings.tsx';
import { SettingsTestTransport } from './settings/settings-test-transport.ts';
import { LEAVE_QUESTION } from './settings/useLeaveGuard.ts';

let transport: SettingsTestTransport;

beforeEach(() => {
  useSettings.setState(useSettings.getInitialState(), true);
  transport = new SettingsTestTransport({ domains: ['example.com'], primary: 'mail.example.com:2525', recipientPolicy: 'any' });
  setClient(createClient(transport));
});
afterEach(cleanup);

async function renderSettings() {
  render(<Settings />);
  return screen.findByRole('form', { name: 'Settings' });
}

const type = (label: string | RegExp, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

/** The error tied to an input by aria-describedby. */
function errorOf(label: string | RegExp): string | null {
  const input = screen.getByLabelText(label);
  const ids = (input.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id.endsWith('-error'));
  return ids.length ? document.getElementById(ids[0]!)!.textContent : null;
}

describe('the settings view', () => {
  it('shows the settings in use, with the backscatter warning for "any address"', async () => {
    await renderSettings();
    expect(screen.getByLabelText('Your domains')).toHaveProperty('value', 'example.com');
    expect(screen.getByRole('radio', { name: 'This host and port' })).toHaveProperty('checked', true);
    expect(screen.getByLabelText('Host')).toHaveProperty('value', 'mail.example.com');
    expect(screen.getByLabelText('Port')).toHaveProperty('value', '2525');
    expect(screen.getByRole('note').textContent).toMatch(/backscatter/);
    expect(screen.queryByRole('region', { name: 'Unsaved changes' })).toBeNull();

    fireEvent.click(screen.getByRole('radio', { name: 'Only the addresses listed' }));
    expect(screen.queryByRole('note')).toBeNull();
    expect(screen.getByLabelText('Accepted addresses')).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: 'Find it in DNS' }));
    expect(screen.queryByLabelText('Host')).toBeNull();
  });

  it('shows an error beside the field as it is typed, and takes it away once fixed', async () => {
    await renderSettings();
    type('Your domains', 'example.com\nnot a domain');
    expect(errorOf('Your domains')).toBe('"not a domain" (item 2) must be a domain name such as example.com.');
    expect(screen.getByLabelText('Your domains').getAttribute('aria-invalid')).toBe('true');
    type('Port', '70000');
    expect(errorOf('Port')).toBe('"mail.example.com:70000" must have a port of 65535 or less.');
    type('Size limit (MB)', 'big');
    expect(errorOf('Size limit (MB)')).toBe('Write a number of megabytes, like 50.');
    expect(within(screen.getByRole('region', { name: 'Unsaved changes' })).getByText(/3 fields need fixing/)).toBeTruthy();

    type('Your domains', 'example.com\nexample.net');
    expect(errorOf('Your domains')).toBeNull();
    expect(screen.getByLabelText('Your domains').getAttribute('aria-invalid')).toBeNull();
  });

  it('does not send while a field is wrong', async () => {
    await renderSettings();
    type('Retry schedule', '1m, sometime');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save' })));
    expect(transport.updates).toEqual([]);
    expect(screen.getByRole('alert').textContent).toMatch(/need fixing first/);
    expect(errorOf('Retry schedule')).toMatch(/"sometime" is not a duration/);
    expect(document.activeElement).toBe(screen.getByLabelText('Retry schedule'));

    // Enter in a field submits the form: the same check, the same focus.
    screen.getByLabelText('Lifetime').focus();
    await act(async () => fireEvent.submit(screen.getByRole('form', { name: 'Settings' })));
    expect(transport.updates).toEqual([]);
    expect(document.activeElement).toBe(screen.getByLabelText('Retry schedule'));
  });

  it('shows unsaved changes, saves them and says what was applied and what needs a restart', async () => {
    await renderSettings();
    type('Retry schedule', '2m, 10m');
    type('Mail (SMTP)', '0.0.0.0:2525');
    const bar = screen.getByRole('region', { name: 'Unsaved changes' });
    expect(bar.textContent).toMatch(/You have unsaved changes to Retry schedule, Mail listening address/);

    await act(async () => fireEvent.click(within(bar).getByRole('button', { name: 'Save' })));
    const outcome = await screen.findByRole('status');
    expect(outcome.textContent).toMatch(/In effect now: Retry schedule\./);
    expect(outcome.textContent).toMatch(/Takes effect when MX Standby restarts: Mail listening address\./);
    expect(transport.settings).toMatchObject({ retry: ['2m', '10m'], smtpListen: '0.0.0.0:2525' });
    expect(screen.queryByRole('region', { name: 'Unsaved changes' })).toBeNull();
    fireEvent.click(within(outcome).getByRole('button', { name: 'OK' }));
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('discards changes', async () => {
    await renderSettings();
    type('Lifetime', '5d');
    fireEvent.click(screen.getByRole('button', { name: 'Discard' }));
    expect(screen.getByLabelText('Lifetime')).toHaveProperty('value', '30d');
    expect(screen.queryByRole('region', { name: 'Unsaved changes' })).toBeNull();
  });

  it('asks before following a link away with unsaved changes', async () => {
    await renderSettings();
    const link = document.body.appendChild(Object.assign(document.createElement('a'), { href: '#/mail', textContent: 'Held mail' }));
    type('Lifetime', '5d');
    const asked: string[] = [];
    const answers = [false, true];
    window.confirm = (question?: string) => {
      asked.push(question ?? '');
      return answers.shift()!;
    };
    const stayed = !fireEvent.click(link);
    expect(stayed).toBe(true);
    expect(useSettings.getState().draft?.lifetime).toBe('5d');
    fireEvent.click(link);
    expect(asked).toEqual([LEAVE_QUESTION, LEAVE_QUESTION]);
    expect(useSettings.getState().draft?.lifetime).toBe('30d');
    link.remove();
  });
});
