// The errors a request may end in: every failure a client may see has a stable code from the
// catalogue (src/shared/api/errors.ts) and a status. One handler (platform/http.ts) turns these
// into RFC 9457 problem+json.
import type { ErrorCode } from '../../shared/api/errors.ts';

export type { ErrorCode } from '../../shared/api/errors.ts';

export interface FieldError {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    detail: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail);
    this.name = 'AppError';
  }
}

export class ValidationError extends AppError {
  constructor(detail: string, errors?: FieldError[], code: ErrorCode = 'validation_failed') {
    super(400, code, detail, errors);
  }
}
export class UnauthenticatedError extends AppError {
  constructor(detail = 'Sign in to do this.', code: ErrorCode = 'unauthenticated') {
    super(401, code, detail);
  }
}
export class ForbiddenError extends AppError {
  constructor(detail: string, code: ErrorCode = 'forbidden') {
    super(403, code, detail);
  }
}
export class NotFoundError extends AppError {
  constructor(detail = 'Not found.', code: ErrorCode = 'not_found') {
    super(404, code, detail);
  }
}
export class ConflictError extends AppError {
  constructor(detail: string, code: ErrorCode = 'conflict', errors?: FieldError[]) {
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
  410: 'Gone',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  422: 'Unprocessable Content',
  426: 'Upgrade Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};
