import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMIN_LISTEN, listenFailure } from '../../config/listen-failure.ts';
import { formatHostPort, type HostPort } from '../../config/runtime.ts';
import type { Logger } from '../../log.ts';
import type { EngineApi } from '../contract.ts';
import { openApiDocument } from '../openapi.ts';
import { allowedHostNames, checkBearer, checkHost, checkOrigin } from './access.ts';
import { ensureAdminToken, removeAdminUrl, writeAdminUrl } from './admin-files.ts';
import { dispatch } from './dispatch.ts';
import { HttpError, toHttpError } from './http-error.ts';
import { AdminListenError, isLoopback, urlFor } from './listen-address.ts';
import { sendError, sendJson } from './respond.ts';
import { API_PREFIX, contractRoutes, matchRoute } from './routes.ts';
import { SignInCodes } from './sign-in.ts';
import { DEFAULT_UI_ROOT, serveUi } from './static-ui.ts';

export interface AdminServerOptions {
  api: EngineApi;
  listen: HostPort;
  dataDir: string;
  logger: Logger;
  /** The built UI; renderer/dist by default. */
  uiRoot?: string;
  heartbeatMs?: number;
  /** Sign-in links: how long one works (15 minutes) and the clock, for tests. */
  signIn?: { ttlMs?: number; now?: () => number };
}

export interface AdminServer {
  /** Where a client on this machine reaches it, e.g. http://127.0.0.1:8025 */
  url: string;
  address: HostPort;
  /** False when it listens on more than loopback: then only the token keeps others out. */
  loopbackOnly: boolean;
  /** A fresh one-time sign-in link to the UI, e.g. http://127.0.0.1:8025/#signin=CODE */
  signInLink(): { url: string; expiresAt: string };
  stop(): Promise<void>;
}

function listen(server: Server, target: HostPort): Promise<HostPort> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(new AdminListenError(listenFailure(error, target, ADMIN_LISTEN))));
    server.listen(target.port, target.host, () => resolve({ host: target.host, port: (server.address() as AddressInfo).port }));
  });
}

/** The admin API under /api/v1 and the UI at /, on one listener, as `serve` runs it. */
export async function startAdminServer(options: AdminServerOptions): Promise<AdminServer> {
  const { api, logger } = options;
  const token = await ensureAdminToken(options.dataDir);
  const routes = contractRoutes();
  const hostNames = allowedHostNames(options.listen.host);
  const uiRoot = options.uiRoot ?? DEFAULT_UI_ROOT;
  let baseUrl = '';
  const codes = new SignInCodes({ token, baseUrl: () => baseUrl, logger, ...options.signIn });
  const context = { api, session: codes.api(), logger, events: { heartbeatMs: options.heartbeatMs ?? 15_000 } };

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    checkOrigin(req);
    const path = url.pathname.slice(API_PREFIX.length) || '/';
    const match = matchRoute(routes, req.method ?? '', path);
    // Only signIn goes without the token: it is how a browser gets it.
    const noToken = match.kind === 'found' && match.route.operation.kind === 'session' && match.route.operation.noToken;
    if (!noToken) checkBearer(req, token);
    if (path === '/openapi.json') {
      if (req.method !== 'GET') throw new HttpError(405, 'method_not_allowed', `${req.method} is not allowed here`, null, { allow: 'GET' });
      return sendJson(res, 200, openApiDocument());
    }
    if (match.kind === 'none') throw new HttpError(404, 'not_found', `there is no ${API_PREFIX}${path}; see ${API_PREFIX}/openapi.json`);
    if (match.kind === 'wrong-method') {
      throw new HttpError(405, 'method_not_allowed', `${req.method} is not allowed on ${url.pathname}`, null, { allow: match.allow.join(', ') });
    }
    await dispatch(req, res, match.route, match.params, url.searchParams, context);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      checkHost(req, hostNames);
      const url = new URL(req.url ?? '/', 'http://admin.invalid');
      const isApi = url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`);
      await (isApi ? handleApi(req, res, url) : serveUi(req, res, url.pathname, uiRoot));
    } catch (error) {
      const known = toHttpError(error);
      if (!known) logger.error({ err: error, method: req.method, url: req.url }, 'admin request failed');
      if (res.headersSent) return void res.destroy();
      sendError(res, known ?? new HttpError(500, 'internal_error', 'something went wrong inside MX Standby; its log says more'));
    }
  }

  // handle answers every failure itself, so its promise cannot reject.
  const server = createServer((req, res) => void handle(req, res));
  const address = await listen(server, options.listen);
  const url = urlFor(address);
  baseUrl = url;
  await writeAdminUrl(options.dataDir, url);
  const loopbackOnly = isLoopback(address.host);
  if (!loopbackOnly) logger.warn({ listen: formatHostPort(address) }, 'the admin API listens beyond this machine; only its token keeps others out');

  return {
    url,
    address,
    loopbackOnly,
    signInLink: () => codes.link(),
    stop: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Event streams never end by themselves.
      server.closeAllConnections();
      await closed;
      await removeAdminUrl(options.dataDir);
    },
  };
}
