import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aboutBox, appMenuTemplate } from '../../../electron/about.ts';
import { APP_ID } from '../../../electron/launch.ts';
import { autostartEntry, autostartFile, HIDDEN_FLAG, setStartAtLogin, startedAtLogin, startsAtLogin, type LoginItemHost } from '../../../electron/login-item.ts';
import { portNotice } from '../../../electron/port-notice.ts';
import { loadPreferences, PREFERENCES_FILE, PreferenceStore } from '../../../electron/preferences.ts';
import { needsAttention, statusLine, trayMenuTemplate, type TrayActions, type TrayStatus } from '../../../electron/tray.ts';

function status(overrides: { state?: 'up' | 'down' | 'unknown'; queue?: Partial<TrayStatus['queue']>; mode?: 'host' | 'none'; storage?: TrayStatus['storage'] } = {}): TrayStatus {
  const mode = overrides.mode ?? 'host';
  return {
    primary: {
      mode,
      destinations:
        mode === 'none'
          ? []
          : [{ key: 'primary', target: 'mail.example.com:25', state: overrides.state ?? 'up', since: '2026-11-29T10:02:00.000Z', lastCheckAt: null, lastError: null, latencyMs: 3 }],
    },
    queue: { queued: 0, delivering: 0, deferred: 0, delivered: 0, failed: 0, held: 0, expired: 0, damaged: 0, ...overrides.queue },
    storage: overrides.storage ?? { state: 'ok', error: null, since: null },
  };
}

const FAILING: TrayStatus['storage'] = { state: 'failing', error: 'the disk is full (the data folder: ENOSPC: no space left on device, write)', since: '2026-11-29T10:05:00.000Z' };

describe('the tray', () => {
  it('says in one line whether it receives, how the primary is and how much waits', () => {
    expect(statusLine({ status: null, paused: false })).toBe('Starting…');
    expect(statusLine({ status: status(), paused: false })).toBe('Primary up · nothing waiting');
    expect(statusLine({ status: status({ state: 'down', queue: { queued: 2, deferred: 3, held: 1, delivered: 9 } }), paused: false })).toMatch(
      /^Primary down since \S.* · 6 waiting$/,
    );
    expect(statusLine({ status: status({ state: 'unknown' }), paused: true })).toBe('Receiving paused · Checking the primary · nothing waiting');
    expect(statusLine({ status: status({ mode: 'none' }), paused: false })).toBe('No primary set up · nothing waiting');
    expect(statusLine({ status: status({ storage: FAILING }), paused: false })).toBe('Storage failing: mail refused · Primary up · nothing waiting');
  });

  it('has open, the status line, pause receiving, redeliver all now, start at login, about and quit, each doing its job', () => {
    const calls: string[] = [];
    const actions: TrayActions = {
      open: () => calls.push('open'),
      setPaused: (paused) => calls.push(`paused ${paused}`),
      redeliverAll: () => calls.push('redeliver'),
      setStartAtLogin: (on) => calls.push(`login ${on}`),
      about: () => calls.push('about'),
      quit: () => calls.push('quit'),
    };
    const menu = trayMenuTemplate({ status: status(), paused: false, startAtLogin: false }, actions);
    expect(menu.filter((item) => item.type !== 'separator').map((item) => item.id)).toEqual(['open', 'status', 'pause', 'redeliver', 'login', 'about', 'quit']);
    const byId = (id: string) => menu.find((item) => item.id === id)!;
    expect(byId('status')).toMatchObject({ label: 'Primary up · nothing waiting', enabled: false });
    expect(byId('pause')).toMatchObject({ type: 'checkbox', checked: false });
    expect(byId('login')).toMatchObject({ type: 'checkbox', checked: false });
    const click = (id: string, checked = false) => (byId(id).click as (item: { checked: boolean }) => void)({ checked });
    click('open');
    click('pause', true);
    click('redeliver');
    click('login', true);
    click('about');
    click('quit');
    expect(calls).toEqual(['open', 'paused true', 'redeliver', 'login true', 'about', 'quit']);
  });

  it('draws attention when the primary is down, receiving is paused or storage is failing', () => {
    expect(needsAttention({ status: status(), paused: false })).toBe(false);
    expect(needsAttention({ status: status({ state: 'down' }), paused: false })).toBe(true);
    expect(needsAttention({ status: status(), paused: true })).toBe(true);
    expect(needsAttention({ status: status({ storage: FAILING }), paused: false })).toBe(true);
  });
});

