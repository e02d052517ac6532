import type { Readable } from 'node:stream';

const HEADER_END = Buffer.from('\r\n\r\n');
// The message is read as if it followed a line break, so a message whose very
// first line is empty is found to have an empty header section.
const VIRTUAL_START = Buffer.from('\r\n');

/**
 * The header section of a message, up to and including the CRLF that ends its
 * last header line; the empty line and the body are never read. Leaving the loop
 * early destroys the source, so the rest of a large message is not read at all.
 */
export async function* headerSection(source: Readable): AsyncGenerator<Buffer> {
  // The start of `held` that is VIRTUAL_START rather than message bytes.
  let virtual = VIRTUAL_START.length;
  let held: Buffer = VIRTUAL_START;
  for await (const chunk of source as AsyncIterable<Buffer>) {
    const data = Buffer.concat([held, chunk]);
    const end = data.indexOf(HEADER_END);
    if (end >= 0) {
      if (end + 2 > virtual) yield data.subarray(virtual, end + 2);
      return;
    }
    // The last three bytes may be the start of a terminator that the next chunk completes.
    const emitEnd = data.length - (HEADER_END.length - 1);
    if (emitEnd > virtual) {
      yield data.subarray(virtual, emitEnd);
      held = data.subarray(emitEnd);
      virtual = 0;
    } else {
      held = data;
    }
  }
  if (held.length > virtual) yield held.subarray(virtual);
}
