// The error catalogue: every failure a client may see has a stable code and status.
// One handler (platform/http.ts) turns these into RFC 9457 problem+json.

export interface FieldError {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail);
    this.name = 'AppError';
  }
}

export class ValidationError extends AppError {
  constructor(detail: string, errors?: FieldError[], code = 'validation_failed') {
    super(400, code, detail, errors);
  }
}
export class UnauthenticatedError extends AppError {
  constructor(detail = 'Sign in to do this.', code = 'unauthenticated') {
    super(401, code, detail);
  }
}
export class ForbiddenError extends AppError {
  constructor(detail: string, code = 'forbidden') {
    super(403, code, detail);
  }
}
export class NotFoundError extends AppError {
  constructor(detail = 'Not found.', code = 'not_found') {
    super(404, code, detail);
  }
}
export class ConflictError extends AppError {
  constructor(detail: string, code = 'conflict', errors?: FieldError[]) {
    super(409, code, detail, errors);
  }
}
export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'rate_limited', `Too many requests. Try again in ${retryAfterSeconds} s.`, undefined, {
      'retry-after': String(retryAfterSeconds),
    });
  }
}

export const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};
