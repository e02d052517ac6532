/** Errors the contract names, so every binding can answer them the same way. */
export class ApiError extends Error {
  readonly code: string;
  readonly field: string | null;

  constructor(code: string, field: string | null, message: string) {
    super(message);
    this.code = code;
    this.field = field;
  }
}

export class NotFound extends ApiError {
  constructor(field: string, message: string) {
    super('not_found', field, message);
  }
}

export class InvalidInput extends ApiError {
  constructor(field: string | null, message: string) {
    super('invalid_input', field, message);
  }
}
