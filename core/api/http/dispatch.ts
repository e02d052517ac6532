import type { IncomingMessage, ServerResponse } from 'node:http';
import { takesBody, type EngineApi, type JsonOperationName, type SessionApi, type SessionOperationName } from '../contract.ts';
import type { Logger } from '../../log.ts';
import { readJsonBody } from './body.ts';
import { streamEvents, resumeFrom, type EventStreamOptions } from './events.ts';
import { sendAttachment } from './attachment.ts';
import { sendMessageBytes } from './bytes.ts';
import { HttpError, invalidInput, toHttpError } from './http-error.ts';
import { sendJson } from './respond.ts';
import type { Route } from './routes.ts';

export interface DispatchContext {
  api: EngineApi;
  /** Sign-in, which the admin server serves itself. */
  session: SessionApi;
  logger: Logger;
  events: EventStreamOptions;
}

/** Query parameters as input fields; a repeated one becomes a list, which the schema then judges. */
function queryFields(query: URLSearchParams): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key);
    fields[key] = values.length === 1 ? values[0] : values;
  }
  return fields;
}

/** The input as the contract's rules for HTTP bindings say (see HttpBinding). */
async function rawInput(req: IncomingMessage, route: Route, params: Record<string, string>, query: URLSearchParams): Promise<Record<string, unknown>> {
  const body = takesBody(route.binding.method) ? await readJsonBody(req) : {};
  const fromPath = route.binding.oneMessage ? { ids: [params.id] } : params;
  return { ...queryFields(query), ...body, ...fromPath };
}

/** On /messages/{id}/… the selection is the id in the path, so what is said of `ids` is said of `id`. */
function aboutPathId(error: HttpError): HttpError {
  if (error.field === null || !/^ids(\.0)?$/.test(error.field)) return error;
  return new HttpError(error.status, error.code, error.message.replace(/^ids(\.0)?: /, 'id: '), 'id', error.headers);
}

async function run(req: IncomingMessage, res: ServerResponse, route: Route, input: unknown, context: DispatchContext): Promise<void> {
  const { operation } = route;
  switch (operation.kind) {
    case 'query':
    case 'command': {
      const call = context.api[route.name as JsonOperationName] as (input: unknown) => Promise<unknown>;
      return sendJson(res, 200, await call(input));
    }
    case 'session': {
      const call = context.session[route.name as SessionOperationName] as (input: unknown) => Promise<unknown>;
      return sendJson(res, 200, await call(input));
    }
    case 'bytes':
      if ('source' in operation && operation.source === 'attachment') {
        const { id, index } = input as { id: string; index: number };
        return sendAttachment(res, context.api, id, index);
      }
      return sendMessageBytes(res, context.api, (input as { id: string }).id, operation.attachment);
    case 'events':
      return streamEvents(res, context.api, resumeFrom(req, (input as { after?: number }).after), context.events);
  }
}

/** Runs one operation of the contract for an HTTP request: input checked with its schema, answer as JSON or bytes. */
export async function dispatch(req: IncomingMessage, res: ServerResponse, route: Route, params: Record<string, string>, query: URLSearchParams, context: DispatchContext): Promise<void> {
  try {
    const parsed = route.operation.input.safeParse(await rawInput(req, route, params, query));
    if (!parsed.success) throw invalidInput(parsed.error);
    if (route.operation.kind === 'command') {
      const ids = (parsed.data as { ids?: string[] }).ids;
      context.logger.info({ operation: route.name, msg_id: ids?.length === 1 ? ids[0] : undefined, messages: ids?.length }, `admin ${route.name}`);
    }
    await run(req, res, route, parsed.data, context);
  } catch (error) {
    const known = toHttpError(error);
    if (known === null) throw error;
    throw route.binding.oneMessage ? aboutPathId(known) : known;
  }
}
