import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultDataDir } from '../../core/config/data-dir.ts';
import { ConfigError } from '../../core/config/errors.ts';
import { formatZodIssues, loadSettingsFile, validateSettings } from '../../core/config/load.ts';
import { saveSettings } from '../../core/config/save.ts';
import { settingsSchema } from '../../core/config/schema.ts';

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mx-config-'));
  file = join(dir, 'config.json');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function loadError(text: string): Promise<string> {
  await writeFile(file, text);
  const error = await loadSettingsFile(file, { mustExist: true }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).message;
}

describe('defaultDataDir', () => {
  it('uses XDG_CONFIG_HOME on Linux, else ~/.config', () => {
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/xdg' }, '/home/ann')).toBe('/xdg/mx-standby');
    expect(defaultDataDir('linux', {}, '/home/ann')).toBe('/home/ann/.config/mx-standby');
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '' }, '/home/ann')).toBe('/home/ann/.config/mx-standby');
  });

  it('uses Application Support on macOS', () => {
    expect(defaultDataDir('darwin', { XDG_CONFIG_HOME: '/xdg' }, '/Users/ann')).toBe('/Users/ann/Library/Application Support/MX Standby');
  });

  it('uses APPDATA on Windows, else the roaming folder under home', () => {
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'C:\\Users\\ann')).toBe(
      'C:\\Users\\ann\\AppData\\Roaming\\MX Standby',
    );
    expect(defaultDataDir('win32', {}, 'C:\\Users\\ann')).toBe('C:\\Users\\ann\\AppData\\Roaming\\MX Standby');
  });
});

describe('loadSettingsFile', () => {
  it('gives all defaults when an optional file is missing', async () => {
    const settings = await loadSettingsFile(file, { mustExist: false });
    expect(settings).toEqual(settingsSchema.parse({}));
    expect(settings.retry).toEqual(['1m', '5m', '15m', '30m', '1h', '2h', '4h']);
    expect(settings.smtpListen).toBe('0.0.0.0:25');
  });

  it('refuses a missing file that must exist', async () => {
    await expect(loadSettingsFile(file, { mustExist: true })).rejects.toThrow(`${file}: the file does not exist`);
  });

  it('reads values and normalises them', async () => {
    await writeFile(file, '\uFEFF{ "domains": [" Example.COM "], "primary": "mx", "lifetime": "7d" }');
    const settings = await loadSettingsFile(file, { mustExist: true });
    expect(settings.domains).toEqual(['example.com']);
    expect(settings.primary).toBe('mx');
    expect(settings.lifetime).toBe('7d');
    expect(settings.maxSize).toBe(52_428_800);
  });

  it('names the key and the problem for a bad value', async () => {
    const message = await loadError(JSON.stringify({ retry: ['1m', '5m', '5x'] }));
    expect(message).toBe(`${file}: "retry[2]": "5x" is not a duration; write it like 500ms, 2s, 5m, 4h or 30d`);
  });

  it('lists every problem, one per line', async () => {
    const message = await loadError(JSON.stringify({ maxSize: '50MB', recipientPolicy: 'all', tls: { cert: 'c.pem' } }));
    expect(message.split('\n')).toEqual([
      `${file}: "recipientPolicy": "all" must be one of any, list or verify`,
      `${file}: "maxSize": "50MB" must be a number`,
      `${file}: "tls.key" is missing`,
    ]);
  });

  it('rejects a lifetime over 90 days and says the limit', async () => {
    const message = await loadError('{"lifetime": "91d"}');
    expect(message).toBe(`${file}: "lifetime": "91d" is too long; the most is 90d`);
  });

  it('gives one clear message for a listen address without a port', async () => {
    const message = await loadError('{"smtpListen": "0.0.0.0"}');
    expect(message).toBe(`${file}: "smtpListen": "0.0.0.0" must look like HOST:PORT, for example 0.0.0.0:25`);
  });

  it('rejects ports above 65535, for the primary too', async () => {
    const message = await loadError('{"primary": "mail.example.com:70000"}');
    expect(message).toBe(`${file}: "primary": "mail.example.com:70000" must have a port of 65535 or less`);
  });

  it('names unknown keys and suggests the likely one', async () => {
    expect(await loadError('{"domian": ["example.com"]}')).toBe(`${file}: unknown key "domian" (did you mean "domains"?)`);
    expect(await loadError('{"tls": {"cert": "c", "key": "k", "chain": "x"}}')).toBe(`${file}: "tls": unknown key "chain"`);
  });

  it('rejects a file that is not an object', async () => {
    expect(await loadError('["example.com"]')).toBe(`${file}: must be an object in { }, not a list`);
  });

  it('gives line and column when V8 reports a position', async () => {
    const message = await loadError('{\n  "domains": ["example.com"],\n}\n');
    expect(message).toBe(`${file}: not valid JSON at line 3, column 1: Expected double-quoted property name`);
  });

  it('finds line and column itself when V8 does not', async () => {
    expect(await loadError('{\n  "domains": ["a.com",]\n}')).toBe(`${file}: not valid JSON at line 2, column 23: unexpected "]"`);
    expect(await loadError('{\n  "primary": mx\n}')).toBe(`${file}: not valid JSON at line 2, column 14: unexpected "m"`);
    expect(await loadError('{"domains": [')).toBe(`${file}: not valid JSON at line 1, column 14: the file ends too early`);
  });

  it('refuses an empty file rather than silently using defaults', async () => {
    expect(await loadError('  \n')).toBe(`${file}: the file is empty; write {} in it to use the defaults`);
  });

  it('names a folder given as the file', async () => {
    await expect(loadSettingsFile(dir, { mustExist: true })).rejects.toThrow(`${dir}: is a folder, not a file`);
  });
});

