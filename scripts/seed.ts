// `npm run seed`: fills whatever database the settings name (DATA_DIR, or DATABASE_URL) with the demo
// community: the people in seed-data.ts (with drawn avatars) and their follows, then ~300 notes with
// photos drawn on this machine, comments and replies, likes, collects and boards (seed-plan.ts).
// Everything goes through the services, so seeded data obeys the same rules as people's own.
// Safe to run again: what exists is left alone and only what is missing is added.
// The demo people never take the admin claim (the first real sign-up does), and each has a password
// of their own, derived from a secret this instance keeps: printed at the end, found again on a re-run,
// and not computable from this source (a shared password in a public repository opens every account).
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Value } from 'typebox/value';
import { type AppContext, buildContext, closeContext } from '../src/server/app.ts';
import { type Config, ConfigError, loadConfig } from '../src/server/config.ts';
import { AppError, NotFoundError } from '../src/server/platform/errors.ts';
import { instanceSecret } from '../src/server/platform/secrets.ts';
import { SignUpBody, UpdateMeBody } from '../src/shared/api/accounts.ts';
import { SEED_PEOPLE, SEED_THEMES, type SeedPerson } from './seed-data.ts';
import { ensureAvatars } from './seed-media.ts';
import { type NotesSummary, seedNotes } from './seed-notes.ts';
import { planSeed } from './seed-plan.ts';

const META = { ip: null, userAgent: 'biji seed script' };
/** Notes drawn and ingested at once: image work is CPU-bound, and this keeps a small machine usable. */
const INGEST_CONCURRENCY = 2;

// Letters and digits that cannot be misread for one another (no 0/o, 1/l/i).
const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A demo person's password: 15 characters in three groups (about 74 bits), the same for the same secret and handle. */
export function seedPassword(secret: string, handle: string): string {
  const mac = createHmac('sha256', secret).update(`biji seed password:${handle}`).digest();
  let out = '';
  for (let i = 0; i < 15; i++) {
    if (i > 0 && i % 5 === 0) out += '-';
    out += PASSWORD_ALPHABET[(mac[i] ?? 0) % PASSWORD_ALPHABET.length];
  }
  return out;
}

/** The seed data must pass the API's own schemas: the service trusts routes to have checked. */
export function checkSeedData(people: readonly SeedPerson[]): string[] {
  const problems: string[] = [];
  const handles = new Set(people.map((p) => p.handle));
  if (handles.size !== people.length) problems.push('a handle appears twice');
  for (const p of people) {
    const signUp = {
      handle: p.handle,
      password: seedPassword('check', p.handle),
      displayName: p.displayName,
      languages: p.languages,
      uiLanguage: p.uiLanguage,
    };
    const update = { bio: p.bio, region: p.region };
    for (const [schema, value] of [
      [SignUpBody, signUp],
      [UpdateMeBody, update],
    ] as const) {
      for (const e of Value.Errors(schema, value)) problems.push(`@${p.handle} ${e.instancePath || '/'}: ${e.message}`);
    }
    for (const f of p.follows) {
      if (!handles.has(f)) problems.push(`@${p.handle} follows @${f}, who is not in the seed data`);
      if (f === p.handle) problems.push(`@${p.handle} follows themself`);
    }
    if (p.themes.length === 0 || p.themes.some((t) => !SEED_THEMES.includes(t))) problems.push(`@${p.handle} needs known themes`);
  }
  return problems;
}

async function exists(ctx: AppContext, handle: string): Promise<boolean> {
  try {
    await ctx.accounts.profile(null, handle);
    return true;
  } catch (err) {
    if (err instanceof NotFoundError) return false;
    throw err;
  }
}

/** Handles a person already follows, page by page (the service caps nothing here; we ask 100 at a time). */
async function following(ctx: AppContext, handle: string): Promise<Set<string>> {
  const out = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const res = await ctx.accounts.followList(null, handle, 'following', cursor, 100);
    for (const u of res.items) out.add(u.handle);
    if (!res.nextCursor) break;
    cursor = res.nextCursor;
  }
  return out;
}

