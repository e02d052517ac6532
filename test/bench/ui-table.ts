// The held-mail table at 100,000 messages, in Debian's Chromium against a real
// `serve`: how long until the first rows show, how long scrolling through
// every page takes, how smooth a fast scroll is, and how quickly a filter
// answers. It reports, it does not assert; it also saves screenshots of the
// table under test-output/screenshots. Run alone with
// `node test/bench/ui-table.ts [COUNT]` (it builds the UI first).
import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { CDPSession } from 'playwright-core';
import { readAdminToken } from '../../core/api/http/admin-files.ts';
import { openDatabase } from '../../core/store/open.ts';
import { launchBrowser, requireBrowserAndUi } from '../e2e/harness/browser.ts';
import { onExit } from './exit-cleanup.ts';
import { seed } from './listing.ts';
import { captureOutput, freePort, stopChild, waitForLine } from './process-tools.ts';
import { firstRowsAt, scrollFrames, FIRST_ROWS_SCRIPT, scrollThrough, waitFirstRow, waitRows } from './ui-table-page.ts';
import { deleteEverything, emptyScreenshots, takeTableScreenshots } from './ui-table-shots.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'mx-standby.js');
const ROW = '[role="row"][data-index]';

export interface UiFigure {
  label: string;
  value: number;
  unit: 'ms' | 'rows' | 'pages';
}

/** Seeded as the listing bench seeds, then the waiting ones given the look of mail the primary refused for a while. */
function seedData(dataDir: string, count: number): void {
  const path = join(dataDir, 'queue.sqlite');
  seed(path, count);
  const db = openDatabase(path);
  const now = Date.now();
  db.prepare(
    `UPDATE delivery SET state = 'deferred', attempts = 1 + message_id % 5, last_attempt_at = @now, last_code = 421,
       last_response = '421 4.4.2 mail.example.test: connection refused', next_attempt_at = @now + 1800000 + (message_id % 60) * 60000
     WHERE state = 'queued'`,
  ).run({ now });
  db.close();
}

