#!/usr/bin/env node
// `npm start`: the desktop app where it can run (the Electron binary is
// installed and there is a display), else the headless server, which prints
// the web UI's address. Plain JavaScript, so it runs on any Node.
//   MX_STANDBY_HEADLESS=1   always start headless
//   MX_STANDBY_START_DRY_RUN=1   print the choice as JSON and exit
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);

/** The Electron executable, if `npx install-electron` (or electron's install.js) has put it in node_modules/electron/dist. */
function electronExecutable() {
  const pkg = join(root, 'node_modules', 'electron');
  try {
    const relative = readFileSync(join(pkg, 'path.txt'), 'utf8').trim();
    const executable = join(pkg, 'dist', relative);
    return existsSync(executable) ? executable : null;
  } catch {
    return null;
  }
}

/** Desktop or headless, and why. */
function choose(env, platform, executable) {
  if (env.MX_STANDBY_HEADLESS === '1') return { mode: 'headless', reason: 'MX_STANDBY_HEADLESS=1 asks for the headless server' };
  if (executable === null) {
    return { mode: 'headless', reason: 'the Electron binary is not installed (npx install-electron, or node node_modules/electron/install.js, installs it)' };
  }
  const unixDesktop = platform !== 'win32' && platform !== 'darwin';
  if (unixDesktop && !env.DISPLAY && !env.WAYLAND_DISPLAY) return { mode: 'headless', reason: 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)' };
  return { mode: 'desktop', reason: 'the Electron binary and a display are here' };
}

/** The newest modification time of the files under these paths. */
function newest(paths) {
  let latest = 0;
  const visit = (path) => {
    const info = statSync(path, { throwIfNoEntry: false });
    if (!info) return;
    if (info.isDirectory()) for (const name of readdirSync(path)) name === 'dist' || name === 'node_modules' ? undefined : visit(join(path, name));
    else latest = Math.max(latest, info.mtimeMs);
  };
  for (const path of paths) visit(join(root, path));
  return latest;
}

const UI = { script: 'build', output: 'renderer/dist/index.html', sources: ['renderer/src', 'renderer/index.html', 'core/api'], what: 'the web UI' };
const DESKTOP = { script: 'build:electron', output: 'electron/dist/main.js', sources: ['electron', 'core', 'package.json'], what: 'the desktop app' };

/** Builds what is missing or older than its sources; returns false when a build failed. */
function buildIfStale(steps) {
  for (const step of steps) {
    const built = statSync(join(root, step.output), { throwIfNoEntry: false });
    if (built && built.mtimeMs >= newest(step.sources)) continue;
    process.stdout.write(`Building ${step.what} (npm run ${step.script}): ${built ? 'its sources changed' : 'it is not built yet'}.\n`);
    const npm = process.env.npm_execpath;
    // The build's own output goes to standard error: standard output stays the server's, for whoever reads it.
    const stdio = ['ignore', process.stderr, 'inherit'];
    const result = npm
      ? spawnSync(process.execPath, [npm, 'run', step.script], { cwd: root, stdio })
      : spawnSync('npm', ['run', step.script], { cwd: root, stdio, shell: process.platform === 'win32' });
    if (result.status !== 0) return false;
  }
  return true;
}

function run(command, commandArgs, env) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 1));
}

const executable = electronExecutable();
const choice = choose(process.env, process.platform, executable);
if (process.env.MX_STANDBY_START_DRY_RUN === '1') {
  process.stdout.write(`${JSON.stringify(choice)}\n`);
  process.exit(0);
}
if (choice.mode === 'desktop') {
  if (!buildIfStale([UI, DESKTOP])) process.exit(1);
  if (args.length > 0) process.stdout.write('The desktop app takes its settings from its Settings page; for command-line options use npm run serve -- OPTIONS.\n');
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  run(executable, ['.'], env);
} else {
  process.stdout.write(`Starting the headless server: ${choice.reason}.\n`);
  // Mail comes first: without a UI the server still holds mail, and its page says how to build the UI.
  if (!buildIfStale([UI])) process.stdout.write('The web UI could not be built (see above); starting without it.\n');
  run(process.execPath, [join(root, 'bin', 'mx-standby.js'), 'serve', ...args], process.env);
}