describe('start at login', () => {
  let home: string;
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'mx-standby-login-'));
  });
  afterEach(async () => {
    await rm(home, { recursive: true, force: true });
  });

  const noApp = { getLoginItemSettings: () => { throw new Error('not on Linux'); }, setLoginItemSettings: () => { throw new Error('not on Linux'); } } as never;

  it('on Linux, is off by default and is an XDG autostart entry that starts hidden', async () => {
    const host: LoginItemHost = { app: noApp, platform: 'linux', env: { XDG_CONFIG_HOME: join(home, 'config') }, execPath: '/opt/MX Standby/mx-standby', home };
    expect(await startsAtLogin(host)).toBe(false);
    await setStartAtLogin(host, true);
    expect(await startsAtLogin(host)).toBe(true);
    const file = autostartFile(host.env, home);
    expect(file).toBe(join(home, 'config', 'autostart', 'mx-standby.desktop'));
    expect(await readFile(file, 'utf8')).toBe(autostartEntry('/opt/MX Standby/mx-standby'));
    expect(autostartEntry('/opt/MX Standby/mx-standby')).toContain(`Exec="/opt/MX Standby/mx-standby" ${HIDDEN_FLAG}\n`);
    await setStartAtLogin(host, false);
    expect(await startsAtLogin(host)).toBe(false);
    await expect(stat(file)).rejects.toThrow();
  });

  it('on Linux from an AppImage, starts the AppImage file', async () => {
    const host: LoginItemHost = { app: noApp, platform: 'linux', env: { APPIMAGE: '/home/me/MX-Standby.AppImage' }, execPath: '/tmp/.mount_x/mx-standby', home };
    await setStartAtLogin(host, true);
    expect(await readFile(autostartFile({}, home), 'utf8')).toContain('Exec="/home/me/MX-Standby.AppImage" --hidden');
  });

  it("on Windows and macOS, is the system's login item, with the hidden flag", async () => {
    let settings = { openAtLogin: false, wasOpenedAtLogin: false };
    const given: unknown[] = [];
    const app = {
      getLoginItemSettings: () => settings,
      setLoginItemSettings: (next: { openAtLogin: boolean }) => {
        given.push(next);
        settings = { ...settings, openAtLogin: next.openAtLogin };
      },
    } as never;
    const host: LoginItemHost = { app, platform: 'win32', env: {}, execPath: 'C:\\MX Standby\\MX Standby.exe' };
    expect(await startsAtLogin(host)).toBe(false);
    await setStartAtLogin(host, true);
    expect(given).toEqual([{ openAtLogin: true, args: [HIDDEN_FLAG] }]);
    expect(await startsAtLogin(host)).toBe(true);
    expect(startedAtLogin({ app, platform: 'win32' }, ['MX Standby.exe', HIDDEN_FLAG])).toBe(true);
    expect(startedAtLogin({ app, platform: 'win32' }, ['MX Standby.exe'])).toBe(false);
  });
});

describe('desktop preferences', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mx-standby-prefs-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('start from defaults, keep each change on disk, and survive a broken file', async () => {
    const store = await PreferenceStore.open(dir);
    expect(store.get()).toEqual({ window: null, heldMailThreshold: 100, portNotice: true, trayHintShown: false });
    void store.update({ window: { x: 1, y: 2, width: 900, height: 700, maximized: true } });
    await store.update({ portNotice: false });
    expect(await loadPreferences(dir)).toMatchObject({ window: { width: 900, maximized: true }, portNotice: false });
    await writeFile(join(dir, PREFERENCES_FILE), '{ not json');
    expect((await loadPreferences(dir)).heldMailThreshold).toBe(100);
  });
});

