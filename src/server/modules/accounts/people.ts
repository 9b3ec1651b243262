// People as others see them — name, bio, avatar — cached in the process by id and version, and
// their follower counts, which may lag by a second. Every note, comment, board and notification
// shows its people through here, so a hot author costs no query at all.
import type { LRUCache } from 'lru-cache';
import type { UserSummary } from '../../../shared/api/accounts.ts';
import { type CacheBus, VersionedCache } from '../../platform/cache/index.ts';
import { boundedLru } from '../../platform/cache/lru.ts';
import type { AccountsStore, PublicUserRow } from './store.ts';

export type AvatarView = { url: string; placeholder?: string } | null;

/** What accounts needs of the media module for avatars: display URLs by media id, batched. */
export type AvatarViews = (mediaIds: readonly string[]) => Promise<Map<string, NonNullable<AvatarView>>>;

/** A person, as anyone may see them. */
export interface Person extends UserSummary {
  id: string;
  languages: string[];
  /** the languages the bio is written in, the main one first */
  bioLangs: string[];
  region: string | null;
  createdAt: string;
  /** self-declared, lower case, null when none */
  tiktokUsername: string | null;
}

export interface PersonCounts {
  followers: number;
  following: number;
}

export interface PeopleOptions {
  /** most people kept in each cache (a setting: CACHE_MAX_ENTRIES) */
  maxEntries: number;
}

/** Counts may be served this old: "counts lag by at most a second". */
export const COUNTS_FRESH_MS = 1_000;

export class People {
  private readonly cores: VersionedCache<Person>;
  private readonly counts: VersionedCache<PersonCounts>;
  /**
   * handle → id, in this process only: handles never change hands while the person exists, and an
   * entry whose person is gone (deletion pending, or erased and the handle taken again) is checked
   * against the people cache on each use, which every process invalidates.
   */
  private readonly handles: LRUCache<string, string>;

  constructor(
    private readonly store: AccountsStore,
    private readonly avatarViews: AvatarViews,
    bus: CacheBus,
    opts: PeopleOptions,
  ) {
    this.cores = new VersionedCache({ name: 'people', max: opts.maxEntries }, bus, async (ids) => {
      const rows = await this.store.usersByIds(ids);
      const avatars = await this.avatarsOf(rows);
      return new Map(rows.map((u) => [u.id, { value: toPerson(u, avatars), version: u.version }]));
    });
    this.counts = new VersionedCache({ name: 'people.counts', max: opts.maxEntries, freshMs: COUNTS_FRESH_MS }, bus, async (ids) => {
      const rows = await this.store.countsOf(ids);
      return new Map(rows.map((r) => [r.id, { value: { followers: r.followers_count, following: r.following_count }, version: 0 }]));
    });
    this.handles = boundedLru(opts.maxEntries);
  }

  byIds(ids: readonly string[]): Promise<Map<string, Person>> {
    return this.cores.getMany([...new Set(ids)]);
  }

  countsOf(ids: readonly string[]): Promise<Map<string, PersonCounts>> {
    return this.counts.getMany([...new Set(ids)]);
  }

  /** The id of the person with this handle, or undefined (also while their deletion is pending). */
  async idByHandle(handle: string): Promise<string | undefined> {
    const key = handle.toLowerCase();
    const known = this.handles.get(key);
    // Warm, this costs no query: the person is in the people cache.
    if (known && (await this.cores.get(known))) return known;
    if (known) this.handles.delete(key);
    const u = await this.store.handleOwner(key);
    if (!u || u.erases_at !== null) return undefined;
    this.handles.set(key, u.id);
    return u.id;
  }

  /** Erased for good: every process drops its copy of the person (their id is never used again). */
  async erased(userId: string): Promise<void> {
    // Above any version the row could have had: a load that began before the erasure cannot bring them back.
    await this.cores.invalidate(userId, Number.MAX_SAFE_INTEGER);
    this.counts.forget(userId);
  }

  /** The person changed (name, bio, avatar…): every process drops versions before `version`. */
  invalidate(userId: string, version: number): Promise<void> {
    return this.cores.invalidate(userId, version);
  }

  /** Their counts moved here: this process shows the new ones at once, others within a second. */
  countsChanged(...userIds: string[]): void {
    for (const id of userIds) this.counts.forget(id);
  }

  async avatarsOf(users: ReadonlyArray<Pick<PublicUserRow, 'avatar_media_id'>>): Promise<Map<string, NonNullable<AvatarView>>> {
    const ids = users.flatMap((u) => (u.avatar_media_id ? [u.avatar_media_id] : []));
    return ids.length > 0 ? this.avatarViews(ids) : new Map();
  }
}

export function toPerson(u: PublicUserRow, avatars: Map<string, NonNullable<AvatarView>>): Person {
  return {
    id: u.id,
    handle: u.handle,
    displayName: u.display_name,
    bio: u.bio,
    avatar: (u.avatar_media_id && avatars.get(u.avatar_media_id)) || null,
    languages: JSON.parse(u.languages) as string[],
    bioLangs: u.bio_langs ? u.bio_langs.split(' ') : [],
    region: u.region,
    createdAt: u.created_at,
    tiktokUsername: u.tiktok_username,
  };
}

/** The list view of a person. */
export const toSummary = (p: Person): UserSummary => ({ handle: p.handle, displayName: p.displayName, bio: p.bio, avatar: p.avatar });
