import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Exit } from '../../bench/process-tools.ts';
import { spawnServe } from '../../bench/serve-process.ts';

export interface Serve {
  pid: number;
  smtpPort: number;
  /** http://127.0.0.1:PORT, where the UI and the API are. */
  adminUrl: string;
  dataDir: string;
  token: string;
  /** The one-time sign-in link serve printed, when it prints one. */
  signInLink: string | null;
  output(): string;
  /** Calls the API with the token: `api('/messages?text=x')`. */
  api<T>(path: string, init?: { method?: string; body?: unknown }): Promise<T>;
  stop(): Promise<Exit>;
}

/**
 * A real `mx-standby serve` for example.test in a temp data folder, SMTP and
 * admin on port 0 of 127.0.0.1 (the ports are read from what it prints), with
 * the primary at 127.0.0.1:primaryPort, probed every 500 ms and retried every
 * second. Run by the caller's Node (Node 24 from node_modules under npm).
 */
export function startServe(primaryPort: number): Promise<Serve> {
  return startServeWith([
    ...['--domain', 'example.test', '--primary', `127.0.0.1:${primaryPort}`],
    ...['--hostname', 'backup.test', '--health-interval', '500ms', '--retry', '1s'],
  ]);
}

/**
 * A real `mx-standby serve` in a temp data folder, SMTP and admin on port 0 of
 * 127.0.0.1, with `flags` (e.g. --config FILE) and extra environment variables.
 */
export async function startServeWith(flags: string[], env: Record<string, string> = {}): Promise<Serve> {
  // serve prints its lines (and the sign-in link, when it prints one) in one write.
  const serve = await spawnServe(['--smtp-listen', '127.0.0.1:0', '--admin-listen', '127.0.0.1:0', ...flags], {
    ready: /^Admin API and web UI on /,
    env,
    folderPrefix: 'mx-standby-e2e-',
  });
  const { dataDir, output, stop } = serve;
  const printed = serve.stdout();
  const smtpPort = Number(/listening for mail on 127\.0\.0\.1:(\d+)/.exec(printed)?.[1]);
  const adminUrl = /Admin API and web UI on (http:\/\/127\.0\.0\.1:\d+)/.exec(printed)?.[1];
  if (!smtpPort || !adminUrl) {
    await stop();
    throw new Error(`could not read the ports serve listens on\n${output()}`);
  }
  const signInLink = /(http:\/\/127\.0\.0\.1:\d+\/#signin=[\w-]+)/.exec(printed)?.[1] ?? null;
  const token = (await readFile(join(dataDir, 'admin-token'), 'utf8')).trim();
  const api = async <T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> => {
    const response = await fetch(`${adminUrl}/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${token}`, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  return { pid: serve.pid, smtpPort, adminUrl, dataDir, token, signInLink, output, api, stop };
}
