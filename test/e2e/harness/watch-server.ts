import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WatchServer {
  /** http://127.0.0.1:PORT */
  origin: string;
  /** Every path that was asked for. */
  hits: string[];
  stop(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 that payloads aim at: any hit means something got out of the viewer. */
export async function startWatchServer(): Promise<WatchServer> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(204, { 'access-control-allow-origin': '*' });
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    hits,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
