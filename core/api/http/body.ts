import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error.ts';

const BODY_LIMIT = 1024 * 1024;

function tooLarge(limit: number): HttpError {
  return new HttpError(413, 'body_too_large', `the request body is larger than ${limit} bytes`, null, { connection: 'close' });
}

/** The body's bytes, or null as soon as it passes the limit; the rest is then read and dropped. */
function collect(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    req.on('data', (chunk: Buffer) => {
      if (length > limit) return;
      length += chunk.length;
      if (length > limit) resolve(null);
      else chunks.push(chunk);
    });
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

/**
 * The JSON object a request carries, or {} when it carries nothing. An
 * oversized body is drained rather than cut off, so the client reads its 413
 * instead of a reset connection; only a client that holds the token gets here.
 */
export async function readJsonBody(req: IncomingMessage, limit = BODY_LIMIT): Promise<Record<string, unknown>> {
  if (Number(req.headers['content-length'] ?? 0) > limit) {
    req.resume();
    throw tooLarge(limit);
  }
  const bytes = await collect(req, limit);
  if (bytes === null) throw tooLarge(limit);
  if (bytes.length === 0) return {};
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new HttpError(415, 'unsupported_media_type', 'send the body as JSON, with "Content-Type: application/json"');
  }
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new HttpError(400, 'invalid_json', `the body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpError(400, 'invalid_json', 'the body must be a JSON object');
  }
  return value as Record<string, unknown>;
}
