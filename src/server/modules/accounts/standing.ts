// How an account stands with the instance's moderators: how old it is, whether it is suspended
// (it may read, not write, until a time) or banned (no sign-in, every session ended). Asked on
// every write (the route kit's guard) and every screened text, so it is cached per person in each
// process and dropped in every process when a moderator changes it.
import type { Kysely } from 'kysely';
import { type CacheBus, KeyedCache } from '../../platform/cache/index.ts';
import type { SessionCache } from './sessions.ts';
import type { AccountsTables } from './tables.ts';

export interface Standing {
  createdAt: string;
  suspendedUntil: string | null;
  banned: boolean;
}

/** What the cache keeps for an id that is no one (a deleted account): it may do nothing. */
const NO_ONE: Standing = Object.freeze({ createdAt: '', suspendedUntil: null, banned: true });

export class AccountStanding {
  private readonly cache: KeyedCache<Standing>;

  constructor(
    private readonly db: Kysely<AccountsTables>,
    bus: CacheBus,
    private readonly sessions: SessionCache,
    maxEntries: number,
  ) {
    this.cache = new KeyedCache({ name: 'accounts.standing', max: maxEntries }, bus, (ids) => this.load(ids), NO_ONE);
  }

  /** The person's standing; null when there is no such person. */
  async get(userId: string): Promise<Standing | null> {
    const s = await this.cache.get(userId);
    return s === NO_ONE ? null : s;
  }

  /** Every process forgets its copy of the person (their account is being deleted, or was erased). */
  forget(userId: string): Promise<void> {
    return this.cache.invalidate(userId);
  }

  /**
   * Suspends (until a time), bans, or lifts either. A ban also ends every session of the person,
   * in every process, before this returns.
   */
  async restrict(userId: string, r: { suspendedUntil?: string | null; banned?: boolean }): Promise<void> {
    const set: { suspended_until?: string | null; banned_at?: string | null } = {};
    if (r.suspendedUntil !== undefined) set.suspended_until = r.suspendedUntil;
    if (r.banned !== undefined) set.banned_at = r.banned ? new Date().toISOString() : null;
    if (Object.keys(set).length === 0) return;
    await this.db.updateTable('users').set(set).where('id', '=', userId).execute();
    await this.cache.invalidate(userId);
    if (r.banned) {
      const gone = await this.db.deleteFrom('sessions').where('user_id', '=', userId).returning('token_hash').execute();
      for (const s of gone) await this.sessions.revoked(s.token_hash);
    }
  }

  private async load(ids: string[]): Promise<Map<string, Standing>> {
    const rows = await this.db.selectFrom('users').select(['id', 'created_at', 'suspended_until', 'banned_at']).where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, { createdAt: r.created_at, suspendedUntil: r.suspended_until, banned: r.banned_at !== null }]));
  }
}
