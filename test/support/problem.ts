// The contract every error response keeps, for tests: problem+json, a catalogue code with its
// status, the request id in the body and the header, and a small body whatever the request was.
import assert from 'node:assert/strict';
import { ERRORS, isErrorCode } from '../../src/shared/api/errors.ts';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  requestId: string;
  errors?: Array<{ field: string; message: string }>;
}

interface Response {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}

/** Problems stay this small (20 bounded field errors at most and a sentence), never the request echoed back. */
export const MAX_PROBLEM_BYTES = 8192;

/** Why `res` breaks the contract, or null when it keeps it. */
export function problemViolation(res: Response): string | null {
  if (!/^application\/problem\+json/.test(String(res.headers['content-type']))) return `content-type ${String(res.headers['content-type'])}`;
  let p: ProblemBody;
  try {
    p = JSON.parse(res.body) as ProblemBody;
  } catch {
    return 'body is not JSON';
  }
  if (!isErrorCode(p.code)) return `code ${JSON.stringify(p.code)} is not in the catalogue`;
  if (ERRORS[p.code].status !== res.statusCode || p.status !== res.statusCode)
    return `${p.code} answered ${res.statusCode}, catalogue says ${ERRORS[p.code].status}`;
  if (typeof p.requestId !== 'string' || p.requestId.length === 0) return 'no requestId';
  if (res.headers['x-request-id'] !== p.requestId) return 'x-request-id header differs from requestId';
  if (!p.title || !p.detail || !p.type) return 'title, detail or type missing';
  if (Buffer.byteLength(res.body) > MAX_PROBLEM_BYTES) return `body of ${Buffer.byteLength(res.body)} bytes`;
  if ((p.errors?.length ?? 0) > 20) return `${p.errors?.length} field errors`;
  return null;
}

/** Asserts `res` is the problem `code` with `status`, and returns its body. */
export function assertProblem(res: Response, status: number, code: string): ProblemBody {
  assert.equal(res.statusCode, status, res.body.slice(0, 500));
  assert.equal(problemViolation(res), null, res.body.slice(0, 500));
  const p = JSON.parse(res.body) as ProblemBody;
  assert.equal(p.code, code);
  return p;
}
