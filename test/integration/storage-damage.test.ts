import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPrimary, type PrimaryFixture } from '../fixtures/primary.ts';
import { runCli, type CliResult } from './cli-run.ts';
import { CrashEngine } from './crash-engine.ts';
import { plainMessage, sendMail } from './engine-harness.ts';
import { servedApi, servedStatus } from './served-status.ts';
import { Tmpfs } from './tmpfs.ts';

const HELD = 40;

let primary: PrimaryFixture;
let engine: CrashEngine | undefined;
let dataDir: string;

beforeEach(async () => {
  primary = await startPrimary({ up: false });
});

afterEach(async () => {
  await engine?.dispose();
  engine = undefined;
  await primary.stop();
});

const send = (subject: string) =>
  sendMail(engine!.smtpPort, { from: 'sender@origin.test', to: ['user@example.test'], raw: plainMessage(subject) });

const serve = (dir: string) =>
  runCli(['serve', '--data', dir, '--smtp-listen', '127.0.0.1:0', '--admin-listen', '127.0.0.1:0', '--primary', `127.0.0.1:${primary.port}`]);

/** What a person sees: one line on stderr, no stack frames, and a failed exit. */
function expectOnePlainLine(result: CliResult, pattern: RegExp): void {
  expect(result.code).toBe(1);
  expect(result.stderr).not.toContain('    at ');
  expect(result.stderr.split('\n')).toEqual([expect.stringMatching(pattern), '']);
}

/** A data folder whose queue database holds `count` messages, the engine stopped cleanly after. */
async function folderHolding(dir: string, count: number): Promise<void> {
  engine = await CrashEngine.create(dir, primary.port);
  await engine.start();
  for (let index = 0; index < count; index++) expect(await send(`held ${index}`)).toMatchObject({ code: 250 });
  expect((await engine.stop()).code).toBe(0);
  engine = undefined;
}

describe('a damaged or read-only data folder', () => {
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mx-standby-damage-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses to start on a queue database with a garbage header, in one line that says what to do', async () => {
    await writeFile(join(dataDir, 'queue.sqlite'), Buffer.alloc(64 * 1024, 'not a database. '));
    const result = await serve(dataDir);
    const database = join(dataDir, 'queue.sqlite');
    expectOnePlainLine(result, new RegExp(`^mx-standby: cannot start: the queue database ${database} is damaged \\(file is not a database\\): restore it from a backup, or move it away and run \`mx-standby recover --data ${dataDir}\` to rebuild it from the spool$`));
  });

  it('answers 451 when a page of the database is damaged, then says storage failing in status and refuses with 452', async () => {
    await folderHolding(dataDir, HELD);
    // The index of queue ids: each received message writes to it, and nothing reads it at start.
    await damagePage(join(dataDir, 'queue.sqlite'), (db) => rootPage(db, 'sqlite_autoindex_message_1'));

    engine = await CrashEngine.create(dataDir, primary.port);
    await engine.start();
    const first = await send('after the damage');
    expect(first.code).toBe(451);
    const { storage } = await servedStatus(dataDir);
    expect(storage.state).toBe('failing');
    expect(storage.error).toMatch(/^the queue database is damaged \(the queue database: database disk image is malformed\): stop MX Standby, then restore it from a backup/);
    const next = await send('while damaged');
    expect(next.code).toBe(452);
    expect(next.response).toContain('4.3.1');
    expect(await engine.stop()).toEqual({ code: 0, signal: null });
    expect(engine.output()).toContain('MX Standby stopped.');
  });

  it('says storage failing when a read through the API meets a damaged page, not only a write', async () => {
    await folderHolding(dataDir, HELD);
    // The oldest events: only a read of the whole activity log reaches them; new events go to the newest page.
    await damagePage(join(dataDir, 'queue.sqlite'), (db) => firstLeaf(db, 'event'));

    engine = await CrashEngine.create(dataDir, primary.port);
    await engine.start();
    expect((await servedStatus(dataDir)).storage.state).toBe('ok');
    const activity = await servedApi(dataDir, '/activity?limit=500');
    expect(activity.status).toBe(500);
    const { storage } = await servedStatus(dataDir);
    expect(storage).toMatchObject({ state: 'failing', error: expect.stringMatching(/^the queue database is damaged/) });
    expect((await send('after the damage')).code).toBe(452);
  });
});

describe('a read-only data folder', () => {
  let tmpfs: Tmpfs;
  beforeEach(async () => {
    tmpfs = await Tmpfs.mount(16 * 1024 * 1024);
  });
  afterEach(async () => {
    await tmpfs.unmount();
  });

  it('refuses to start, in one line naming the folder and what to do', async () => {
    // No disk floor: this small file system is below the default one.
    await writeFile(join(tmpfs.dir, 'config.json'), JSON.stringify({ diskFloor: 0 }));
    await folderHolding(tmpfs.dir, 1);
    await tmpfs.remount('ro');
    const result = await serve(tmpfs.dir);
    expectOnePlainLine(result, new RegExp(`^mx-standby: cannot start: the data folder ${tmpfs.dir} is on a read-only file system \\(.*\\): make it writable, or choose another data folder with --data$`));
  });
});

/** The root page of `tree` (a table or an index). */
function rootPage(db: Database.Database, tree: string): number {
  return (db.prepare('SELECT rootpage FROM sqlite_schema WHERE name = ?').get(tree) as { rootpage: number }).rootpage;
}

/** The leftmost leaf page of `tree`: where its oldest rows are. */
function firstLeaf(db: Database.Database, tree: string): number {
  const leaves = db.prepare("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY path").all(tree) as { pageno: number }[];
  expect(leaves.length).toBeGreaterThan(1);
  return leaves[0]!.pageno;
}

/** Overwrites the page `pick` chooses with garbage, as a failing disk or a stray write would. */
async function damagePage(path: string, pick: (db: Database.Database) => number): Promise<void> {
  const db = new Database(path, { readonly: true });
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const pages = db.pragma('page_count', { simple: true }) as number;
  const page = pick(db);
  db.close();
  // A page in the middle of the file, not its header: the database still opens.
  expect(page).toBeGreaterThan(1);
  expect(page).toBeLessThan(pages);
  const handle = await open(path, 'r+');
  await handle.write(Buffer.alloc(pageSize, 0xa5), 0, pageSize, (page - 1) * pageSize);
  await handle.close();
}