interface Session {
  userId: string;
  sessionId: string;
  role: 'admin' | 'moderator' | 'member';
}

export interface SeedSummary {
  created: string[];
  skipped: string[];
  followsAdded: number;
  followsThere: number;
  /** people who exist but no longer take the password the seed gave them: it does nothing in their name */
  locked: string[];
  /** every demo person the seed can act as, with their own password */
  passwords: Array<{ handle: string; displayName: string; password: string }>;
  avatars: { set: number; there: number };
  notes: NotesSummary | null;
  seconds: { people: number; total: number };
}

export interface SeedOptions {
  /** also the notes, comments, likes, collects and boards (default true) */
  notes?: boolean;
  progress?: (line: string) => void;
}

export async function seed(ctx: AppContext, people: readonly SeedPerson[] = SEED_PEOPLE, opts: SeedOptions = {}): Promise<SeedSummary> {
  const started = performance.now();
  const say = opts.progress ?? (() => {});
  const summary: SeedSummary = {
    created: [],
    skipped: [],
    followsAdded: 0,
    followsThere: 0,
    locked: [],
    passwords: [],
    avatars: { set: 0, there: 0 },
    notes: null,
    seconds: { people: 0, total: 0 },
  };
  // Sessions the seed opens to act as people; all are closed again at the end.
  const sessions = new Map<string, Session>();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'biji-seed-'));
  const secret = await instanceSecret(ctx.db, 'seed_passwords');
  try {
    for (const p of people) {
      if (await exists(ctx, p.handle)) {
        summary.skipped.push(p.handle);
        continue;
      }
      try {
        const password = seedPassword(secret, p.handle);
        const body = { handle: p.handle, password, displayName: p.displayName, languages: p.languages, uiLanguage: p.uiLanguage };
        const { user, sessionId } = await ctx.accounts.signUp(body, META, { claimAdmin: false });
        sessions.set(p.handle, { userId: user.id, sessionId, role: user.role });
        await ctx.accounts.updateMe(user.id, { bio: p.bio, region: p.region });
        summary.created.push(p.handle);
      } catch (err) {
        // Someone else created the same handle a moment ago: theirs stands.
        if (err instanceof AppError && err.code === 'handle_taken') summary.skipped.push(p.handle);
        else throw err;
      }
    }
    say(`people: ${summary.created.length} created, ${summary.skipped.length} already there`);

    // People from an earlier run: acting as them takes the password the seed gave them, so someone
    // who has changed theirs (a real person now) is left alone.
    for (const p of people) {
      if (sessions.has(p.handle) || !summary.skipped.includes(p.handle)) continue;
      try {
        const { user, sessionId } = await ctx.accounts.logIn({ handle: p.handle, password: seedPassword(secret, p.handle) }, META);
        sessions.set(p.handle, { userId: user.id, sessionId, role: user.role });
      } catch (err) {
        if (err instanceof AppError && err.code === 'invalid_credentials') summary.locked.push(p.handle);
        else throw err;
      }
    }
    for (const p of people) {
      if (sessions.has(p.handle)) summary.passwords.push({ handle: p.handle, displayName: p.displayName, password: seedPassword(secret, p.handle) });
    }
    const ids = new Map([...sessions].map(([h, s]) => [h, s.userId]));
    summary.avatars = await ensureAvatars(ctx, people, ids, workDir);

    for (const p of people) {
      const s = sessions.get(p.handle);
      if (!s) continue;
      const have = await following(ctx, p.handle);
      const missing = p.follows.filter((h) => !have.has(h));
      summary.followsThere += p.follows.length - missing.length;
      for (const h of missing) {
        await ctx.accounts.follow(s.userId, h);
        summary.followsAdded += 1;
      }
    }
    summary.seconds.people = (performance.now() - started) / 1000;
    say(`avatars and follows done (${summary.seconds.people.toFixed(1)} s)`);

    if (opts.notes !== false) {
      summary.notes = await seedNotes(ctx, planSeed(people), { ids, workDir, concurrency: INGEST_CONCURRENCY, progress: say });
    }
  } finally {
    for (const s of sessions.values()) await ctx.accounts.logOut(s).catch(() => {});
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  summary.seconds.total = (performance.now() - started) / 1000;
  return summary;
}

