import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron';
import { operations, type EngineApi, type EngineEvent, type JsonOperationName } from '../core/api/contract.ts';
import { safeContentType } from '../core/api/http/attachment.ts';
import { HttpError, invalidInput, toHttpError } from '../core/api/http/http-error.ts';
import type { Logger } from '../core/log.ts';
import { ATTACHMENT_CHANNEL, BYTES_CHANNEL, callChannel, EVENT_CHANNEL, jsonOperationNames, SUBSCRIBE_CHANNEL, type AttachmentBytes, type IpcFailure, type IpcResult } from './bridge.ts';

/** The part of ipcMain the binding uses (Electron's IpcMain fits); main.ts passes the real one, tests a stand-in. */
export interface MainIpc {
  handle: IpcMain['handle'];
  removeHandler: IpcMain['removeHandler'];
  on(channel: string, listener: (event: IpcMainEvent, ...args: any[]) => void): unknown;
  removeListener(channel: string, listener: (...args: any[]) => void): unknown;
}

type Sender = Pick<WebContents, 'id' | 'send' | 'isDestroyed' | 'once'>;
type CheckedEvent = { senderFrame: Pick<WebFrameMain, 'url' | 'parent'> | null; sender: Sender };

export interface BindingOptions {
  ipcMain: MainIpc;
  api: EngineApi;
  /** Whether a call comes from the app's own page (security.ts isAppFrame). */
  isTrusted: (frame: CheckedEvent['senderFrame']) => boolean;
  logger: Logger;
}

const FORBIDDEN: IpcFailure = { status: 403, code: 'forbidden', message: 'only the MX Standby window may do this', field: null };
const INTERNAL = new HttpError(500, 'internal_error', 'something went wrong inside MX Standby; its log says more');

function failure(error: HttpError): { ok: false; error: IpcFailure } {
  return { ok: false, error: { status: error.status, code: error.code, message: error.message, field: error.field } };
}

/** The same answers as the HTTP binding gives for the same errors; anything unnamed is logged and reported as internal. */
function asFailure(error: unknown, logger: Logger, operation: string): { ok: false; error: IpcFailure } {
  const known = toHttpError(error);
  if (known === null) logger.error({ err: error, operation }, 'desktop IPC call failed');
  return failure(known ?? INTERNAL);
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * Binds the contract to ipcMain: one handler per JSON operation, the message
 * bytes and the event subscription. Every call's sender frame is checked
 * first, then its input is parsed with the operation's own schema (the
 * engine parses again). Returns the unbind.
 */
export function bindContract({ ipcMain, api, isTrusted, logger }: BindingOptions): () => void {
  const untrusted = (event: CheckedEvent, channel: string) => {
    if (isTrusted(event.senderFrame)) return false;
    logger.warn({ channel, url: event.senderFrame?.url ?? null }, 'refused desktop IPC from a page that is not the app');
    return true;
  };

  const channels: string[] = [];
  for (const name of jsonOperationNames()) {
    const channel = callChannel(name);
    channels.push(channel);
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, input: unknown) => call(event, name, input));
  }
  async function call(event: CheckedEvent, name: JsonOperationName, input: unknown): Promise<IpcResult<unknown>> {
    if (untrusted(event, name)) return { ok: false, error: FORBIDDEN };
    const parsed = operations[name].input.safeParse(input ?? {});
    if (!parsed.success) return failure(invalidInput(parsed.error));
    if (operations[name].kind === 'command') {
      const ids = (parsed.data as { ids?: string[] }).ids;
      logger.info({ operation: name, msg_id: ids?.length === 1 ? ids[0] : undefined, messages: ids?.length }, `desktop ${name}`);
    }
    try {
      const run = api[name] as (input: unknown) => Promise<unknown>;
      return { ok: true, value: await run(parsed.data) };
    } catch (error) {
      return asFailure(error, logger, name);
    }
  }

  channels.push(BYTES_CHANNEL);
  ipcMain.handle(BYTES_CHANNEL, async (event: IpcMainInvokeEvent, id: unknown): Promise<IpcResult<Uint8Array>> => {
    if (untrusted(event, BYTES_CHANNEL)) return { ok: false, error: FORBIDDEN };
    const parsed = operations.rawMessage.input.safeParse({ id });
    if (!parsed.success) return failure(invalidInput(parsed.error));
    try {
      return { ok: true, value: await readAll(await api.rawMessage(parsed.data.id)) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return failure(new HttpError(404, 'not_found', `message ${parsed.data.id} is no longer here`, 'id'));
      }
      return asFailure(error, logger, 'messageBytes');
    }
  });

  channels.push(ATTACHMENT_CHANNEL);
  ipcMain.handle(ATTACHMENT_CHANNEL, async (event: IpcMainInvokeEvent, id: unknown, index: unknown): Promise<IpcResult<AttachmentBytes>> => {
    if (untrusted(event, ATTACHMENT_CHANNEL)) return { ok: false, error: FORBIDDEN };
    const parsed = operations.attachment.input.safeParse({ id, index });
    if (!parsed.success) return failure(invalidInput(parsed.error));
    try {
      const file = await api.attachment(parsed.data.id, parsed.data.index);
      return { ok: true, value: { bytes: await readAll(file.content), contentType: safeContentType(file.contentType) } };
    } catch (error) {
      return asFailure(error, logger, 'attachmentBytes');
    }
  });

  // One engine subscription per web contents, while its page has listeners; gone with the contents.
  const subscriptions = new Map<number, () => void>();
  const onSubscribe = (event: IpcMainEvent, wanted: unknown) => {
    if (untrusted(event, SUBSCRIBE_CHANNEL)) return;
    const contents: Sender = event.sender;
    const existing = subscriptions.get(contents.id);
    if (wanted !== true) {
      existing?.();
      return;
    }
    if (existing) return;
    const unsubscribe = api.subscribe((engineEvent: EngineEvent) => {
      if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, engineEvent);
    });
    const end = () => {
      if (subscriptions.get(contents.id) !== end) return;
      subscriptions.delete(contents.id);
      unsubscribe();
    };
    subscriptions.set(contents.id, end);
    contents.once('destroyed', end);
  };
  ipcMain.on(SUBSCRIBE_CHANNEL, onSubscribe);

  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
    ipcMain.removeListener(SUBSCRIBE_CHANNEL, onSubscribe);
    for (const end of [...subscriptions.values()]) end();
  };
}