/** `serve` on the seeded folder with its primary down (nothing listens on that port), until it prints its admin URL. */
async function startServe(dataDir: string) {
  const [smtpPort, adminPort, primaryPort] = [await freePort(), await freePort(), await freePort()];
  const args = [BIN, 'serve', '--data', dataDir, '--smtp-listen', `127.0.0.1:${smtpPort}`, '--admin-listen', `127.0.0.1:${adminPort}`];
  const child = spawn(process.execPath, [...args, '--domain', 'example.test', '--primary', `127.0.0.1:${primaryPort}`, '--hostname', 'backup.test'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const forget = onExit(() => child.kill('SIGKILL'));
  const output = captureOutput(child);
  await waitForLine(child, /Admin API and web UI on/, 60_000, () => `${output.stdout()}\n${output.stderr()}`);
  return {
    url: `http://127.0.0.1:${adminPort}`,
    stop: async () => {
      await stopChild(child, 'SIGTERM', 15_000);
      forget();
    },
  };
}

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const quantile = (values: number[], q: number) => sorted(values)[Math.min(values.length - 1, Math.floor(values.length * q))] ?? 0;

async function timeUntil(act: () => Promise<unknown>, done: () => Promise<void>): Promise<number> {
  const begin = performance.now();
  await act();
  await done();
  return performance.now() - begin;
}

/** The renderer main thread's busy time so far, in seconds, by kind (Chrome's Performance.getMetrics). */
async function mainThread(cdp: CDPSession) {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  const metric = (name: string) => metrics.find((entry) => entry.name === name)?.value ?? 0;
  return { ScriptDuration: metric('ScriptDuration'), RecalcStyleDuration: metric('RecalcStyleDuration'), LayoutDuration: metric('LayoutDuration') };
}

export async function measureUiTable(count = 100_000): Promise<{ figures: UiFigure[]; screenshots: string[] }> {
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
  if (build.status !== 0) throw new Error('npm run build failed');
  requireBrowserAndUi();
  const dataDir = await mkdtemp(join(tmpdir(), 'mx-standby-ui-table-'));
  const removeOnExit = onExit(() => rmSync(dataDir, { recursive: true, force: true }));
  const figures: UiFigure[] = [];
  const seedStart = performance.now();
  seedData(dataDir, count);
  figures.push({ label: `seed ${count} messages`, value: performance.now() - seedStart, unit: 'ms' });
  const serve = await startServe(dataDir);
  const browser = await launchBrowser();
  try {
    const token = (await readAdminToken(dataDir))!;
    // When the first body row enters the page, in the page's own clock (0 = navigation start).
    await browser.context.addInitScript({ content: FIRST_ROWS_SCRIPT });
    const wallStart = performance.now();
    const page = await browser.openSignedIn(serve.url, token, '#/mail');
    await page.waitForSelector(ROW);
    const wall = performance.now() - wallStart;
    const firstRows = (await firstRowsAt(page)) ?? wall;
    figures.push({ label: 'first rows, from navigation start (page clock)', value: firstRows, unit: 'ms' });
    figures.push({ label: 'first rows, from goto (wall clock, incl. sign-in script)', value: wall, unit: 'ms' });

    const through = await scrollThrough(page, count);
    figures.push(
      { label: `scroll through every page to row ${through.loaded}`, value: through.total, unit: 'ms' },
      { label: 'pages loaded while scrolling', value: through.waits.length, unit: 'pages' },
      { label: 'one page: median wait after reaching the bottom', value: quantile(through.waits, 0.5), unit: 'ms' },
      { label: 'one page: 95th percentile', value: quantile(through.waits, 0.95), unit: 'ms' },
      { label: 'one page: slowest', value: Math.max(...through.waits), unit: 'ms' },
      { label: `one page: the last (${through.loaded} rows loaded)`, value: through.waits.at(-1) ?? 0, unit: 'ms' },
      { label: 'most rows in the page at once', value: through.mostInDom, unit: 'rows' },
    );
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Performance.enable');
    for (const { step, name } of [
      { step: 120, name: 'wheel-speed scroll (120 px a frame)' },
      { step: 600, name: 'fast scroll (600 px, 15 rows, a frame)' },
    ]) {
      const before = await mainThread(cdp);
      const gaps = await scrollFrames(page, step);
      const after = await mainThread(cdp);
      const per = (key: keyof typeof before) => ((after[key] - before[key]) * 1000) / gaps.length;
      figures.push(
        { label: `${name}: median frame`, value: quantile(gaps, 0.5), unit: 'ms' },
        { label: `${name}: 95th percentile frame`, value: quantile(gaps, 0.95), unit: 'ms' },
        { label: `${name}: script per frame (main thread)`, value: per('ScriptDuration'), unit: 'ms' },
        { label: `${name}: style and layout per frame`, value: per('RecalcStyleDuration') + per('LayoutDuration'), unit: 'ms' },
      );
    }
    await cdp.detach();
    const state = page.getByLabel('State');
    const held = await timeUntil(() => state.selectOption('held'), () => waitFirstRow(page, 'On hold'));
    figures.push({ label: 'filter by state "On hold": first rows', value: held, unit: 'ms' });
    await state.selectOption('');
    await waitFirstRow(page, 'On hold', false);
    const needle = `Order ${Math.floor(count / 2)} confirmed`;
    const search = await timeUntil(() => page.getByRole('searchbox').fill(needle), () => waitRows(page, true));
    figures.push({ label: 'search one subject: its row alone (incl. the 300 ms typing pause)', value: search, unit: 'ms' });
    await page.getByRole('searchbox').fill('');
    await waitRows(page, false);
    const screenshots = await takeTableScreenshots(page);
    const emptied = await timeUntil(
      () => deleteEverything(page),
      () => page.getByText('Nothing is held: your primary is taking all mail.').waitFor({ timeout: 600_000 }),
    );
    figures.push({ label: `delete all ${count} by filter ("select all matching"): until the empty state`, value: emptied, unit: 'ms' });
    screenshots.push(...(await emptyScreenshots(page)));
    await page.close();
    return { figures, screenshots };
  } finally {
    await browser.close();
    await serve.stop();
    await rm(dataDir, { recursive: true, force: true });
    removeOnExit();
  }
}

export function formatUiTable(figures: UiFigure[]): string {
  const width = Math.max(...figures.map((figure) => figure.label.length)) + 2;
  const lines = figures.map((figure) => {
    const value = figure.unit === 'ms' ? figure.value.toFixed(figure.value < 100 ? 1 : 0) : String(Math.round(figure.value));
    return `${figure.label.padEnd(width)}${value.padStart(8)} ${figure.unit}`;
  });
  const load = loadavg().map((value) => value.toFixed(1)).join(' ');
  return `Held-mail table in Chromium (headless, 1280x800; ${cpus().length} CPUs, load average ${load} at the end)\n${lines.join('\n')}\n`;
}

if (import.meta.main) {
  const count = Number(process.argv[2] ?? 100_000);
  const { figures, screenshots } = await measureUiTable(count);
  process.stdout.write(formatUiTable(figures));
  process.stdout.write(`Screenshots:\n${screenshots.map((path) => `  ${path}`).join('\n')}\n`);
}
