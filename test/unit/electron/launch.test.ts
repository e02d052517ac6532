import { EventEmitter } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lockDataFolder } from '../../../core/data-lock.ts';
import { silentLogger } from '../../../core/log.ts';
import { APP_SCHEME_PRIVILEGES, APP_URL } from '../../../electron/app-protocol.ts';
import { loadPreferences } from '../../../electron/preferences.ts';
import { launch, type Launched } from '../../../electron/launch.ts';
import { plainMessage, sendMail, startEngine, until } from '../../integration/engine-harness.ts';
import { appFrame, StandInContents } from './stand-ins.ts';
import { standInElectron } from './stand-in-electron.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });

describe('the main process, composed (launch.ts and desktop.ts) around a real engine', () => {
  let dataDir: string;
  let stand: ReturnType<typeof standInElectron>;
  let launched: Launched | null = null;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mx-standby-launch-'));
    await writeFile(join(dataDir, 'config.json'), JSON.stringify({ domains: ['example.test'], hostname: 'backup.test', smtpListen: '127.0.0.1:0' }));
    stand = standInElectron(ROOT, join(dataDir, 'logs'));
    launched = null;
  });

  afterEach(async () => {
    if (launched && !stand.app.quitted) {
      stand.app.quit();
      await until(() => stand.app.quitted, 10_000, 'the quit');
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  const start = async () => {
    launched = await launch(stand.electron, { dataDir, preload: '/app/electron/dist/preload.cjs', argv: ['mx-standby'], logger: silentLogger() });
    if (!launched) throw new Error('did not launch');
    return launched;
  };
  const trayItem = (id: string) => stand.trays()[0]!.menu!.template.find((item) => item.id === id)!;

  it('uses the data folder as userData, sandboxes every renderer and hardens the session before anything loads', async () => {
    await start();
    expect(stand.app.paths.get('userData')).toBe(dataDir);
    expect(stand.app.paths.get('sessionData')).toBe(join(dataDir, 'desktop-session'));
    expect(stand.app.sandboxed).toBe(true);
    expect(stand.protocol.schemes).toEqual([APP_SCHEME_PRIVILEGES]);
    expect([...stand.protocol.handlers.keys()]).toEqual(['app']);
    expect(stand.sessionCalls.sort()).toEqual(['device-permission', 'permission-check', 'permission-request', 'web-request']);
    const contents = Object.assign(new EventEmitter(), { opener: null as unknown, setWindowOpenHandler(handler: unknown) { this.opener = handler; } });
    stand.app.emit('web-contents-created', {}, contents);
    expect(contents.opener).toBeTypeOf('function');
    expect(contents.listenerCount('will-navigate')).toBe(1);
  });

  it('opens the window on the app protocol with the checklist options, and serves the contract over IPC', async () => {
    await start();
    const [window] = stand.windows();
    expect(window!.loaded).toBe(APP_URL);
    expect(window!.shown).toBe(true);
    expect(window!.options).toMatchObject({ webPreferences: { preload: '/app/electron/dist/preload.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false } });
    const answer = await stand.ipcMain.invoke('mx-standby:call:status', appFrame(), new StandInContents(), {});
    expect(answer).toMatchObject({ ok: true, value: { hostname: 'backup.test' } });
  });

  it('keeps running in the tray when the window closes, and the tray does its job', async () => {
    const { hosted } = await start();
    const port = hosted.engine.smtpAddress.port;
    stand.windows()[0]!.close();
    expect(stand.app.quitted).toBe(false);
    expect(stand.notifications()).toEqual([{ title: 'MX Standby is still running', body: expect.stringContaining('tray') }]);

    expect(await sendMail(port, { from: 'sender@origin.test', to: ['user@example.test'], raw: plainMessage('held') })).toMatchObject({ ok: true });
    await until(() => /1 waiting/.test(stand.trays()[0]!.tooltip), 10_000, 'the tray status');
    expect(trayItem('status').label).toMatch(/1 waiting$/);

    trayItem('pause').click!({ checked: true });
    expect(hosted.engine.receivingPaused()).toBe(true);
    expect(await sendMail(port, { from: 'sender@origin.test', to: ['user@example.test'], raw: plainMessage('refused') })).toMatchObject({ ok: false, code: 421 });
    await until(() => stand.trays()[0]!.tooltip.startsWith('MX Standby: Receiving paused'), 10_000, 'the paused status');
    trayItem('pause').click!({ checked: false });
    expect(hosted.engine.receivingPaused()).toBe(false);
    trayItem('redeliver').click!({ checked: false });

    trayItem('open').click!({ checked: false });
    expect(stand.windows()).toHaveLength(2);
    expect(stand.windows()[1]!.shown).toBe(true);
    stand.app.emit('second-instance');
    expect(stand.windows()).toHaveLength(2);
  });

  it('quits from the tray only once the engine has stopped, freeing its port and data folder', async () => {
    const { hosted } = await start();
    const port = hosted.engine.smtpAddress.port;
    trayItem('quit').click!({ checked: false });
    expect(stand.app.quitted).toBe(false);
    await until(() => stand.app.quitted, 10_000, 'the quit');
    expect(stand.trays()[0]!.destroyed).toBe(true);
    expect((await loadPreferences(dataDir)).window).toEqual({ x: 10, y: 10, width: 1000, height: 700, maximized: false });
    expect(stand.notifications()).toEqual([]);
    expect(stand.ipcMain.handlers.size).toBe(0);
    expect(await refused(port)).toBe(true);
    const again = await startEngine({}, dataDir);
    await again.stop();
  });

  it('leaves it to the instance already running', async () => {
    stand.app.singleInstance = false;
    expect(await launch(stand.electron, { dataDir, preload: '/x', argv: [], logger: silentLogger() })).toBeNull();
    expect(stand.app.quitCalls).toBe(1);
    expect(stand.windows()).toEqual([]);
  });

  it('starts in the tray, without a window, when the system starts it at login', async () => {
    launched = await launch(stand.electron, { dataDir, preload: '/x', argv: ['mx-standby', '--hidden'], logger: silentLogger() });
    expect(stand.windows()).toEqual([]);
    expect(stand.trays()).toHaveLength(1);
  });

  it('says why it cannot start, and exits, when another process has the data folder', async () => {
    // The folder's lock is held, as a headless `serve` would hold it.
    const unlock = await lockDataFolder(dataDir);
    try {
      expect(await launch(stand.electron, { dataDir, preload: '/x', argv: [], logger: silentLogger() })).toBeNull();
    } finally {
      await unlock();
    }
    expect(stand.app.exitCode).toBe(1);
    expect(stand.dialogs).toEqual([
      { title: 'MX Standby cannot start', content: expect.stringContaining(`the data folder ${dataDir} is in use by another MX Standby`) },
    ]);
    expect(stand.windows()).toEqual([]);
  });
});
