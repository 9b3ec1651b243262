// Assertions shared by service tests.
import assert from 'node:assert/strict';
import { AppError } from '../../src/server/platform/errors.ts';

/** The promise fails with the catalogue error of this status and code. */
export async function rejectsWith(p: Promise<unknown>, status: number, code: string): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof AppError, `expected AppError, got ${String(err)}`);
    assert.equal(err.status, status);
    assert.equal(err.code, code);
    return true;
  });
}
