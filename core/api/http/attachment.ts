import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { EngineApi } from '../contract.ts';
import { API_HEADERS } from './respond.ts';

/**
 * Types a browser shows as what they are, with nothing in them that runs.
 * Everything else (HTML, SVG, PDF, scripts, office files…) goes out as
 * application/octet-stream, to be saved, never rendered by the admin UI's origin.
 */
const HARMLESS = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'text/plain']);

export function safeContentType(declared: string): string {
  const type = declared.split(';')[0]!.trim().toLowerCase();
  return HARMLESS.has(type) ? type : 'application/octet-stream';
}

/**
 * A file name that is only a name: no folders, no control or quoting
 * characters, no leading dots, at most 150 characters; `attachment-N` when
 * nothing is left. Bidi controls go too (embeddings, overrides, isolates and
 * the marks U+200E, U+200F, U+061C): "invoice\u202Efdp.exe" would otherwise
 * be saved under a name that reads as "invoiceexe.pdf".
 */
export function safeFilename(name: string | null, index: number): string {
  const cleaned = (name ?? '')
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f"\\/:*?<>|\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[._\s-]+/, '')
    .slice(0, 150)
    .trim();
  return cleaned === '' || /^_+$/.test(cleaned) ? `attachment-${index}` : cleaned;
}

/** Content-Disposition with an ASCII fallback and the full name in RFC 6266 / 8187 form. */
export function attachmentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/[%']/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return ascii === filename ? `attachment; filename="${ascii}"` : `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * Streams one decoded attachment of a message: the message is parsed only as
 * far as that attachment, and only as fast as the client reads it.
 */
export async function sendAttachment(res: ServerResponse, api: EngineApi, id: string, index: number): Promise<void> {
  const file = await api.attachment(id, index);
  const content = file.content as Readable;
  for (const [name, value] of Object.entries(API_HEADERS)) res.setHeader(name, value);
  res.setHeader('content-type', safeContentType(file.contentType));
  res.setHeader('content-disposition', attachmentDisposition(safeFilename(file.filename, index)));
  // Opened directly in a tab, it still runs nothing and loads nothing.
  res.setHeader('content-security-policy', "default-src 'none'; sandbox");
  await pipeline(content, res);
}
