import type { Readable } from 'node:stream';

const LIMIT = 256 * 1024;

/** The header section of a stored message (up to 256 KB), read without loading the body. */
export async function readHeaderSection(source: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      length += chunk.length;
      const text = Buffer.concat(chunks).toString('utf8');
      const end = text.indexOf('\r\n\r\n');
      if (end !== -1) return text.slice(0, end + 2);
      if (text.startsWith('\r\n')) return '';
      if (length >= LIMIT) return text.slice(0, LIMIT);
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    source.destroy();
  }
}
