// The message list at 100,000 messages: how long the first page and a deep
// page take, through the engine API and over HTTP. It reports, it does not
// assert. Run alone with `node test/bench/listing.ts [COUNT]`.
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startAdminServer } from '../../core/api/http/server.ts';
import { readAdminToken } from '../../core/api/http/admin-files.ts';
import type { EngineApi, InputOf } from '../../core/api/contract.ts';
import { start } from '../../core/app.ts';
import { toEngineConfig } from '../../core/config/runtime.ts';
import { settingsSchema } from '../../core/config/schema.ts';
import { silentLogger } from '../../core/log.ts';
import { insertMessage } from '../../core/store/messages.ts';
import { openDatabase } from '../../core/store/open.ts';
import { holdMessage } from '../../core/store/queue-commands.ts';
import { onExit } from './exit-cleanup.ts';

export interface ListingFigure {
  label: string;
  /** Median of the runs, in milliseconds. */
  ms: number;
}

const DAY = 86_400_000;
const RUNS = 7;
const DEEP = 90_000;

/**
 * Fills a fresh queue database the way the receive path does (insertMessage),
 * in one transaction. Most messages are then marked delivered and one in 50
 * held, so the state filters have something to find and something to skip.
 */
export function seed(path: string, count: number): void {
  const db = openDatabase(path);
  const start = Date.now() - count * 1000;
  db.transaction(() => {
    for (let index = 0; index < count; index++) {
      const recipients = index % 7 === 0 ? ['user@example.test', 'sales@example.test'] : ['user@example.test'];
      const id = insertMessage(db, {
        qid: `seed${index.toString(36).padStart(8, '0')}`,
        kind: 'inbound',
        receivedAt: start + index * 1000,
        mailFrom: `sender${index % 997}@origin${index % 13}.test`,
        mailParams: { ret: null, envid: null, body: null, smtputf8: false },
        clientAddress: '192.0.2.1',
        clientHostname: null,
        helo: 'origin.test',
        tls: null,
        size: 2_000 + ((index * 7919) % 200_000),
        sha256: '0'.repeat(64),
        spoolFile: `seed${index}.eml`,
        summary: { subject: `Order ${index} confirmed`, from: `Shop <sender${index % 997}@origin.test>`, to: null, date: null, messageId: null },
        recipients: recipients.map((address) => ({ address, params: { notify: null, orcpt: null } })),
        expiresAt: Date.now() + 30 * DAY,
      });
      if (index % 50 === 25) holdMessage(db, id);
    }
    // As if handed over: the store has no bulk "delivered" call, and the receive path is what is measured elsewhere.
    db.prepare(`UPDATE delivery SET state = 'delivered', delivered_at = ? WHERE state = 'queued' AND message_id % 10 < 8`).run(Date.now());
  })();
  db.close();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timed(label: string, run: () => Promise<unknown>): Promise<ListingFigure> {
  await run();
  const times: number[] = [];
  for (let index = 0; index < RUNS; index++) {
    const begin = performance.now();
    await run();
    times.push(performance.now() - begin);
  }
  return { label, ms: median(times) };
}

/** The cursor that follows the first `depth` messages of a listing, found by walking it 500 at a time. */
async function cursorAt(api: EngineApi, input: InputOf<'listMessages'>, depth: number): Promise<string> {
  let cursor: string | undefined;
  for (let seen = 0; seen < depth; seen += 500) {
    const page = await api.listMessages({ ...input, limit: 500, ...(cursor ? { cursor } : {}) });
    if (!page.nextCursor) throw new Error(`the listing ended before ${depth} messages`);
    cursor = page.nextCursor;
  }
  return cursor!;
}

/** Seeds `count` messages, starts a real engine and admin server on them, and times listings. */
export async function measureListing(count = 100_000): Promise<ListingFigure[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'mx-standby-listing-'));
  const removeOnExit = onExit(() => rmSync(dataDir, { recursive: true, force: true }));
  const seedStart = performance.now();
  seed(join(dataDir, 'queue.sqlite'), count);
  const figures: ListingFigure[] = [{ label: `seed ${count} messages in one transaction`, ms: performance.now() - seedStart }];
  const settings = settingsSchema.parse({ domains: ['example.test'], hostname: 'bench.test', smtpListen: '127.0.0.1:0' });
  const engine = await start(toEngineConfig(settings, dataDir, true), { logger: silentLogger(), configPath: join(dataDir, 'config.json') });
  const admin = await startAdminServer({ api: engine.api, listen: { host: '127.0.0.1', port: 0 }, dataDir, logger: silentLogger() });
  try {
    const { api } = engine;
    const depth = Math.min(DEEP, Math.floor(count * 0.9));
    const deep = await cursorAt(api, {}, depth);
    const deepBySize = await cursorAt(api, { sort: 'size' }, depth);
    const token = await readAdminToken(dataDir);
    const overHttp = (query: string) => async () => {
      const response = await fetch(`${admin.url}/api/v1/messages?${query}`, { headers: { authorization: `Bearer ${token}` } });
      await response.json();
    };
    figures.push(
      await timed('first page, newest first (50)', () => api.listMessages({})),
      await timed(`deep page, after ${depth} (50)`, () => api.listMessages({ cursor: deep })),
      await timed('first page over HTTP, with JSON (50)', overHttp('')),
      await timed(`deep page over HTTP, after ${depth} (50)`, overHttp(`cursor=${deep}`)),
      await timed('first page of held messages (50)', () => api.listMessages({ state: 'held' })),
      await timed('first page by size (50)', () => api.listMessages({ sort: 'size' })),
      await timed(`deep page by size, after ${depth} (50)`, () => api.listMessages({ sort: 'size', cursor: deepBySize })),
      await timed('subject text search, one match', () => api.listMessages({ text: `Order ${Math.floor(count / 2)} ` })),
    );
  } finally {
    await admin.stop();
    await engine.stop();
    await rm(dataDir, { recursive: true, force: true });
    removeOnExit();
  }
  return figures;
}

export function formatListing(figures: ListingFigure[]): string {
  const width = Math.max(...figures.map((figure) => figure.label.length)) + 2;
  const lines = figures.map((figure) => `${figure.label.padEnd(width)}${figure.ms.toFixed(figure.ms < 10 ? 2 : 0).padStart(8)} ms`);
  return `Message listing (median of ${RUNS} runs)\n${lines.join('\n')}\n`;
}

if (import.meta.main) {
  const count = Number(process.argv[2] ?? 100_000);
  process.stdout.write(formatListing(await measureListing(count)));
}
