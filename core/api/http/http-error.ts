import { z } from 'zod';
import { ConfigError } from '../../config/errors.ts';
import type { ErrorBody } from '../contract.ts';
import { ApiError } from '../errors.ts';

/** An answer other than 2xx, with the body every error of the API has. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | null;
  readonly headers: Record<string, string>;

  constructor(status: number, code: string, message: string, field: string | null = null, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
    this.headers = headers;
  }

  body(): ErrorBody {
    return { error: { code: this.code, message: this.message, field: this.field } };
  }
}

const API_STATUS: Record<string, number> = { not_found: 404, invalid_input: 400 };

/** retry.2, tls.cert; an unknown key is named by its own path. */
function fieldOf(issue: z.core.$ZodIssue): string | null {
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
  return path.length === 0 ? null : path.map(String).join('.');
}

export function invalidInput(error: z.ZodError): HttpError {
  const described = error.issues.map((issue) => {
    const field = fieldOf(issue);
    return field === null ? issue.message : `${field}: ${issue.message}`;
  });
  return new HttpError(400, 'invalid_input', described.join('; '), fieldOf(error.issues[0]!));
}

/** Errors the engine names become their HTTP answer; anything else is a bug, answered 500 by the caller. */
export function toHttpError(error: unknown): HttpError | null {
  if (error instanceof HttpError) return error;
  if (error instanceof z.ZodError) return invalidInput(error);
  if (error instanceof ApiError) return new HttpError(API_STATUS[error.code] ?? 400, error.code, error.message, error.field);
  if (error instanceof ConfigError) return new HttpError(400, 'invalid_input', error.message, error.key);
  return null;
}
