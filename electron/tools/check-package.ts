// The packaging check, without the Electron binary (it cannot be downloaded
// here): electron-builder --dir with a stub Electron, then a look inside what
// it made. Expects `npm run build` and `npm run build:electron` to have run
// (`npm run test:package` does both first). Linux and Windows only: a macOS
// .app needs the real framework layout.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import * as asar from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { lockDataFolder } from '../../core/data-lock.ts';
import { EXTRA_MEMBERS, jsonOperationNames } from '../bridge.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const failures: string[] = [];
const check = (ok: boolean, what: string) => {
  process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${what}\n`);
  if (!ok) failures.push(what);
};

for (const built of ['renderer/dist/index.html', 'electron/dist/main.js', 'electron/dist/preload.cjs']) {
  if (!existsSync(join(root, built))) {
    process.stderr.write(`${built} is missing: run npm run build and npm run build:electron first (npm run test:package does)\n`);
    process.exit(1);
  }
}
if (process.platform !== 'linux' && process.platform !== 'win32') {
  process.stderr.write('the stub-Electron packaging check runs on Linux and Windows only\n');
  process.exit(1);
}

/**
 * A stand-in for the Electron executable: no program, but the fuse wire
 * that @electron/fuses looks for (sentinel, version 1, 8 fuses), set the way
 * a stock Electron ships, so flipping the fuses can be checked.
 */
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const STOCK_FUSES = '10110001';
const work = mkdtempSync(join(tmpdir(), 'mx-standby-package-'));
const stub = join(work, 'electron-stub');
mkdirSync(join(stub, 'resources'), { recursive: true });
const executable = process.platform === 'win32' ? 'electron.exe' : 'electron';
writeFileSync(join(stub, executable), Buffer.concat([Buffer.from('stub electron\0'), Buffer.from(SENTINEL), Buffer.from([1, 8]), Buffer.from(STOCK_FUSES), Buffer.from('\0')]));
chmodSync(join(stub, executable), 0o755);
writeFileSync(join(stub, 'version'), JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version);
writeFileSync(join(stub, 'LICENSE'), 'stub');

const output = join(work, 'out');
const builder = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'electron-builder.cmd' : 'electron-builder');
const run = spawnSync(builder, ['--dir', '--publish', 'never', `--config.electronDist=${stub}`, '--config.npmRebuild=false', `--config.directories.output=${output}`], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, ELECTRON_BUILDER_OFFLINE: 'true' },
  shell: process.platform === 'win32',
});
check(run.status === 0, 'electron-builder --dir with a stub Electron succeeds');
if (run.status !== 0) process.exit(1);

const unpackedDir = readdirSync(output).find((name) => name.endsWith('-unpacked'));
const appDir = join(output, unpackedDir ?? 'missing');
const archive = join(appDir, 'resources', 'app.asar');
check(existsSync(archive), `the app is packed into ${archive}`);
const files = new Set(asar.listPackage(archive, { isPack: false }).map((path) => path.replaceAll('\\', '/')));
const has = (path: string) => files.has(path);

// The built UI.
check(has('/renderer/dist/index.html'), 'app.asar holds the built UI (renderer/dist/index.html)');
check([...files].some((path) => /^\/renderer\/dist\/assets\/index-[\w-]+\.js$/.test(path)), 'app.asar holds the UI script');
// The engine, bundled into the main process, with the files it reads.
check(has('/electron/dist/main.js') && has('/electron/dist/preload.cjs'), 'app.asar holds the main process and the preload');
const main = asar.extractFile(archive, 'electron/dist/main.js').toString('utf8');
check(/function createEngineApi\(/.test(main) && /function createInboundServer\(/.test(main), 'the main process carries the engine (core/)');
check(has('/package.json') && JSON.parse(asar.extractFile(archive, 'package.json').toString()).main === 'electron/dist/main.js', 'package.json points Electron at the main process');
check(has('/resources/icon.png') && has('/resources/tray/tray.png') && has('/resources/tray/trayTemplate.png'), 'the app and tray icons are inside');
check(!existsSync(join(root, 'resources/dns-guides')) || [...files].some((path) => path.startsWith('/resources/dns-guides/')), 'the DNS provider guides are inside');
check(![...files].some((path) => /^\/(core|test|bin)\//.test(path) || /^\/(electron|renderer)\/.*\.(map|ts)$/.test(path)), 'no TypeScript sources, source maps of ours or tests are packed');
// The packed preload runs as a sandboxed preload must: with nothing but require('electron').
const preload = asar.extractFile(archive, 'electron/dist/preload.cjs').toString('utf8');
const exposed: { name: string; keys: string[] }[] = [];
const electronStandIn = {
  contextBridge: { exposeInMainWorld: (name: string, value: object) => exposed.push({ name, keys: Object.keys(value).sort() }) },
  ipcRenderer: { invoke: async () => undefined, send: () => undefined, on: () => undefined },
};
const sandboxRequire = (id: string) => {
  if (id !== 'electron') throw new Error(`a sandboxed preload cannot require ${id}`);
  return electronStandIn;
};
let preloadError: unknown = null;
try {
  const module = { exports: {} };
  runInNewContext(preload, { require: sandboxRequire, module, exports: module.exports });
} catch (error) {
  preloadError = error;
}
check(preloadError === null, `the preload runs with only require('electron')${preloadError ? `: ${String(preloadError)}` : ''}`);
check(
  exposed.length === 1 && exposed[0]!.name === 'mxStandby' && JSON.stringify(exposed[0]!.keys) === JSON.stringify([...jsonOperationNames(), ...EXTRA_MEMBERS].sort()),
  'it exposes window.mxStandby with exactly the contract\'s operations, the bytes and subscribe',
);
// Every package the main process imports is packed.
const specifiers = [...main.matchAll(/^import .* from "([^".][^"]*)";$/gm)].map((match) => match[1]!).filter((name) => !name.startsWith('node:') && name !== 'electron');
const packages = new Set(specifiers.map((specifier) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!)));
for (const name of packages) check(has(`/node_modules/${name}/package.json`), `the dependency ${name} is packed`);
// better-sqlite3's binary beside the archive, not in it.
const binary = `node_modules/better-sqlite3/prebuilds/${process.platform}-${process.arch}.node`;
const unpacked = join(appDir, 'resources', 'app.asar.unpacked', binary);
check(existsSync(unpacked), `better-sqlite3's binary is unpacked (${binary})`);
check(existsSync(unpacked) && readFileSync(unpacked).subarray(0, 4).toString('latin1') === (process.platform === 'win32' ? 'MZ\x90\0' : '\x7fELF'), 'and it is a real native library');
check((asar.statFile(archive, binary) as { unpacked?: boolean }).unpacked === true, 'app.asar marks it as unpacked');

// The fuses, flipped in the packaged executable.
const packagedExe = join(appDir, process.platform === 'win32' ? 'MX Standby.exe' : 'mx-standby');
const wire = await getCurrentFuseWire(packagedExe);
const expected: [FuseV1Options, boolean][] = [
  [FuseV1Options.RunAsNode, false],
  [FuseV1Options.EnableCookieEncryption, true],
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable, false],
  [FuseV1Options.EnableNodeCliInspectArguments, false],
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation, true],
  [FuseV1Options.OnlyLoadAppFromAsar, true],
  [FuseV1Options.GrantFileProtocolExtraPrivileges, false],
];
for (const [fuse, on] of expected) {
  check(wire[fuse] === (on ? 49 : 48), `fuse ${FuseV1Options[fuse]} is ${on ? 'on' : 'off'}`);
}

