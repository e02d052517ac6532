import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { CustomScheme } from 'electron';

/**
 * The built UI is served from app://mx-standby/, a custom protocol that
 * reads only renderer/dist (inside app.asar when packaged). No file://, no
 * http://localhost, no remote content: the page's origin is this one and
 * nothing else answers on it.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'mx-standby';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * The strict Content Security Policy of every page and file served: only the
 * app's own scripts; no inline script, no eval, no plugins, no frames to
 * load, no forms, no connections but the app's own. Two allowances exist for
 * the message viewer's sandboxed srcdoc frame, which inherits this policy on
 * top of its own stricter one: inline styles (mail is styled inline), and
 * https images, which the frame's own policy lets in only after the owner
 * clicked "Load them" (security.ts lets only such image requests out).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Registered before the app is ready: a standard, secure scheme (so the page gets a real origin and ES modules work). */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

/** True for a URL on the app's own origin (URL.origin is "null" for custom schemes, so scheme and host are compared). */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

/** The file a request names inside root, or null: wrong host, an escape out of root, a NUL, bad encoding. */
export function fileFor(root: string, url: string): string | null {
  if (!isAppUrl(url)) return null;
  let path: string;
  try {
    path = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  // The UI routes with the hash, so a path without an extension can only mean the page itself.
  const relative = path === '/' || extname(path) === '' ? 'index.html' : path.replace(/^\/+/, '');
  const base = resolve(root);
  const file = resolve(base, relative);
  return file.startsWith(base + sep) ? file : null;
}

function answer(status: number, body: Uint8Array | string | null, type: string): Response {
  return new Response(body, {
    status,
    headers: {
      'content-type': type,
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'cross-origin-opener-policy': 'same-origin',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    },
  });
}

/** The handler for protocol.handle(APP_SCHEME, …): GET of files in root, 404 for anything else. */
export function createAppHandler(root: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const file = request.method === 'GET' || request.method === 'HEAD' ? fileFor(root, request.url) : null;
    if (file === null) return answer(404, 'Not found', 'text/plain; charset=utf-8');
    let data: Buffer;
    try {
      data = await readFile(file);
    } catch {
      return answer(404, 'Not found', 'text/plain; charset=utf-8');
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    return answer(200, request.method === 'HEAD' ? null : new Uint8Array(data), type);
  };
}
