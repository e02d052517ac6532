import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pipeline } from 'node:stream/promises';
import { HttpError } from './http-error.ts';
import { notBuiltPage } from './ui-not-built.ts';

/** Where Vite puts the built renderer. */
export const DEFAULT_UI_ROOT = fileURLToPath(new URL('../../../renderer/dist', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const notFound = () => new HttpError(404, 'not_found', 'there is nothing here');

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() ?? false;
}

/**
 * The file a URL path names inside root, or null. Symbolic links are
 * followed, and whatever ends up outside root (../, an encoded slash, a link
 * out) is not served. Paths without an extension are the UI's own routes and
 * get index.html.
 */
async function resolveFile(root: string, pathname: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const realRoot = await realpath(root);
  const wanted = join(realRoot, decoded.endsWith('/') ? `${decoded}index.html` : decoded);
  const candidate = (await isFile(wanted)) ? wanted : extname(decoded) === '' ? join(realRoot, 'index.html') : null;
  if (candidate === null) return null;
  const real = await realpath(candidate);
  return real.startsWith(realRoot + sep) ? real : null;
}

/** The built UI at /, or a page saying it is not built yet. */
export async function serveUi(req: IncomingMessage, res: ServerResponse, pathname: string, root: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    throw new HttpError(405, 'method_not_allowed', `${req.method} is not allowed here`, null, { allow: 'GET, HEAD' });
  }
  const common = { 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer' };
  if (!(await isFile(join(root, 'index.html')))) {
    if (pathname !== '/' && pathname !== '/index.html') throw notFound();
    const page = notBuiltPage(root);
    res.writeHead(200, { ...common, 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(page), 'cache-control': 'no-store', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" });
    res.end(req.method === 'HEAD' ? undefined : page);
    return;
  }
  const file = await resolveFile(root, pathname);
  if (file === null) throw notFound();
  res.writeHead(200, { ...common, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
  if (req.method === 'HEAD') return void res.end();
  await pipeline(createReadStream(file), res);
}
