import { finished } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type { AttachmentStream } from 'mailparser';
import type { EngineParts } from '../engine-parts.ts';
import type { AttachmentFile } from './contract.ts';
import { NotFound } from './errors.ts';
import { findMessage } from './message-views.ts';
import { parseMessage } from './message-content-parser.ts';
import type { AttachmentInfo, MessageContent } from './message-content-schemas.ts';

/** Attachments listed in one answer; a message with more says so in `problems` (they can still be downloaded by index). */
const LISTED = 1000;

function describe(attachment: AttachmentStream, index: number, size: number): AttachmentInfo {
  const disposition = attachment.contentDisposition?.toLowerCase();
  return {
    index,
    filename: attachment.filename ?? null,
    contentType: attachment.contentType,
    size,
    contentId: attachment.cid ?? null,
    inline: disposition === 'inline' || (disposition === undefined && attachment.related === true),
  };
}

/** Reads an attachment's content to its end, keeping only its length. */
async function measure(content: Readable): Promise<number> {
  let size = 0;
  content.on('data', (chunk: Buffer) => {
    size += chunk.length;
  });
  await finished(content);
  return size;
}

function explain(failure: Error): string {
  return `the MIME structure could not be read to the end (${failure.message}); what is shown is what came before`;
}

function gone(id: string): NotFound {
  return new NotFound('id', `message ${id} is no longer here: it was deleted, or delivered and cleaned up`);
}

/** The message as a reader sees it: bodies and the list of attachments, parsed from the spool as it streams. */
export async function messageContent(parts: EngineParts, id: string): Promise<MessageContent> {
  const message = findMessage(parts, id);
  const attachments: AttachmentInfo[] = [];
  let unlisted = 0;
  let result;
  try {
    result = await parseMessage(parts.spool.read(message.spoolFile), {
      onAttachment: async (attachment, index) => {
        const size = await measure(attachment.content);
        if (attachments.length < LISTED) attachments.push(describe(attachment, index, size));
        else unlisted++;
      },
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw gone(id);
    throw error;
  }
  const problems: string[] = [];
  if (result.failure) problems.push(explain(result.failure));
  if (result.text?.textConversionError) problems.push(`the HTML could not be turned into plain text (${result.text.textConversionError.message})`);
  if (unlisted > 0) problems.push(`${unlisted} more attachments are not listed; only the first ${LISTED} are`);
  return {
    text: result.text?.text ?? null,
    textFromHtml: result.textFromHtml && typeof result.text?.text === 'string',
    html: typeof result.text?.html === 'string' ? result.text.html : null,
    attachments,
    truncated: result.truncated,
    problems,
  };
}

/**
 * One attachment, decoded, as a stream: the message is parsed only as far as
 * that attachment and as fast as its reader takes the bytes.
 */
export function openAttachment(parts: EngineParts, id: string, index: number): Promise<AttachmentFile> {
  const message = findMessage(parts, id);
  const stop = new AbortController();
  return new Promise<AttachmentFile>((resolve, reject) => {
    let found = false;
    const parse = parseMessage(parts.spool.read(message.spoolFile), {
      signal: stop.signal,
      onAttachment: async (attachment, at) => {
        if (at !== index) {
          attachment.content.resume();
          return void (await finished(attachment.content));
        }
        found = true;
        resolve({ filename: attachment.filename ?? null, contentType: attachment.contentType, content: attachment.content });
        await finished(attachment.content).catch(() => undefined);
        stop.abort();
      },
    });
    parse.then(
      (result) => {
        if (found) return;
        if (result.failure) reject(new NotFound('index', `attachment ${index} of message ${id} could not be read: ${explain(result.failure)}`));
        else reject(new NotFound('index', `message ${id} has no attachment ${index}`));
      },
      (error: unknown) => {
        if (found) return;
        reject((error as NodeJS.ErrnoException).code === 'ENOENT' ? gone(id) : error);
      },
    );
  });
}
