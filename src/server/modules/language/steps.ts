// Work cut into steps (a generator that yields between slices and returns its result), run either at
// once — scripts, tests, a benchmark — or a slice at a time with the event loop free in between, so a
// server building an index on its first request keeps answering everyone else meanwhile.
import { setImmediate as nextTurn } from 'node:timers/promises';

export type Steps<T> = Generator<void, T>;

/** Every step now. */
export function runAtOnce<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** One step a turn of the event loop. */
export async function runSoftly<T>(steps: Steps<T>): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await nextTurn();
  }
}
