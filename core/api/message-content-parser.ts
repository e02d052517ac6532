import { Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MailParser, type AttachmentStream, type MessageText } from 'mailparser';
import { TEXT_BUDGET } from './message-content-schemas.ts';

/** What MailParser keeps to itself but a bounded parse needs (mailparser 3.14, dist/esm/mail-parser.js). */
interface ParserInternals {
  curnode: { isAttachment?: boolean; decoder?: unknown } | false;
  hasText: boolean;
  hasHtml: boolean;
  processChunk(data: { type: string; value?: Buffer }, done: (error?: Error) => void): void;
  getTextContent(): MessageText;
}

const internals = (parser: MailParser) => parser as unknown as ParserInternals;
const baseProcessChunk = internals(MailParser.prototype as MailParser).processChunk;

/**
 * MailParser streams attachments, but keeps every inline text and HTML part in
 * memory to join them at the end. This one feeds it at most TEXT_BUDGET bytes
 * of such parts in all, so what it holds does not grow with the message: a
 * 20 MB attachment flows through and is never held; a 20 MB text part is cut.
 */
class BoundedMailParser extends MailParser {
  textBytes = 0;
  cut = false;

  processChunk(data: { type: string; value?: Buffer }, done: (error?: Error) => void): void {
    const node = internals(this).curnode;
    if (data.type === 'body' && data.value && node && node.decoder && !node.isAttachment) {
      this.textBytes += data.value.length;
      if (this.textBytes > TEXT_BUDGET) {
        this.cut = true;
        return void setImmediate(done);
      }
    }
    baseProcessChunk.call(this, data, done);
  }
}

export interface ParseOptions {
  /** Called for each attachment in order; the parse waits until it resolves. Read or drain the content before resolving. */
  onAttachment: (attachment: AttachmentStream, index: number) => Promise<void>;
  /** Stops the parse early, e.g. once the wanted attachment has been sent. */
  signal?: AbortSignal;
}

export interface ParseResult {
  text: MessageText | null;
  textFromHtml: boolean;
  truncated: boolean;
  /** Why the parse stopped before the end, if it did. */
  failure: Error | null;
}

function createParser(): BoundedMailParser {
  return new BoundedMailParser({
    checksumAlgo: false,
    skipImageLinks: true,
    // Links are not made clickable on the server: the viewer decides what a link may do.
    skipTextLinks: true,
    maxHtmlLengthToParse: TEXT_BUDGET,
  });
}

/** Whatever text the parser had gathered when it failed, so a broken message still shows what can be shown. */
function salvageText(parser: BoundedMailParser): MessageText | null {
  try {
    return internals(parser).getTextContent();
  } catch {
    return null;
  }
}

/**
 * Parses a stored message as it streams from the spool. Attachments go to
 * `onAttachment` one at a time with their content as a stream; the text comes
 * back at the end. A parse error is not thrown: it is returned as `failure`
 * with whatever was read before it. A failing `onAttachment` or a missing file
 * is thrown.
 */
export async function parseMessage(source: Readable, options: ParseOptions): Promise<ParseResult> {
  const parser = createParser();
  let text: MessageText | null = null;
  let index = 0;
  let ownError: unknown = null;
  const sink = new Writable({
    objectMode: true,
    write(item: AttachmentStream | MessageText, _encoding, callback) {
      if (item.type === 'text') {
        text = item;
        return callback();
      }
      options.onAttachment(item, index++).then(
        () => {
          item.release?.();
          callback();
        },
        (error: unknown) => {
          ownError = error;
          callback(error as Error);
        },
      );
    },
  });
  let failure: Error | null = null;
  try {
    await pipeline(source, parser, sink, ...(options.signal ? [{ signal: options.signal }] : []));
  } catch (error) {
    if (ownError !== null) throw ownError;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw error;
    if (!options.signal?.aborted) failure = error as Error;
  }
  const inner = internals(parser);
  return {
    text: text ?? (failure ? salvageText(parser) : null),
    textFromHtml: !inner.hasText && inner.hasHtml,
    truncated: parser.cut,
    failure,
  };
}
