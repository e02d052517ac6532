import { startPrimary, type PrimaryFixture } from '../fixtures/primary.ts';
import { request } from 'node:http';
import { readAdminToken } from '../../core/api/http/admin-files.ts';
import { startAdminServer, type AdminServer } from '../../core/api/http/server.ts';
import type { Settings } from '../../core/config/schema.ts';
import { silentLogger } from '../../core/log.ts';
import { plainMessage, queueIdOf, sendMail, startEngine, until, type RunningEngine } from './engine-harness.ts';

export interface RunningAdmin {
  running: RunningEngine;
  admin: AdminServer;
  token: string;
  /** fetch on the admin API with the token, e.g. call('/status'). */
  call: (path: string, init?: RequestInit) => Promise<Response>;
  /** Sends one message to user@example.test and returns its queue id. */
  send: (subject: string, options?: { from?: string; to?: string[] }) => Promise<string>;
  stop: () => Promise<void>;
}

/** A real engine with its admin HTTP server on 127.0.0.1, as `serve` runs them. */
export async function startAdmin(
  overrides: Partial<Settings> & { primaryPort?: number },
  options: { uiRoot?: string; heartbeatMs?: number; dataDir?: string; signIn?: { ttlMs?: number; now?: () => number } } = {},
): Promise<RunningAdmin> {
  const running = await startEngine(overrides, options.dataDir);
  const admin = await startAdminServer({
    api: running.engine.api,
    listen: { host: '127.0.0.1', port: 0 },
    dataDir: running.dataDir,
    logger: silentLogger(),
    ...(options.uiRoot ? { uiRoot: options.uiRoot } : {}),
    ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
    ...(options.signIn ? { signIn: options.signIn } : {}),
  });
  const token = (await readAdminToken(running.dataDir))!;
  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${admin.url}/api/v1${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}), ...(init.headers as Record<string, string>) },
    });
  const send = async (subject: string, mail: { from?: string; to?: string[] } = {}) => {
    const result = await sendMail(running.port, {
      from: mail.from ?? 'sender@origin.test',
      to: mail.to ?? ['user@example.test'],
      raw: plainMessage(subject),
    });
    if (!result.ok) throw new Error(`sending "${subject}" failed: ${result.response}`);
    return queueIdOf(result.response);
  };
  return {
    running,
    admin,
    token,
    call,
    send,
    stop: async () => {
      await admin.stop();
      await running.stop();
    },
  };
}

/**
 * Until the first health check, the engine tries the primary as soon as mail
 * arrives, and a message is briefly "delivering". Tests that act on held mail
 * wait for the engine to know the primary is down, so their mail sits still.
 */
export async function primaryKnownDown(server: RunningAdmin): Promise<void> {
  const isDown = async () => (await server.running.engine.api.status({})).primary.destinations.some((item) => item.state === 'down');
  await until(isDown, 10_000, 'the engine to see the primary down');
}

export interface HeldThree {
  primary: PrimaryFixture;
  server: RunningAdmin;
  /** invoice 1 and invoice 2 from billing@origin.test, a newsletter to two recipients between them. */
  ids: string[];
  stop(): Promise<void>;
}

/** An admin server holding three messages while its primary is known to be down: the queries' and counts' common ground. */
export async function startHoldingThree(): Promise<HeldThree> {
  const primary = await startPrimary({ up: false });
  const server = await startAdmin({ primaryPort: primary.port });
  await primaryKnownDown(server);
  const ids = [
    await server.send('invoice 1', { from: 'billing@origin.test' }),
    await server.send('newsletter', { from: 'news@origin.test', to: ['user@example.test', 'other@example.test'] }),
    await server.send('invoice 2', { from: 'billing@origin.test' }),
  ];
  return {
    primary,
    server,
    ids,
    stop: async () => {
      await server.stop();
      await primary.stop();
    },
  };
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with exactly the headers given, Host included (fetch would set its own). */
export function rawRequest(url: string, options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, method: options.method ?? 'GET', path: options.path, headers: options.headers ?? {}, setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}
