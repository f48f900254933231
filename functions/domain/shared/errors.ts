/** Typed domain errors. Each carries a stable `code` and the HTTP `status` the API answers with. */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

/**
 * Ends a workflow on purpose: the state machine catches it by name as an outcome (the work is already over), so it
 * is no failure to alarm on. Subclasses set `name` to what the ASL's Catch matches.
 */
export class WorkflowOutcome extends Error {}

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name; // Step Functions Catch matches on the error name
  }
}

export class ValidationError extends DomainError {
  constructor(
    readonly errors: readonly FieldError[],
    message = 'The request is not valid',
  ) {
    super('VALIDATION_FAILED', 400, message);
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string) {
    super('NOT_FOUND', 404, `${what} was not found`);
  }
}

export class ForbiddenError extends DomainError {
  constructor(action: string) {
    super('FORBIDDEN', 403, `You may not ${action}`);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(message = 'A valid bearer token is required') {
    super('UNAUTHORIZED', 401, message);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, code = 'CONFLICT') {
    super(code, 409, message);
  }
}

export class InvalidTransitionError extends DomainError {
  constructor(from: string, to: string, allowed: readonly string[]) {
    super('INVALID_TRANSITION', 422, `An incident cannot move from ${from} to ${to}`, { from, to, allowed });
  }
}

export class BusinessRuleError extends DomainError {
  constructor(
    code: string,
    message: string,
    readonly errors: readonly FieldError[] = [],
  ) {
    super(code, 422, message);
  }
}

export class PreconditionFailedError extends DomainError {
  constructor(what: string, expected: number, current?: number) {
    super('VERSION_MISMATCH', 412, `${what} has changed since version ${expected}; read it again and retry`, {
      expectedVersion: expected,
      ...(current === undefined ? {} : { currentVersion: current }),
    });
  }
}

export class PreconditionRequiredError extends DomainError {
  constructor() {
    super('IF_MATCH_REQUIRED', 428, 'Send If-Match with the version you read (the ETag) to update this record');
  }
}

export class IdempotencyKeyReusedError extends DomainError {
  constructor() {
    super('IDEMPOTENCY_KEY_REUSED', 422, 'This Idempotency-Key was already used with a different request body');
  }
}

export class PayloadTooLargeError extends DomainError {
  constructor(limit: number) {
    super('PAYLOAD_TOO_LARGE', 413, `The request body exceeds ${limit} bytes`);
  }
}

export class UnsupportedMediaTypeError extends DomainError {
  constructor() {
    super('UNSUPPORTED_MEDIA_TYPE', 415, 'Send the body as application/json');
  }
}

export class MethodNotAllowedError extends DomainError {
  constructor(
    method: string,
    /** The methods the path does serve (the `Allow` header). */
    readonly allow: readonly string[],
  ) {
    super('METHOD_NOT_ALLOWED', 405, `${method} is not served here; this path serves ${allow.join(', ')}`);
  }
}

export class InvalidCursorError extends DomainError {
  constructor() {
    super('INVALID_CURSOR', 400, 'The cursor is not one this API returned; start again without it');
  }
}
