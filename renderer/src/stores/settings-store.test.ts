import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../api/client.ts';
import { ApiFailure } from '../api/transport.ts';
import { SettingsTestTransport } from '../views/settings/settings-test-transport.ts';
import { setClient } from './client-ref.ts';
import { selectChangedKeys, selectDirty, useSettings } from './settings-store.ts';

let transport: SettingsTestTransport;
const state = () => useSettings.getState();

beforeEach(() => {
  useSettings.setState(useSettings.getInitialState(), true);
  transport = new SettingsTestTransport({ domains: ['example.com'], primary: 'mail.example.com' });
  setClient(createClient(transport));
});

describe('the settings store', () => {
  it('loads the settings into a draft with nothing changed', async () => {
    await state().load();
    expect(state().saved?.domains).toEqual(['example.com']);
    expect(state().draft?.primaryHost).toBe('mail.example.com');
    expect(selectDirty(state())).toBe(false);
  });

  it('says what an edit changes, checks it at once, and discards it', async () => {
    await state().load();
    state().edit('domains', 'example.com\nexample.org');
    state().edit('retry', '2m, later');
    expect(selectChangedKeys(state())).toEqual(['domains', 'retry']);
    expect(state().errors).toEqual({ retry: '"later" is not a duration; write it like 500ms, 2s, 5m, 4h or 30d.' });
    state().discard();
    expect(selectDirty(state())).toBe(false);
    expect(state().errors).toEqual({});
  });

  it('sends nothing while a field is wrong', async () => {
    await state().load();
    state().edit('smtpListen', 'everywhere');
    expect(await state().save()).toBe(false);
    expect(transport.updates).toEqual([]);
    expect(state().saveError).toMatch(/some settings need fixing first/);
    expect(selectDirty(state())).toBe(true);
  });

  it('saves, and keeps what was applied and what waits for a restart', async () => {
    await state().load();
    state().edit('retry', '2m, 10m');
    state().edit('maxSizeMb', '10');
    expect(await state().save()).toBe(true);
    expect(transport.settings).toMatchObject({ retry: ['2m', '10m'], maxSize: 10_485_760 });
    expect(state().result).toMatchObject({ applied: ['retry'], restartNeeded: ['maxSize'] });
    expect(selectDirty(state())).toBe(false);
    state().edit('lifetime', '10d');
    expect(state().result).toBeNull();
  });

  it('shows a refusal from the API beside the field it names', async () => {
    await state().load();
    state().edit('retry', '2m, 10m');
    transport.fail = new ApiFailure(400, 'invalid_input', 'retry.1: "10m" is too long; the most is 5m', 'retry.1');
    expect(await state().save()).toBe(false);
    expect(state().errors).toEqual({ retry: '"10m" is too long; the most is 5m.' });
    expect(state().saveError).toBe('Not saved: "10m" is too long; the most is 5m.');
    expect(selectDirty(state())).toBe(true);
  });

  it('keeps unsaved edits when the settings are loaded again, and says when loading fails', async () => {
    await state().load();
    state().edit('lifetime', '10d');
    await state().load();
    expect(state().draft?.lifetime).toBe('10d');
    transport.fail = new ApiFailure(0, 'unreachable', 'MX Standby does not answer: is it still running?', null);
    await state().load();
    expect(state().loadError).toBe('MX Standby does not answer: is it still running?');
    expect(state().draft?.lifetime).toBe('10d');
  });

  it('loads settings changed elsewhere when told by an event, keeping unsaved edits', async () => {
    await state().load();
    state().edit('lifetime', '10d');
    transport.settings = { ...transport.settings, retry: ['7m'] };
    state().applyEvent({ id: 1, at: Date.now(), type: 'settings.changed', qid: null, data: { keys: ['retry'] } });
    await vi.waitFor(() => expect(state().saved?.retry).toEqual(['7m']));
    // The other change shows; the owner's own edit is still there, and still the only one unsaved.
    expect(state().draft).toMatchObject({ lifetime: '10d', retry: '7m' });
    expect(selectChangedKeys(state())).toEqual(['lifetime']);
  });
});
