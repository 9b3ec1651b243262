// What accounts holds about a person, for their export archive and their erasure (issue 12): the
// profile, sessions (never their token hashes), follows both ways, their blocks and mutes, their
// muted words and the instance claims they won. Follows are also written in Mastodon's import
// format, so the archive is of use elsewhere. Accounts erases last (the users row): by then every
// other module has forgotten the person.
import { Readable } from 'node:stream';
import { type ArchiveWriter, camelRow, keysetPages, type PersonalData } from '../../platform/personal-data.ts';
import type { AccountControls } from './controls.ts';
import type { People } from './people.ts';
import type { AccountsPersonalStore, EdgeTable, FollowSide } from './personal-store.ts';
import type { RelationsCache } from './relations.ts';
import type { SessionCache } from './sessions.ts';
import type { AccountStanding } from './standing.ts';

export interface AccountsPersonalDeps {
  store: AccountsPersonalStore;
  people: People;
  sessions: SessionCache;
  relations: RelationsCache;
  standing: AccountStanding;
  controls: AccountControls;
  /** the instance's public URL: its host makes the addresses of `following_accounts.csv` */
  publicUrl: string | null;
}

/** Rows a query, and rows a delete batch (each batch its own short transaction). */
const PAGE = 500;

/** Pages through rows by key, one query of PAGE rows at a time. */
const paged = <R>(load: (after: string | null) => Promise<R[]>, keyOf: (row: R) => string): AsyncGenerator<R> =>
  keysetPages<R, string | null, R>(load, null, keyOf, (r) => r, PAGE);

/** One CSV field per RFC 4180: quoted when it holds a comma, a quote or a line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export const MASTODON_FOLLOWS_HEADER = 'Account address,Show boosts,Notify on new posts,Languages';

export function createAccountsPersonalData(deps: AccountsPersonalDeps): PersonalData {
  const { store } = deps;
  const host = deps.publicUrl ? new URL(deps.publicUrl).host : 'localhost';

  const follows = (side: FollowSide, userId: string) =>
    paged(
      (after) => store.followsPage(side, userId, after, PAGE),
      (r) => r.id,
    );
  const edges = (table: EdgeTable, userId: string) =>
    paged(
      (after) => store.edgesPage(table, userId, after, PAGE),
      (r) => r.target_id,
    );
  // The other person's handle rides along (as `handle`): an id alone means nothing outside Biji.
  const present = <R extends { other_handle: string | null }>(rows: AsyncIterable<R>) =>
    (async function* () {
      for await (const { other_handle, ...row } of rows) {
        const { otherErasesAt: _, ...rest } = camelRow(row);
        yield { ...rest, handle: other_handle };
      }
    })();

  async function* mastodonCsv(userId: string): AsyncGenerator<string> {
    yield `${MASTODON_FOLLOWS_HEADER}\n`;
    for await (const f of follows('follower_id', userId)) {
      // People whose own deletion is pending are gone: no address of theirs to follow elsewhere.
      if (f.other_handle === null || f.other_erases_at !== null) continue;
      yield `${csvField(`${f.other_handle}@${host}`)},true,false,\n`;
    }
  }

  return {
    module: 'accounts',
    tables: {
      users: { kind: 'personal', owner: ['id'] },
      sessions: { kind: 'personal', owner: ['user_id'] },
      follows: { kind: 'personal', owner: ['follower_id', 'followee_id'] },
      // Only one's own blocks and mutes: who blocks or mutes you is theirs to know, not yours.
      blocks: { kind: 'personal', owner: ['actor_id'] },
      mutes: { kind: 'personal', owner: ['actor_id'] },
      muted_words: { kind: 'personal', owner: ['user_id'] },
      instance_claims: { kind: 'personal', owner: ['user_id'] },
    },
    files: {
      'profile.json': 'Your account and profile: handle, name, bio, languages, region, role, settings, the TikTok username you declared (never your password).',
      'sessions.json': 'The devices and browsers signed in to your account (never their secret tokens).',
      'follows/following.json': 'The people you follow, with when you followed them.',
      'follows/followers.json': 'The people who follow you, with when they followed you.',
      'follows/blocks.json': 'The people you blocked.',
      'follows/mutes.json': 'The people you muted.',
      'settings/muted-words.json': 'Your muted words and #topics.',
      'settings/instance-claims.json': 'Roles on this instance that your account won, such as being its first admin.',
      'following_accounts.csv': 'The people you follow, in Mastodon’s import format (Preferences → Import and export → Import, "Following list").',
    },

    async export(userId: string, out: ArchiveWriter): Promise<void> {
      const user = await store.user(userId);
      if (!user) return;
      const { password_hash: _, languages, ...columns } = user;
      const profile = { ...camelRow(columns), languages: JSON.parse(languages) as unknown };
      await out.file('profile.json', `${JSON.stringify(profile, null, 2)}\n`);
      await out.json(
        'sessions.json',
        (async function* () {
          for await (const s of paged(
            (after) => store.sessionsPage(userId, after, PAGE),
            (r) => r.id,
          ))
            yield camelRow(s);
        })(),
      );
      await out.json('follows/following.json', present(follows('follower_id', userId)));
      await out.json('follows/followers.json', present(follows('followee_id', userId)));
      await out.json('follows/blocks.json', present(edges('blocks', userId)));
      await out.json('follows/mutes.json', present(edges('mutes', userId)));
      await out.json(
        'settings/muted-words.json',
        (async function* () {
          for await (const w of paged(
            (after) => store.mutedWordsPage(userId, after, PAGE),
            (r) => r.word,
          ))
            yield camelRow(w);
        })(),
      );
      await out.json('settings/instance-claims.json', (await store.claimsOf(userId)).map(camelRow));
      await out.file('following_accounts.csv', async () => Readable.from(mastodonCsv(userId)));
    },

    async erase(userId: string): Promise<void> {
      const batch = <T>(work: (s: AccountsPersonalStore) => Promise<T>) => store.db.transaction().execute((trx) => work(store.within(trx)));
      // Sessions first: nothing of theirs may act while the rest goes (the request already ended them).
      for (;;) {
        const hashes = await batch((s) => s.deleteSessions(userId, PAGE));
        for (const hash of hashes) await deps.sessions.revoked(hash);
        if (hashes.length < PAGE) break;
      }
      // Follows both ways, each batch with the other people's counts set from their rows.
      for (const side of ['follower_id', 'followee_id'] as const) {
        for (;;) {
          const others = await batch((s) => s.deleteFollows(side, userId, PAGE));
          deps.people.countsChanged(...others);
          for (const other of others) await deps.relations.invalidate(userId, other);
          if (others.length === 0) break;
        }
      }
      for (const table of ['blocks', 'mutes'] as const) {
        for (;;) {
          const pairs = await batch((s) => s.deleteEdges(table, userId, PAGE));
          for (const p of pairs) await deps.relations.invalidate(p.actor_id, p.target_id);
          if (pairs.length < PAGE) break;
        }
      }
      await batch(async (s) => {
        await s.deleteMutedWords(userId);
        await s.releaseClaims(userId);
        await s.deleteUser(userId);
      });
      // Every process forgets them: their profile, counts, standing and controls.
      await deps.people.erased(userId);
      await deps.standing.forget(userId);
      await deps.controls.forget(userId);
    },
  };
}
