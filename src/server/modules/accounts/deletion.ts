// Deleting an account (issue 12, point 3): the person asks with their password; from then on their
// sessions are gone and their profile is gone for everyone (admins too), while their handle stays
// taken. When the grace period is over the portability module's eraser asks every module to erase
// them; logging in before that cancels. Accounts keeps only the mark (`users.erases_at`) and the
// events: `account.deletion_requested` starts the eraser's clock, `account.deletion_cancelled` stops it.
import type { EventBus } from '../../platform/events/index.ts';
import { nowIso } from '../../platform/ids.ts';
import type { People } from './people.ts';
import type { SessionCache } from './sessions.ts';
import type { AccountsStore } from './store.ts';
import type { UserRow } from './tables.ts';
import './events.ts';

export interface DeletionParts {
  store: AccountsStore;
  events: EventBus;
  people: People;
  sessions: SessionCache;
}

const DAY_MS = 86_400_000;

/**
 * Marks the person for erasure `graceDays` from now, ends every session of theirs and drops their
 * cached copies, in one transaction with `account.deletion_requested`. `guard` runs first inside the
 * transaction (the last-admin check). The time of the erasure.
 */
export async function scheduleDeletion(
  p: DeletionParts,
  user: Pick<UserRow, 'id'>,
  graceDays: number,
  guard: (store: AccountsStore) => Promise<void>,
): Promise<string> {
  const erasesAt = new Date(Date.now() + graceDays * DAY_MS).toISOString();
  let hashes: string[] = [];
  let version: number | undefined;
  await p.events.transaction(p.store.db, async (tx) => {
    const store = p.store.within(tx.db);
    await guard(store);
    version = await store.scheduleErasure(user.id, erasesAt);
    if (version === undefined) return;
    hashes = await store.deleteSessionsOf(user.id);
    // What others see of them changed (they are gone): every cache of them is dropped.
    await tx.emit('account.changed', { userId: user.id, version });
    await tx.emit('account.deletion_requested', { userId: user.id, erasesAt });
  });
  // Before answering, in every process: no token of theirs authenticates, no copy of them is shown.
  for (const hash of hashes) await p.sessions.revoked(hash);
  if (version !== undefined) await p.people.invalidate(user.id, version);
  return erasesAt;
}

/** Clears a pending deletion still within its grace period; true when there was one to clear. */
export async function cancelDeletion(p: DeletionParts, userId: string): Promise<boolean> {
  let version: number | undefined;
  await p.events.transaction(p.store.db, async (tx) => {
    version = await p.store.within(tx.db).cancelErasure(userId, nowIso());
    if (version === undefined) return;
    await tx.emit('account.changed', { userId, version });
    await tx.emit('account.deletion_cancelled', { userId });
  });
  if (version === undefined) return false;
  await p.people.invalidate(userId, version);
  return true;
}