// The bundled main process, run in Node with a stand-in for 'electron': it starts the engine
// from the data folder, binds the IPC, opens the window on the app protocol, and quits cleanly on SIGTERM.
const home = join(work, 'config');
mkdirSync(join(home, 'mx-standby'), { recursive: true });
writeFileSync(join(home, 'mx-standby', 'config.json'), JSON.stringify({ domains: ['example.test'], hostname: 'backup.test', smtpListen: '127.0.0.1:0' }));
const standIn = new URL('./electron-stand-in.mjs', import.meta.url).href;
const hooks = `import { registerHooks } from 'node:module'; registerHooks({ resolve: (specifier, context, next) => specifier === 'electron' ? { url: ${JSON.stringify(standIn)}, shortCircuit: true } : next(specifier, context) });`;
const mainRun = spawn(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(hooks)}`, join(root, 'electron/dist/main.js')], {
  cwd: root,
  env: { ...process.env, XDG_CONFIG_HOME: home, HOME: work, MX_STANDBY_LOG_LEVEL: 'warn' },
});
let said = '';
mainRun.stdout.on('data', (chunk: Buffer) => (said += chunk.toString()));
mainRun.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
const mainExit = new Promise<number | null>((resolve) => mainRun.on('exit', (code) => resolve(code)));
const windowLoaded = await Promise.race([
  new Promise<boolean>((resolve) => mainRun.stdout.on('data', () => said.includes('window loads') && resolve(true))),
  mainExit.then(() => false),
  new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 60_000)),
]);
check(windowLoaded && said.includes('stand-in: window loads app://mx-standby/index.html'), 'the bundled main process opens the window on app://mx-standby');
check(/window contextIsolation=true sandbox=true nodeIntegration=false/.test(said) && said.includes('sandbox enabled'), 'with the checklist\'s window options');
check(said.includes('schemes: app') && said.includes('protocol handled: app') && said.includes('tray created'), 'it registers the app protocol and the tray');
check(new RegExp(`ipc bound: ${jsonOperationNames().length + 2} invoke channels`).test(said), 'it binds every operation of the contract to IPC');
check(existsSync(join(home, 'mx-standby', 'queue.sqlite')), 'its engine opened the data folder the headless server uses');
mainRun.kill('SIGTERM');
const exitCode = await Promise.race([mainExit, new Promise<null>((resolve) => setTimeout(() => resolve(null), 30_000))]);
check(exitCode === 0 && said.includes('stand-in: tray destroyed') && said.includes('stand-in: quit'), 'SIGTERM quits it after the engine stopped');
const unlock = await lockDataFolder(join(home, 'mx-standby')).catch(() => null);
check(unlock !== null, 'and the data folder is unlocked');
await unlock?.();
mainRun.kill('SIGKILL');

rmSync(work, { recursive: true, force: true });
if (failures.length > 0) {
  process.stderr.write(`\n${failures.length} packaging check(s) failed\n`);
  process.exit(1);
}
process.stdout.write('\nThe package holds what it must.\n');
