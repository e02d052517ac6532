import { z } from 'zod';
import { operations, takesBody, type HttpBinding, type OperationName, type Operations } from './contract.ts';
import { errorBody } from './outputs.ts';
import { messageId } from './schemas.ts';
import { version } from './version.ts';

/**
 * The OpenAPI 3.1 document of the HTTP binding, made from the contract's own
 * schemas and bindings, so it describes exactly what the server does.
 */

type JsonSchema = Record<string, unknown>;
type Operation = Operations[OperationName];

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  // The dialect is the document's own (OpenAPI 3.1 is JSON Schema 2020-12); it is not repeated per schema.
  const result = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  delete result.$schema;
  return result;
}

const errorRef = { $ref: '#/components/schemas/Error' };
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: errorRef } } });

/** A path parameter is described by its field of the input (an attachment's index), else it is a message id. */
function pathParameters(operation: Operation, binding: HttpBinding) {
  const properties = (jsonSchema(operation.input, 'input').properties ?? {}) as Record<string, JsonSchema>;
  return [...binding.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: name !== 'id' && properties[name!] ? properties[name!] : jsonSchema(messageId, 'input'),
  }));
}

/** GET and DELETE take their input in the query string, one parameter per field. */
function queryParameters(operation: Operation, binding: HttpBinding) {
  if (binding.oneMessage || takesBody(binding.method)) return [];
  const schema = jsonSchema(operation.input, 'input');
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties)
    .filter(([name]) => !binding.path.includes(`{${name}}`))
    .map(([name, property]) => ({ name, in: 'query', required: required.has(name), schema: property }));
}

function requestBody(operation: Operation, binding: HttpBinding) {
  if (binding.oneMessage || !takesBody(binding.method)) return undefined;
  const schema = jsonSchema(operation.input, 'input');
  if (Object.keys((schema.properties ?? {}) as object).length === 0) return undefined;
  return { required: true, content: { 'application/json': { schema } } };
}

function success(operation: Operation) {
  switch (operation.kind) {
    case 'query':
    case 'command':
    case 'session':
      return { description: 'OK', content: { 'application/json': { schema: jsonSchema(operation.output, 'output') } } };
    case 'bytes':
      if ('source' in operation && operation.source === 'attachment') {
        return { description: 'The attachment, decoded', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } };
      }
      return { description: 'The message as received', content: { 'message/rfc822': { schema: { type: 'string', format: 'binary' } } } };
    case 'events':
      return { description: 'An endless stream of events', content: { 'text/event-stream': { schema: { type: 'string' } } } };
  }
}

function describe(name: OperationName, binding: HttpBinding, index: number) {
  const operation = operations[name];
  const body = requestBody(operation, binding);
  const lastEventId = operation.kind === 'events' ? [{ name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string' } }] : [];
  return {
    operationId: index === 0 ? name : `${name}One`,
    summary: binding.oneMessage ? `${operation.summary} (the message in the path)` : operation.summary,
    parameters: [...pathParameters(operation, binding), ...queryParameters(operation, binding), ...lastEventId],
    ...(body ? { requestBody: body } : {}),
    ...(operation.kind === 'session' && operation.noToken ? { security: [] } : {}),
    responses: {
      200: success(operation),
      400: errorResponse('The input is not valid; `field` names the culprit'),
      401: errorResponse('No token, or the wrong one'),
      403: errorResponse(operation.kind === 'session' && operation.noToken ? 'Host or Origin is not this machine, or the sign-in code is wrong, used or expired' : 'Host or Origin is not this machine'),
      ...(operation.kind === 'session' && operation.noToken ? { 429: errorResponse('Too many wrong codes lately; Retry-After says when to try again') } : {}),
      404: errorResponse('No message with that id'),
      ...(body ? { 413: errorResponse('The body is larger than 1 MiB') } : {}),
    },
  };
}

export function openApiDocument(): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const name of Object.keys(operations) as OperationName[]) {
    operations[name].http.forEach((binding, index) => {
      const path = (paths[`/api/v1${binding.path}`] ??= {});
      path[binding.method.toLowerCase()] = describe(name, binding, index);
    });
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'MX Standby admin API',
      version,
      description:
        'Every request needs `Authorization: Bearer TOKEN`, with the token from the file admin-token in the data folder; only POST /sign-in, which trades a one-time sign-in code for that token, does not.',
    },
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { Error: jsonSchema(errorBody, 'output') },
    },
    paths,
  };
}
