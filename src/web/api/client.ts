// The one way the web client talks to the server: same-origin fetch, JSON in and out,
// and every failure turned into an ApiError that carries the problem+json fields.
import type { Problem } from '../../shared/api/common.ts';
import { type ErrorCode, isErrorCode } from '../../shared/api/errors.ts';

export type FieldError = { field: string; message: string };

/** A code of the server's catalogue, or the client's own when no problem+json came back. */
export type ApiErrorCode = ErrorCode | typeof NETWORK_ERROR | `http_${number}`;
type ProblemFields = Omit<Problem, 'code'> & { code: ApiErrorCode };

export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly title: string;
  readonly detail: string;
  readonly type: string;
  readonly requestId: string | undefined;
  readonly errors: FieldError[];

  constructor(problem: ProblemFields) {
    super(problem.detail || problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code;
    this.title = problem.title;
    this.detail = problem.detail;
    this.type = problem.type;
    this.requestId = problem.requestId;
    this.errors = problem.errors ?? [];
  }

  /** The server's message for one field, if it sent one. */
  fieldError(field: string): string | undefined {
    return this.errors.find((e) => e.field === field || e.field === `/${field}`)?.message;
  }
}

/** Status 0: the request never got an HTTP answer (offline, DNS, server down). */
export const NETWORK_ERROR = 'network_error';

export function isApiError(error: unknown, code?: ApiErrorCode): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type RequestOptions = {
  method?: Method;
  body?: unknown;
  query?: Record<string, string | number | undefined | null>;
  signal?: AbortSignal;
};

function withQuery(path: string, query: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.status === 'number' && typeof v.code === 'string';
}

async function readProblem(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // A proxy's HTML error page or an empty body: fall through to a generic problem.
  }
  if (isProblem(body)) {
    return new ApiError({
      type: body.type ?? 'about:blank',
      title: body.title ?? response.statusText,
      status: body.status,
      // A code this client does not know (a newer server) is treated like a bare status.
      code: isErrorCode(body.code) ? body.code : `http_${body.status}`,
      detail: body.detail ?? '',
      requestId: body.requestId,
      errors: Array.isArray(body.errors) ? body.errors : undefined,
    });
  }
  return new ApiError({
    type: 'about:blank',
    title: response.statusText || 'Error',
    status: response.status,
    code: `http_${response.status}`,
    detail: response.statusText,
  });
}

/** Calls `/api/v1${path}`; resolves with the parsed JSON body, or undefined for 204. */
export async function apiFetch<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, query, signal } = options;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(withQuery(`/api/v1${path}`, query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError({
      type: 'about:blank',
      title: 'Network error',
      status: 0,
      code: NETWORK_ERROR,
      detail: error instanceof Error ? error.message : String(error),
    });
  }
  if (!response.ok) throw await readProblem(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}