function seedConfig(): Config {
  const config = loadConfig(process.env);
  // Rate limits guard the HTTP surface from strangers; this is the operator's own command, and fifty
  // sign-ups from "no IP" would trip the per-IP sign-up limit. For the same reason the demo people
  // are trusted: they are not "new accounts" (no probation, no link limit, no spam-wave check), and
  // their generated pictures are not sent through the image check. The word lists still apply.
  return {
    ...config,
    rateLimits: { ...config.rateLimits, enabled: false },
    safety: { ...config.safety, imageCheck: false, newAccountHours: 0, probationHours: 0, duplicateMax: 1_000_000 },
  };
}

function report(where: string, s: SeedSummary): void {
  const n = s.notes;
  console.log(`\nSeeded ${where} in ${s.seconds.total.toFixed(1)} s`);
  console.log(`  people:   ${s.created.length} created, ${s.skipped.length} already there; ${s.avatars.set} avatars drawn (${s.avatars.there} had one)`);
  console.log(`  follows:  ${s.followsAdded} added, ${s.followsThere} already there`);
  if (n) {
    console.log(
      `  notes:    ${n.notes.created} created with ${n.photos} photos, ${n.notes.there} already there${n.notes.skipped ? `, ${n.notes.skipped} skipped` : ''} (${n.seconds.notes.toFixed(1)} s)`,
    );
    console.log(`  boards:   ${n.boards.created} created, ${n.boards.there} already there`);
    console.log(
      `  comments: ${n.comments.created} written (threads and replies), ${n.comments.there} already there${n.comments.skipped ? `, ${n.comments.skipped} skipped` : ''} (${n.seconds.comments.toFixed(1)} s)`,
    );
    console.log(
      `  added:    ${n.added.likes} likes, ${n.added.collects} collects, ${n.added.commentLikes} comment likes (${n.seconds.likesAndCollects.toFixed(1)} s)`,
    );
  }
  if (s.locked.length > 0) console.log(`  left alone (password changed): ${s.locked.map((h) => `@${h}`).join(', ')}`);
  console.log('  admin:    the seed makes none of them admin: the first account signed up through the app becomes it');
}

function printPasswords(rows: SeedSummary['passwords']): void {
  if (rows.length === 0) return;
  console.log('\nSign in as any of them with their own password (kept only in this database: it is printed again on a re-run):');
  const width = Math.max(...rows.map((r) => r.handle.length)) + 1;
  for (const r of rows) console.log(`  @${r.handle.padEnd(width)} ${r.password}   ${r.displayName}`);
}

async function main(): Promise<number> {
  const problems = checkSeedData(SEED_PEOPLE);
  if (problems.length > 0) {
    process.stderr.write(`seed data is not valid:\n  - ${problems.join('\n  - ')}\n`);
    return 1;
  }
  let config: Config;
  try {
    config = seedConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`cannot seed: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const ctx = await buildContext(config);
  try {
    // Never print DATABASE_URL itself: it usually carries a password.
    const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `${config.dataDir} (SQLite)`;
    console.log(`Seeding ${where}: ${SEED_PEOPLE.length} people and their notes`);
    const s = await seed(ctx, SEED_PEOPLE, { progress: (line) => console.log(`  … ${line}`) });
    report(where, s);
    printPasswords(s.passwords);
    return 0;
  } finally {
    await closeContext(ctx);
  }
}

// Run only as a command, so tests and later scripts can import seed() without seeding on import.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main();
