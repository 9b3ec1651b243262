// `npm run admin -- promote HANDLE moderator|admin` and `npm run admin -- demote HANDLE`: give or
// take the moderator and admin roles from the command line (the instance's operator, who has the
// server's configuration). Each change is written to the moderation audit log. A person's open
// sessions see the new role within 30 seconds.
import { buildContext, closeContext } from '../src/server/app.ts';
import { ConfigError, loadConfig } from '../src/server/config.ts';
import { AppError } from '../src/server/platform/errors.ts';

const USAGE = `usage:
  npm run admin -- promote HANDLE moderator|admin
  npm run admin -- demote HANDLE            (back to member)`;

type Role = 'admin' | 'moderator' | 'member';

function parse(args: string[]): { handle: string; role: Role } | null {
  const [verb, handle, role] = args;
  if (!handle || !/^[A-Za-z0-9_]{1,30}$/.test(handle.replace(/^@/, ''))) return null;
  const h = handle.replace(/^@/, '');
  if (verb === 'promote' && (role === 'moderator' || role === 'admin') && args.length === 3) return { handle: h, role };
  if (verb === 'demote' && args.length === 2) return { handle: h, role: 'member' };
  return null;
}

async function main(): Promise<number> {
  const wanted = parse(process.argv.slice(2));
  if (!wanted) {
    console.error(USAGE);
    return 2;
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  } catch (err) {
    if (err instanceof ConfigError) {
      for (const p of err.problems) console.error(`config: ${p}`);
      return 2;
    }
    throw err;
  }
  const ctx = await buildContext(config);
  try {
    const { userId, before } = await ctx.accounts.setRole(wanted.handle, wanted.role);
    if (before === wanted.role) {
      console.log(`@${wanted.handle.toLowerCase()} is already ${wanted.role}`);
      return 0;
    }
    await ctx.moderation.service.record({
      actorId: 'system:cli',
      action: wanted.role === 'member' ? 'demote' : 'promote',
      targetType: 'user',
      targetId: userId,
      ownerId: userId,
      note: `${before} → ${wanted.role} (npm run admin)`,
    });
    console.log(`@${wanted.handle.toLowerCase()}: ${before} → ${wanted.role}`);
    return 0;
  } catch (err) {
    if (err instanceof AppError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  } finally {
    await closeContext(ctx);
  }
}

process.exitCode = await main();
