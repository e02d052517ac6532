import { z } from 'zod';
import { messageId } from './schemas.ts';

/**
 * Input and output of the message-content operations (messageContent and
 * attachment), kept beside their implementation the way wildduck keeps a
 * resource's schemas beside its handler; the contract names them.
 */

/** Text and HTML bodies are read up to this many bytes (as sent, before decoding), all parts together. */
export const TEXT_BUDGET = 2 * 1024 * 1024;

export const attachmentInput = z
  .object({
    id: messageId,
    index: z.coerce.number().int().min(0).max(100_000).describe('the attachment\'s `index` as messageContent lists it'),
  })
  .strict();

export const attachmentInfo = z.strictObject({
  index: z.number().int().describe('its place among the attachments, from 0: what the attachment operation takes'),
  filename: z.string().nullable().describe('as the sender named it; unsafe for a file system until cleaned'),
  contentType: z.string().describe('as the sender declared it (or guessed from the file name for application/octet-stream)'),
  size: z.number().int().describe('bytes, decoded'),
  contentId: z.string().nullable().describe('the Content-ID without angle brackets: what cid: URLs in the HTML refer to'),
  inline: z.boolean().describe('meant to be shown within the message (Content-Disposition: inline), such as an embedded image'),
});

export const messageContent = z.strictObject({
  text: z.string().nullable().describe('the plain-text body; null when the message has no text at all'),
  textFromHtml: z.boolean().describe('the message has no plain-text part: `text` was made from its HTML'),
  html: z
    .string()
    .nullable()
    .describe('the HTML body exactly as sent, NOT sanitized: mail from the internet; whoever shows it must sanitize it. Null when there is no HTML part'),
  attachments: z.array(attachmentInfo),
  truncated: z.boolean().describe(`the text and HTML bodies were cut after ${TEXT_BUDGET} bytes in all; rawMessage has everything`),
  problems: z.array(z.string()).describe('what could not be read in the MIME structure; when there are any, the rest is a best effort'),
});

export type AttachmentInput = z.infer<typeof attachmentInput>;
export type AttachmentInfo = z.infer<typeof attachmentInfo>;
export type MessageContent = z.infer<typeof messageContent>;