describe('the port 25 notice', () => {
  const wanted = { host: '0.0.0.0', port: 25 };

  it('is only for an engine that did not get the port it was set to', () => {
    expect(portNotice('linux', wanted, { host: '0.0.0.0', port: 25 })).toBeNull();
  });

  it('explains the choices on each system', () => {
    const linux = portNotice('linux', wanted, { host: '0.0.0.0', port: 2525 })!;
    expect(linux.message).toBe('MX Standby receives mail on port 2525, not 25');
    expect(linux.detail).toMatch(/router/);
    expect(linux.detail).toContain('net.ipv4.ip_unprivileged_port_start=25');
    expect(linux.detail).toContain('--to-ports 2525');
    expect(portNotice('darwin', wanted, { host: '0.0.0.0', port: 2525 })!.detail).toContain('0.0.0.0');
    expect(portNotice('win32', wanted, { host: '0.0.0.0', port: 2525 })!.detail).toMatch(/Another program/);
  });
});

describe('About and the menu', () => {
  it('shows the version first, then where the data lives', () => {
    const box = aboutBox({ version: '1.2.3', dataDir: '/home/me/.config/mx-standby', logsDir: null, versions: { electron: '45.5.0', chrome: '140', node: '22.20.0' } }, '/icon.png');
    expect(box.message).toBe('MX Standby 1.2.3');
    expect(box.detail).toContain('Data folder: /home/me/.config/mx-standby');
    expect(box.detail).toContain('Electron 45.5.0');
  });

  it('offers About on every system, and DevTools only in development', () => {
    for (const platform of ['darwin', 'linux', 'win32'] as const) {
      const text = JSON.stringify(appMenuTemplate(platform, { about: () => undefined, closeWindow: () => undefined, quit: () => undefined, devTools: false }));
      expect(text).toContain('About MX Standby');
      expect(text).not.toContain('toggleDevTools');
    }
    expect(JSON.stringify(appMenuTemplate('linux', { about: () => undefined, closeWindow: () => undefined, quit: () => undefined, devTools: true }))).toContain('toggleDevTools');
  });
});

describe('electron-builder.yml', () => {
  const yml = readFileSync(fileURLToPath(new URL('../../../electron-builder.yml', import.meta.url)), 'utf8');

  it('names the app as the main process does, and builds NSIS, DMG, AppImage and deb', () => {
    expect(yml).toMatch(new RegExp(`^appId: ${APP_ID.replaceAll('.', '\\.')}$`, 'm'));
    expect(yml).toMatch(/^win:\n {2}target: nsis$/m);
    expect(yml).toMatch(/^mac:\n {2}target: dmg$/m);
    expect(yml).toMatch(/^linux:\n {2}target:\n {4}- AppImage\n {4}- deb$/m);
  });

  it('unpacks native binaries, rebuilds nothing, and sets every fuse of the checklist', () => {
    expect(yml).toMatch(/^asarUnpack:\n(\s+- .*\n)*\s+- node_modules\/better-sqlite3\/prebuilds\/\*\.node$/m);
    expect(yml).toMatch(/^npmRebuild: false$/m);
    for (const fuse of ['runAsNode: false', 'enableCookieEncryption: true', 'enableNodeOptionsEnvironmentVariable: false', 'enableNodeCliInspectArguments: false', 'enableEmbeddedAsarIntegrityValidation: true', 'onlyLoadAppFromAsar: true', 'grantFileProtocolExtraPrivileges: false']) {
      expect(yml).toMatch(new RegExp(`^electronFuses:\\n(\\s+\\w+: \\w+\\n)*\\s+${fuse}$`, 'm'));
    }
  });
});
