import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { EngineApi } from '../contract.ts';
import { HttpError } from './http-error.ts';
import { API_HEADERS } from './respond.ts';

/**
 * Streams a message's stored bytes, never buffering the whole of it. Headers
 * are only set, not sent, until the first bytes are read, so a body that
 * vanished (deleted meanwhile) still gets a proper 404.
 */
export async function sendMessageBytes(res: ServerResponse, api: EngineApi, id: string, attachment: boolean): Promise<void> {
  const source = (await api.rawMessage(id)) as Readable;
  for (const [name, value] of Object.entries(API_HEADERS)) res.setHeader(name, value);
  res.setHeader('content-type', 'message/rfc822');
  res.setHeader('content-disposition', attachment ? `attachment; filename="${id}.eml"` : 'inline');
  try {
    await pipeline(source, res);
  } catch (error) {
    if (!res.headersSent && (error as NodeJS.ErrnoException).code === 'ENOENT') {
      for (const name of ['content-type', 'content-disposition']) res.removeHeader(name);
      throw new HttpError(404, 'not_found', `message ${id} is no longer here`, 'id');
    }
    throw error;
  }
}
