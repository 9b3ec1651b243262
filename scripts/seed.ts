// `npm run seed`: fills whatever database the settings name (DATA_DIR, or DATABASE_URL) with the demo
// community in seed-data.ts. Goes through AccountsService, so seeded people obey the same rules as
// people who sign up. Safe to run again: people who exist are skipped, missing follows are added.
import { pathToFileURL } from 'node:url';
import { Value } from 'typebox/value';
import { buildContext, closeContext, type AppContext } from '../src/server/app.ts';
import { ConfigError, loadConfig, type Config } from '../src/server/config.ts';
import { AppError, NotFoundError } from '../src/server/platform/errors.ts';
import { SignUpBody, UpdateMeBody } from '../src/shared/api/accounts.ts';
import { SEED_PASSWORD, SEED_PEOPLE, type SeedPerson } from './seed-data.ts';

const META = { ip: null, userAgent: 'biji seed script' };

/** The seed data must pass the API's own schemas: the service trusts routes to have checked. */
export function checkSeedData(people: readonly SeedPerson[]): string[] {
  const problems: string[] = [];
  const handles = new Set(people.map((p) => p.handle));
  if (handles.size !== people.length) problems.push('a handle appears twice');
  for (const p of people) {
    const signUp = { handle: p.handle, password: SEED_PASSWORD, displayName: p.displayName, languages: p.languages, uiLanguage: p.uiLanguage };
    const update = { bio: p.bio, region: p.region };
    for (const [schema, value] of [[SignUpBody, signUp], [UpdateMeBody, update]] as const) {
      for (const e of Value.Errors(schema, value)) problems.push(`@${p.handle} ${e.instancePath || '/'}: ${e.message}`);
    }
    for (const f of p.follows) {
      if (!handles.has(f)) problems.push(`@${p.handle} follows @${f}, who is not in the seed data`);
      if (f === p.handle) problems.push(`@${p.handle} follows themself`);
    }
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
  role: 'admin' | 'member';
}

export interface SeedSummary {
  created: string[];
  skipped: string[];
  followsAdded: number;
  followsThere: number;
  /** people who exist but no longer take the demo password, so their follows were left alone */
  locked: string[];
  admin: string | null;
}

export async function seed(ctx: AppContext, people: readonly SeedPerson[] = SEED_PEOPLE): Promise<SeedSummary> {
  const summary: SeedSummary = { created: [], skipped: [], followsAdded: 0, followsThere: 0, locked: [], admin: null };
  // Sessions the seed opens to act as people; all are closed again at the end.
  const sessions = new Map<string, Session>();
  try {
    for (const p of people) {
      if (await exists(ctx, p.handle)) {
        summary.skipped.push(p.handle);
        continue;
      }
      try {
        const body = { handle: p.handle, password: SEED_PASSWORD, displayName: p.displayName, languages: p.languages, uiLanguage: p.uiLanguage };
        const { user, sessionId } = await ctx.accounts.signUp(body, META);
        sessions.set(p.handle, { userId: user.id, sessionId, role: user.role });
        await ctx.accounts.updateMe(user.id, { bio: p.bio, region: p.region });
        summary.created.push(p.handle);
        if (user.role === 'admin') summary.admin = p.handle;
      } catch (err) {
        // Someone else created the same handle a moment ago: theirs stands.
        if (err instanceof AppError && err.code === 'handle_taken') summary.skipped.push(p.handle);
        else throw err;
      }
    }

    for (const p of people) {
      const have = await following(ctx, p.handle);
      const missing = p.follows.filter((h) => !have.has(h));
      summary.followsThere += p.follows.length - missing.length;
      if (missing.length === 0) continue;
      let s = sessions.get(p.handle);
      if (!s) {
        // A person from an earlier run: acting as them needs their id, which only logging in gives.
        try {
          const { user, sessionId } = await ctx.accounts.logIn({ handle: p.handle, password: SEED_PASSWORD }, META);
          s = { userId: user.id, sessionId, role: user.role };
          sessions.set(p.handle, s);
        } catch (err) {
          if (err instanceof AppError && err.code === 'invalid_credentials') {
            summary.locked.push(p.handle);
            continue;
          }
          throw err;
        }
      }
      for (const h of missing) {
        await ctx.accounts.follow(s.userId, h);
        summary.followsAdded += 1;
      }
    }
  } finally {
    for (const s of sessions.values()) await ctx.accounts.logOut(s).catch(() => {});
  }
  return summary;
}

function seedConfig(): Config {
  const config = loadConfig(process.env);
  // Rate limits guard the HTTP surface from strangers; this is the operator's own command, and a
  // dozen sign-ups from "no IP" would trip the per-IP sign-up limit.
  return { ...config, rateLimits: { ...config.rateLimits, enabled: false } };
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
    const s = await seed(ctx);
    console.log(`Seeded ${where}`);
    console.log(`  people:  ${s.created.length} created, ${s.skipped.length} already there`);
    console.log(`  follows: ${s.followsAdded} added, ${s.followsThere} already there`);
    if (s.locked.length > 0) console.log(`  left alone (password changed): ${s.locked.map((h) => `@${h}`).join(', ')}`);
    if (s.admin) console.log(`  note: @${s.admin} is this instance's admin (the first account on an instance always is)`);
    console.log(`\nSign in as any of them, e.g. @${SEED_PEOPLE[0]?.handle ?? '?'}, with the demo password: ${SEED_PASSWORD}`);
    return 0;
  } finally {
    await closeContext(ctx);
  }
}

// Run only as a command, so tests and later scripts can import seed() without seeding on import.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main();