describe('validateSettings and formatZodIssues', () => {
  it('lets a function name the source of each value', () => {
    const result = settingsSchema.safeParse({ retry: ['5x'], hostname: 'a_b' }, { reportInput: true });
    expect(result.success).toBe(false);
    const message = formatZodIssues(result.error!, (path) => `--${String(path[0])}`);
    expect(message).toBe(
      '--hostname: "a_b" must be a host name\n--retry: "5x" is not a duration; write it like 500ms, 2s, 5m, 4h or 30d',
    );
  });

  it('returns settings with defaults filled in', () => {
    const settings = validateSettings({ domains: ['example.com'] }, 'test');
    expect(settings.domains).toEqual(['example.com']);
    expect(settings.healthInterval).toBe('30s');
  });
});

describe('saveSettings', () => {
  it('round-trips, is owner-only, and leaves no temp files', async () => {
    const settings = validateSettings({ domains: ['example.com'], primary: 'mail.example.com:2525', retry: ['1m', '1h'] }, 'test');
    await saveSettings(file, settings);
    await saveSettings(file, { ...settings, lifetime: '10d' });
    expect(await loadSettingsFile(file, { mustExist: true })).toEqual({ ...settings, lifetime: '10d' });
    expect(await readdir(dir)).toEqual(['config.json']);
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('writes 2-space JSON ending in a newline, leaving out defaults', async () => {
    await saveSettings(file, validateSettings({ domains: ['example.com'], smtpListen: '0.0.0.0:25' }, 'test'));
    expect(await readFile(file, 'utf8')).toBe('{\n  "domains": [\n    "example.com"\n  ]\n}\n');
  });

  it('creates the folder when it does not exist yet', async () => {
    const nested = join(dir, 'new', 'config.json');
    await saveSettings(nested, validateSettings({ maxSize: 2048 }, 'test'));
    expect((await loadSettingsFile(nested, { mustExist: true })).maxSize).toBe(2048);
  });

  it('refuses invalid settings and keeps the old file', async () => {
    await saveSettings(file, validateSettings({ domains: ['example.com'] }, 'test'));
    const bad = { ...validateSettings({}, 'test'), retry: ['soon'] };
    await expect(saveSettings(file, bad)).rejects.toThrow('settings to save: "retry[0]": "soon" is not a duration');
    expect((await loadSettingsFile(file, { mustExist: true })).domains).toEqual(['example.com']);
    expect(await readdir(dir)).toEqual(['config.json']);
  });
});
