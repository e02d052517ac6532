import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { hostname as osHostname } from 'node:os';
import { HttpError } from './http-error.ts';

/** Host names (not IP literals) that requests may name in their Host header. */
export function allowedHostNames(listenHost: string, machine: string = osHostname()): Set<string> {
  const names = new Set(['localhost']);
  const own = machine.toLowerCase();
  const short = own.split('.')[0]!;
  for (const name of [own, short, `${short}.local`, listenHost.toLowerCase()]) {
    if (name && isIP(name) === 0) names.add(name);
  }
  return names;
}

/** The name in a Host header: without the port, brackets or a trailing dot. */
function hostOf(header: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(header);
  if (bracketed) return bracketed[1]!.toLowerCase();
  return header.replace(/:\d+$/, '').replace(/\.$/, '').toLowerCase();
}

/**
 * DNS rebinding: a page on evil.example whose name is made to resolve to
 * 127.0.0.1 reaches us with "Host: evil.example". Only names of this machine
 * pass. An IP literal always passes: a browser sends one only when it really
 * connected to that address, so no name was rebound.
 */
export function checkHost(req: IncomingMessage, names: ReadonlySet<string>): void {
  const header = req.headers.host;
  const host = header ? hostOf(header) : '';
  if (host === '' || (isIP(host) === 0 && !names.has(host))) {
    throw new HttpError(403, 'bad_host', `requests must name this machine in their Host header, not "${header ?? ''}"`);
  }
}

/** A browser says which page sent a request; only a page from this server itself may call the API. */
export function checkOrigin(req: IncomingMessage): void {
  const origin = req.headers.origin;
  if (origin === undefined) return;
  let host: string | null = null;
  try {
    host = new URL(origin).host;
  } catch {
    // "null" and other unparsable origins are refused below.
  }
  if (host === null || host.toLowerCase() !== (req.headers.host ?? '').toLowerCase()) {
    throw new HttpError(403, 'bad_origin', `requests from pages at ${origin} are not allowed`);
  }
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Hashing first gives equal lengths, so timingSafeEqual compares in constant time whatever was sent. */
function tokenMatches(expected: string, given: string): boolean {
  return timingSafeEqual(digest(expected), digest(given));
}

export function checkBearer(req: IncomingMessage, token: string): void {
  const header = req.headers.authorization ?? '';
  const given = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  const challenge = { 'www-authenticate': 'Bearer realm="MX Standby"' };
  if (given === undefined) {
    throw new HttpError(401, 'unauthorized', 'send the header "Authorization: Bearer TOKEN" with the token from DATA/admin-token', null, challenge);
  }
  if (!tokenMatches(token, given)) {
    throw new HttpError(401, 'unauthorized', 'that token is not right; it is in DATA/admin-token of the running instance', null, challenge);
  }
}
