// Who a session token belongs to, cached in the process: every signed-in request asks, and the
// answer rarely changes. Revoking a session (log-out, "sign out that device") drops it in every
// process through pub/sub, before the revoking request answers; an entry is also re-read every
// 30 s, so a role change or an expiry pushed forward is seen soon.
import { type CacheBus, VersionedCache } from '../../platform/cache/index.ts';
import type { AccountsStore } from './store.ts';
import type { SessionRow, UserRow } from './tables.ts';

export type SessionEntry = Pick<SessionRow, 'id' | 'user_id' | 'expires_at' | 'last_used_at'> & { role: UserRow['role'] };

/** Versions: a live session is 1; a revoked one's floor is 2, so no copy of it is ever served again. */
const LIVE = 1;
const REVOKED = 2;

export class SessionCache {
  private readonly cache: VersionedCache<SessionEntry>;

  constructor(store: AccountsStore, bus: CacheBus, maxEntries: number) {
    this.cache = new VersionedCache({ name: 'sessions', max: maxEntries, freshMs: 30_000 }, bus, async ([hash]) => {
      const out = new Map<string, { value: SessionEntry; version: number }>();
      const s = hash ? await store.sessionForToken(hash) : undefined;
      if (hash && s)
        out.set(hash, { value: { id: s.id, user_id: s.user_id, expires_at: s.expires_at, last_used_at: s.last_used_at, role: s.role }, version: LIVE });
      return out;
    });
  }

  get(tokenHash: string): Promise<SessionEntry | undefined> {
    return this.cache.get(tokenHash);
  }

  /** Re-read on next use (its expiry moved). */
  touched(tokenHash: string): void {
    this.cache.forget(tokenHash);
  }

  /** Gone everywhere: a revoked token never authenticates again. */
  revoked(tokenHash: string): Promise<void> {
    return this.cache.invalidate(tokenHash, REVOKED);
  }
}
