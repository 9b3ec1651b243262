// One scheduler for both sides of a comparison, so a ratio compares the work and not the queueing.
import { randomBytes } from 'node:crypto';

/** Runs task(0..n-1) with at most `concurrency` in flight; resolves with the wall time in ms. */
export async function runPool(n: number, concurrency: number, task: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    for (let i = next++; i < n; i = next++) await task(i);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, lane));
  return performance.now() - started;
}

/**
 * A password no list contains (96 random bits, 16 characters): the sign-up path must do its full
 * work and not stop early at the common-password check.
 */
export const strongPassword = (): string => `Bj-${randomBytes(12).toString('base64url')}`;

/** libuv's thread pool size, which is what bounds parallel argon2 hashing in a Node process. */
export const threadPoolSize = (): number => {
  const n = Number(process.env.UV_THREADPOOL_SIZE);
  return Number.isInteger(n) && n > 0 ? n : 4;
};

/**
 * Runs every key's measurement `rounds` times, reversing the order each round (A B C, C B A, …), so a
 * machine that gets busier or quieter during the run weighs on baseline and subject alike.
 */
export async function interleave<K extends string>(keys: readonly K[], rounds: number, measure: (key: K, round: number) => Promise<void>): Promise<void> {
  for (let r = 0; r < rounds; r++) {
    for (const k of r % 2 === 0 ? keys : [...keys].reverse()) await measure(k, r);
  }
}
