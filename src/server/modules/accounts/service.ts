// The rules of accounts: sign-up, sessions, profiles, and the social graph. Changes others see are
// written with their domain events in one transaction (`account.changed`, `user.followed`, …);
// notifications and caches subscribe to those, and accounts calls none of them.
import type { Me, Profile, SessionInfo, SignUpBody, UiLanguage, UpdateMeBody, UserSummary } from '../../../shared/api/accounts.ts';
import type { PageOf } from '../../../shared/api/common.ts';
import type { DeletionScheduled } from '../../../shared/api/portability.ts';
import { cleanLine, cleanMultiline } from '../../../shared/text/clean.ts';
import type { Config } from '../../config.ts';
import type { AnyDb } from '../../platform/db/index.ts';
import { ConflictError, type FieldError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from '../../platform/errors.ts';
import type { EventBus, Tx } from '../../platform/events/index.ts';
import { newId, newToken, nowIso, sha256 } from '../../platform/ids.ts';
import { allowAll, type ContentPolicy } from '../../platform/policy.ts';
import { enforce, type RateLimiter } from '../../platform/ratelimit/index.ts';
import { decodeCursor, pageOf } from '../../platform/routes.ts';
import type { ShareCard } from '../../platform/web.ts';
import './events.ts';
import { isUniqueViolation } from '../../platform/db/index.ts';
import { languageColumns } from '../language/detect.ts';
import { cancelDeletion, type DeletionParts, scheduleDeletion } from './deletion.ts';
import { burnVerify, hashPassword, isCommonPassword, verifyPassword } from './passwords.ts';
import { type AvatarView, type People, type Person, type PersonCounts, toPerson, toSummary } from './people.ts';
import type { RelationsCache } from './relations.ts';
import type { SessionCache } from './sessions.ts';
import type { AccountsStore, EdgeTable, PublicUserRow } from './store.ts';
import type { AccountsTables, UserRow } from './tables.ts';

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

/** How a viewer stands to other people: the input of every visibility rule, one definition for the app. */
export interface Relations {
  /** people the viewer follows */
  following: Set<string>;
  /** people the viewer blocks or who block the viewer: neither may see or reach the other */
  blocked: Set<string>;
  /** people the viewer mutes: their notes leave the viewer's lists and feeds */
  muting: Set<string>;
}

export interface AuthContext {
  userId: string;
  sessionId: string;
  role: UserRow['role'];
}

/** What accounts needs of the media module for avatars. */
export interface AvatarMedia {
  /** Checks the upload is the person's own ready avatar and takes it, in the caller's transaction; a 400 otherwise. */
  claimAvatar(trx: AnyDb, userId: string, mediaId: string): Promise<void>;
  /** Schedules the files of an avatar no longer used for deletion, in the caller's transaction. */
  releaseAvatar(trx: AnyDb, mediaId: string): Promise<void>;
}

export interface SignUpOptions {
  /** false: this account never becomes the instance's admin (demo data); default true */
  claimAdmin?: boolean;
}

const TOUCH_EVERY_MS = 60 * 60 * 1000;
function cleanName(raw: string, field = 'displayName'): string {
  const name = cleanLine(raw);
  if (name.length === 0) throw new ValidationError('Display name is empty.', [{ field, message: 'must not be blank' }]);
  return name;
}

const noOne = (handle: string) => new NotFoundError(`No one is called @${handle.toLowerCase()}.`);

/** A TikTok username as stored: lower case, without the '@' a person may type before it. */
export const normalizeTikTok = (raw: string): string => raw.trim().replace(/^@/, '').toLowerCase();

/** A person found by the TikTok username they declared. */
export interface TikTokMatch {
  userId: string;
  handle: string;
  displayName: string;
  avatar: AvatarView;
}

const TIKTOK_BATCH = 500;

export class AccountsService {
  constructor(
    private readonly store: AccountsStore,
    private readonly events: EventBus,
    readonly people: People,
    private readonly sessions: SessionCache,
    private readonly relationsCache: RelationsCache,
    private readonly media: AvatarMedia,
    private readonly limiter: RateLimiter,
    private readonly config: Pick<Config, 'sessionTtlDays' | 'rateLimits' | 'portability'>,
    /** names and bios are screened (word lists) before they are stored */
    private readonly policy: ContentPolicy = allowAll,
  ) {}

  private readonly anyoneProfiles = new WeakMap<Person, { counts: PersonCounts | undefined; json: Buffer }>();

  // ---- sign-up and sessions

  async signUp(input: SignUpBody, meta: RequestMeta, opts: SignUpOptions = {}): Promise<{ user: Me; token: string; sessionId: string }> {
    const handle = input.handle.toLowerCase();
    const displayName = cleanName(input.displayName);
    // The limit first: a refused client costs nothing more than a counter.
    await enforce(this.limiter, [[`signup:ip:${meta.ip ?? 'unknown'}`, this.config.rateLimits.signupPerIp]]);
    // Every problem with the form at once, so nobody fixes one field only to meet the next.
    const errors: FieldError[] = [];
    const taken = await this.store.userByHandle(handle);
    if (taken) errors.push({ field: 'handle', message: 'is already taken' });
    if (isCommonPassword(input.password, [handle, displayName])) {
      errors.push({ field: 'password', message: 'is too common or too close to your handle; choose another' });
    }
    if (taken) throw new ConflictError('That handle is taken.', 'handle_taken', errors);
    await this.policy.screen({ kind: 'display_name', authorId: '', signUp: true, fields: [{ name: 'displayName', text: displayName }], isNew: true });
    if (errors.length > 0) throw new ValidationError('That password is too easy to guess.', errors, 'password_too_common');

    const uiLanguage: UiLanguage = input.uiLanguage ?? 'en';
    const languages = input.languages ?? [uiLanguage];
    const passwordHash = await hashPassword(input.password);
    const now = nowIso();
    const user: UserRow = {
      id: newId(),
      handle,
      display_name: displayName,
      bio: '',
      bio_langs: '',
      languages: JSON.stringify(languages),
      ui_language: uiLanguage,
      auto_translate: 0,
      region: null,
      avatar_media_id: null,
      role: 'member',
      password_hash: passwordHash,
      followers_count: 0,
      following_count: 0,
      created_at: now,
      updated_at: now,
      version: 1,
      suspended_until: null,
      banned_at: null,
      comments_from: 'everyone',
      messages_from: 'everyone',
      tiktok_username: null,
      erases_at: null,
    };
    const token = newToken();
    const sessionId = newId();
    try {
      await this.events.transaction(this.store.db, async (tx) => {
        const store = this.store.within(tx.db);
        await store.insertUser(user);
        // The first account is the instance's admin; the claim row makes that race-free.
        if (opts.claimAdmin !== false && (await store.claim('admin', user.id))) {
          await store.setRole(user.id, 'admin');
          user.role = 'admin';
        }
        await store.insertSession(this.sessionRow(sessionId, user.id, token, meta, now));
        await tx.emit('account.created', { userId: user.id, handle });
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw this.handleTaken();
      throw err;
    }
    return { user: await this.toMe(user), token, sessionId };
  }

  async logIn(
    input: { handle: string; password: string },
    meta: RequestMeta,
  ): Promise<{ user: Me; token: string; sessionId: string; deletionCancelled?: boolean }> {
    const handle = input.handle.toLowerCase();
    const rl = this.config.rateLimits;
    await enforce(this.limiter, [
      [`login:ip:${meta.ip ?? 'unknown'}`, rl.loginPerIp],
      [`login:handle:${handle}`, rl.loginPerHandle],
    ]);
    const user = await this.store.credentialsByHandle(handle);
    if (!user) {
      await burnVerify(input.password);
      throw this.badCredentials();
    }
    if (!(await verifyPassword(user.password_hash, input.password))) throw this.badCredentials();
    if (user.banned_at !== null) throw new ForbiddenError('This account is banned from this instance.', 'banned');
    // Logging in during a deletion's grace period cancels it; once it is over, the account is being erased.
    let deletionCancelled = false;
    if (user.erases_at !== null) {
      deletionCancelled = await cancelDeletion(this.deletionParts(), user.id);
      if (!deletionCancelled) throw new ForbiddenError('This account was deleted and is being erased.', 'forbidden');
    }
    const token = newToken();
    const sessionId = newId();
    await this.store.insertSession(this.sessionRow(sessionId, user.id, token, meta, nowIso()));
    return { user: await this.toMe(user), token, sessionId, ...(deletionCancelled ? { deletionCancelled } : {}) };
  }

  /** Resolves a bearer token or cookie value to the signed-in person, or null. */
  async authenticate(token: string): Promise<AuthContext | null> {
    if (token.length < 20 || token.length > 100) return null;
    const hash = sha256(token);
    const s = await this.sessions.get(hash);
    if (!s) return null;
    const now = Date.now();
    if (Date.parse(s.expires_at) <= now) return null;
    if (now - Date.parse(s.last_used_at) > TOUCH_EVERY_MS) {
      await this.store.touchSession(s.id, new Date(now).toISOString(), this.expiry(now));
      this.sessions.touched(hash);
    }
    return { userId: s.user_id, sessionId: s.id, role: s.role };
  }

  async logOut(auth: AuthContext): Promise<void> {
    await this.endSession(auth.userId, auth.sessionId);
  }

  async listSessions(auth: AuthContext): Promise<SessionInfo[]> {
    const rows = await this.store.sessionsOf(auth.userId, nowIso());
    return rows.map((s) => ({
      id: s.id,
      current: s.id === auth.sessionId,
      userAgent: s.user_agent,
      ip: s.ip,
      createdAt: s.created_at,
      lastUsedAt: s.last_used_at,
      expiresAt: s.expires_at,
    }));
  }

  async revokeSession(auth: AuthContext, sessionId: string): Promise<void> {
    if (!(await this.endSession(auth.userId, sessionId))) throw new NotFoundError('No such session.');
  }

  /** Deletes sessions past their expiry; a periodic job. */
  purgeExpiredSessions(): Promise<number> {
    return this.store.deleteExpiredSessions(nowIso());
  }

  /** Makes a person a member, moderator or admin (the `npm run admin` command); their sessions see it within 30 s. */
  async setRole(handle: string, role: UserRow['role']): Promise<{ userId: string; before: UserRow['role'] }> {
    const user = await this.store.credentialsByHandle(handle);
    if (!user) throw noOne(handle);
    if (role !== 'admin') await this.refuseLastAdmin(this.store, user);
    await this.store.setRole(user.id, role);
    return { userId: user.id, before: user.role };
  }

  // ---- deleting an account

  /**
   * The person deletes their account, with their password: every session ends and the profile is
   * gone at once; everything is erased after the grace period unless they log in before. The
   * instance's only admin cannot leave (409) until someone else is an admin.
   */
  async requestDeletion(userId: string, password: string): Promise<DeletionScheduled> {
    const user = await this.store.credentialsById(userId);
    if (!user || user.erases_at !== null) throw new UnauthenticatedError();
    // Password guesses here count with those at log-in: a stolen session cannot try passwords faster.
    await enforce(this.limiter, [[`login:handle:${user.handle}`, this.config.rateLimits.loginPerHandle]]);
    if (!(await verifyPassword(user.password_hash, password))) throw new UnauthenticatedError('Wrong password.', 'invalid_credentials');
    const erasesAt = await scheduleDeletion(this.deletionParts(), user, this.config.portability.deleteGraceDays, async (store) => {
      // Counted inside the transaction, the admins held: two admins leaving at once cannot both go.
      if (user.role !== 'admin') return;
      await store.lockAdmins();
      await this.refuseLastAdmin(store, user);
    });
    return { erasesAt };
  }

  /** When the person's pending erasure is due, or null when there is none (never asked, or cancelled by a log-in): the eraser checks it still stands. */
  pendingErasure(userId: string): Promise<string | null> {
    return this.store.erasesAt(userId);
  }

  // ---- TikTok usernames (self-declared, for friends who import their TikTok follows)

  /** The people who declared these TikTok usernames (any case, with or without '@'), by username as stored; people pending erasure are left out. */
  async byTikTokUsernames(usernames: readonly string[]): Promise<Map<string, TikTokMatch>> {
    const wanted = [...new Set(usernames.map(normalizeTikTok).filter((u) => u.length > 0))];
    const out = new Map<string, TikTokMatch>();
    for (let i = 0; i < wanted.length; i += TIKTOK_BATCH) {
      const rows = await this.store.byTikTokUsernames(wanted.slice(i, i + TIKTOK_BATCH));
      const avatars = await this.people.avatarsOf(rows);
      for (const r of rows)
        out.set(r.tiktok_username, {
          userId: r.id,
          handle: r.handle,
          displayName: r.display_name,
          avatar: (r.avatar_media_id && avatars.get(r.avatar_media_id)) || null,
        });
    }
    return out;
  }

  // ---- profiles

  async me(userId: string): Promise<Me> {
    const u = await this.store.userById(userId);
    if (!u) throw new UnauthenticatedError();
    return await this.toMe(u);
  }

  async updateMe(userId: string, patch: UpdateMeBody): Promise<Me> {
    const set: Partial<UserRow> = {};
    if (patch.displayName !== undefined) set.display_name = cleanName(patch.displayName);
    if (patch.bio !== undefined || patch.languages !== undefined) {
      // The bio's languages, told apart with the help of the languages the person says they write.
      const before = await this.store.userById(userId);
      const bio = patch.bio !== undefined ? cleanMultiline(patch.bio) : (before?.bio ?? '');
      const languages = patch.languages ?? (before ? (JSON.parse(before.languages) as string[]) : []);
      set.bio = bio;
      set.bio_langs = languageColumns(bio, languages).langs;
    }
    if (patch.languages !== undefined) set.languages = JSON.stringify(patch.languages);
    if (patch.uiLanguage !== undefined) set.ui_language = patch.uiLanguage;
    if (patch.autoTranslate !== undefined) set.auto_translate = patch.autoTranslate ? 1 : 0;
    if (patch.region !== undefined) set.region = patch.region === null ? null : cleanLine(patch.region) || null;
    if (patch.tiktokUsername !== undefined) set.tiktok_username = patch.tiktokUsername === null ? null : normalizeTikTok(patch.tiktokUsername);
    const screened = [
      ...(set.display_name !== undefined ? [{ name: 'displayName', text: set.display_name }] : []),
      ...(patch.bio !== undefined && set.bio !== undefined ? [{ name: 'bio', text: set.bio }] : []),
    ];
    const verdict = screened.length > 0 ? await this.policy.screen({ kind: 'bio', authorId: userId, fields: screened, isNew: false }) : null;
    try {
      await this.changeUser(userId, async (store, tx) => {
        const declared = set.tiktok_username;
        const before = declared ? await store.tiktokOf(userId) : null;
        const version = await store.updateUser(userId, set);
        // Those who imported their TikTok follows and wait for this username are told (by the portability module).
        if (declared && version !== undefined && declared !== before) await tx.emit('account.tiktok_declared', { userId, tiktokUsername: declared });
        return version;
      });
    } catch (err) {
      if (set.tiktok_username && isUniqueViolation(err))
        throw new ConflictError('Someone here already declared that TikTok username.', 'tiktok_username_taken', [
          { field: 'tiktokUsername', message: 'is already declared by someone else' },
        ]);
      throw err;
    }
    if (verdict) await this.policy.review({ type: 'bio', id: userId, authorId: userId }, verdict);
    return this.me(userId);
  }

  /** Sets (or with null, removes) my avatar: an upload made with purpose "avatar". */
  async setAvatar(userId: string, mediaId: string | null): Promise<Me> {
    const before = await this.store.userById(userId);
    if (!before) throw new UnauthenticatedError();
    if (mediaId === before.avatar_media_id) return this.toMe(before);
    await this.changeUser(userId, async (store, tx) => {
      if (mediaId) await this.media.claimAvatar(tx.db, userId, mediaId);
      if (before.avatar_media_id) await this.media.releaseAvatar(tx.db, before.avatar_media_id);
      return store.updateUser(userId, { avatar_media_id: mediaId });
    });
    return this.me(userId);
  }

  async profile(viewerId: string | null, handle: string): Promise<Profile> {
    const id = await this.people.idByHandle(handle);
    if (!id) throw noOne(handle);
    let viewer: Profile['viewer'] = null;
    if (viewerId && viewerId !== id) {
      // Every edge between the two people, both ways, from the relations cache (no query when warm).
      const [mine, theirs] = await Promise.all([this.relationsCache.of(viewerId, [id]), this.relationsCache.of(id, [viewerId])]);
      // Someone who blocks you does not exist for you; someone you block still does, so you can unblock them.
      if (mine.blockedBy.has(id)) throw noOne(handle);
      viewer = { following: mine.following.has(id), followedBy: theirs.following.has(viewerId), blocking: mine.blocking.has(id), muting: mine.muting.has(id) };
    }
    const [people, counts] = await Promise.all([this.people.byIds([id]), this.people.countsOf([id])]);
    const p = people.get(id);
    if (!p) throw noOne(handle);
    return presentProfile(p, counts.get(id), viewer);
  }

  /**
   * A profile for a reader who is not signed in, as the JSON the route sends: the same for everyone,
   * so serialised once for each version of the person and of their counts (refreshed within a second).
   */
  async profileForAnyone(handle: string, serialize: (profile: Profile) => Buffer): Promise<Buffer> {
    const id = await this.people.idByHandle(handle);
    if (!id) throw noOne(handle);
    const [people, counts] = await Promise.all([this.people.byIds([id]), this.people.countsOf([id])]);
    const p = people.get(id);
    if (!p) throw noOne(handle);
    const c = counts.get(id);
    const hit = this.anyoneProfiles.get(p);
    if (hit && hit.counts === c) return hit.json;
    const json = serialize(presentProfile(p, c, null));
    // Keyed by the cached person itself: an entry goes when the cache lets the person go.
    this.anyoneProfiles.set(p, { counts: c, json });
    return json;
  }

  /** A link preview of a profile, as the public sees it (no viewer, so no blocks to weigh); null for no such person. */
  async shareCard(handle: string): Promise<ShareCard | null> {
    const id = await this.people.idByHandle(handle);
    const p = id ? (await this.people.byIds([id])).get(id) : undefined;
    if (!p) return null;
    const name = `${p.displayName} (@${p.handle})`;
    const bio = [...p.bio.replace(/\s+/g, ' ').trim()];
    const description = bio.length === 0 ? `${name} on Biji` : bio.length > 200 ? `${bio.slice(0, 200).join('')}…` : bio.join('');
    return { title: name, description, image: p.avatar?.url ?? null, path: `/u/${p.handle}` };
  }

  /** People by id, as others see them, for other modules to present authors, commenters and actors. */
  summaries(ids: readonly string[]): Promise<Map<string, Person>> {
    return this.people.byIds(ids);
  }

  /** Follower counts of people by id (search ranks people by them). */
  async followerCounts(ids: readonly string[]): Promise<Map<string, number>> {
    const counts = await this.people.countsOf(ids);
    return new Map([...counts].map(([id, c]) => [id, c.followers]));
  }

  /** Every person, a batch at a time in id order (other modules' indexes are rebuilt from it). */
  userIdsAfter(afterId: string | null, limit: number): Promise<string[]> {
    return this.store.userIdsAfter(afterId, Math.min(Math.max(1, limit), 5000));
  }

  /** Handle → id for the handles that exist (mentions keep only real people). */
  async idsByHandles(handles: readonly string[]): Promise<Map<string, string>> {
    const rows = await this.store.usersByHandles([...new Set(handles)].slice(0, 100));
    return new Map(rows.map((r) => [r.handle, r.id]));
  }

  async idByHandle(handle: string): Promise<string> {
    const id = await this.people.idByHandle(handle);
    if (!id) throw noOne(handle);
    return id;
  }

  /**
   * How the viewer stands to each of `others`: from the relations cache (one batched query for what
   * it lacks) for reads; `fresh` asks the database, for checks that guard a write.
   */
  async relations(viewerId: string, others: readonly string[], opts: { fresh?: boolean } = {}): Promise<Relations> {
    const ids = [...new Set(others)].filter((id) => id !== viewerId);
    const r = opts.fresh ? await this.store.relations(viewerId, ids) : await this.relationsCache.of(viewerId, ids);
    return { following: r.following, blocked: new Set([...r.blocking, ...r.blockedBy]), muting: r.muting };
  }

  /** True when either person blocks the other: then neither may see or reach the other (asked of the database: it guards writes). */
  async blockedEitherWay(a: string, b: string): Promise<boolean> {
    if (a === b) return false;
    return (await this.relations(a, [b], { fresh: true })).blocked.has(b);
  }

  /** The person behind a handle for a reader: a 404 when they block the reader (or when the reader blocks them, with `strict`). */
  async visibleId(viewerId: string | null, handle: string): Promise<string> {
    const id = await this.idByHandle(handle);
    if (viewerId && viewerId !== id && (await this.relations(viewerId, [id])).blocked.has(id)) throw noOne(handle);
    return id;
  }

  // ---- the graph

  async follow(viewerId: string, handle: string): Promise<void> {
    const targetId = await this.idByHandle(handle);
    if (targetId === viewerId) throw new ValidationError('You cannot follow yourself.', undefined, 'cannot_follow_self');
    if ((await this.relations(viewerId, [targetId], { fresh: true })).blocked.has(targetId)) {
      // Someone who blocks you does not exist for you; someone you block you must unblock first.
      const mine = await this.store.edgesFrom('blocks', viewerId, [targetId]);
      if (mine.size === 0) throw noOne(handle);
      throw new ForbiddenError('Unblock them first.', 'blocked');
    }
    await this.events.transaction(this.store.db, async (tx) => {
      const store = this.store.within(tx.db);
      const [iBlock, theyBlock] = await Promise.all([store.edgesFrom('blocks', viewerId, [targetId]), store.blockedBy(viewerId, [targetId])]);
      if (iBlock.size > 0 || theyBlock.size > 0) throw new ForbiddenError('One of you has blocked the other.', 'blocked');
      if (await store.addFollow(viewerId, targetId)) await tx.emit('user.followed', { followerId: viewerId, followeeId: targetId });
    });
    this.people.countsChanged(viewerId, targetId);
  }

  async unfollow(viewerId: string, handle: string): Promise<void> {
    const targetId = await this.idByHandle(handle);
    await this.events.transaction(this.store.db, async (tx) => {
      if (await this.store.within(tx.db).removeFollow(viewerId, targetId)) await tx.emit('user.unfollowed', { followerId: viewerId, followeeId: targetId });
    });
    this.people.countsChanged(viewerId, targetId);
  }

  /** Blocks, mutes and their undoing. A block ends every follow between the two people, both ways. */
  async setEdge(table: EdgeTable, viewerId: string, handle: string, on: boolean): Promise<void> {
    const targetId = await this.idByHandle(handle);
    if (targetId === viewerId) throw new ValidationError('You cannot do that to yourself.', undefined, 'self_target');
    await this.events.transaction(this.store.db, async (tx) => {
      const store = this.store.within(tx.db);
      if (!on) {
        if (!(await store.removeEdge(table, viewerId, targetId))) return;
        if (table === 'blocks') await tx.emit('user.unblocked', { blockerId: viewerId, blockedId: targetId });
        else await tx.emit('user.unmuted', { muterId: viewerId, mutedId: targetId });
        return;
      }
      if (!(await store.addEdge(table, viewerId, targetId))) return;
      if (table === 'mutes') return tx.emit('user.muted', { muterId: viewerId, mutedId: targetId });
      if (await store.removeFollow(viewerId, targetId)) await tx.emit('user.unfollowed', { followerId: viewerId, followeeId: targetId });
      if (await store.removeFollow(targetId, viewerId)) await tx.emit('user.unfollowed', { followerId: targetId, followeeId: viewerId });
      await tx.emit('user.blocked', { blockerId: viewerId, blockedId: targetId });
    });
    if (table === 'blocks') this.people.countsChanged(viewerId, targetId);
  }

  async followList(
    viewerId: string | null,
    handle: string,
    which: 'followers' | 'following',
    cursor: string | undefined,
    limit: number,
  ): Promise<PageOf<UserSummary>> {
    const id = await this.visibleId(viewerId, handle);
    const side = which === 'followers' ? 'followee_id' : 'follower_id';
    // (People whose deletion is pending are left out below: the people cache does not hold them.)
    const after = decodeCursor(cursor, ['id']);
    const rows = await this.store.followPage(side, id, after?.[0] ?? null, limit + 1);
    return pageOf(
      rows,
      limit,
      (r) => [r.id],
      async (page) => {
        const people = await this.people.byIds(page.map((r) => r.other_id));
        // People hidden from the viewer by a block, either way, are left out of the lists they read.
        const hidden = viewerId ? (await this.relations(viewerId, [...people.keys()])).blocked : new Set<string>();
        return page.flatMap((r) => {
          const p = people.get(r.other_id);
          return p && !hidden.has(p.id) ? [toSummary(p)] : [];
        });
      },
    );
  }

  // ---- helpers

  /** A change others see: written with its `account.changed` event, whose handler drops every cached copy. */
  private async changeUser(userId: string, write: (store: AccountsStore, tx: Tx<AccountsTables>) => Promise<number | undefined>): Promise<void> {
    await this.events.transaction(this.store.db, async (tx) => {
      const version = await write(this.store.within(tx.db), tx);
      if (version === undefined) throw new UnauthenticatedError();
      await tx.emit('account.changed', { userId, version });
    });
  }

  /** Deletes a session and drops its cached copy in every process before answering. */
  private async endSession(userId: string, sessionId: string): Promise<boolean> {
    const hash = await this.store.deleteSession(userId, sessionId);
    if (hash) await this.sessions.revoked(hash);
    return hash !== null;
  }

  private sessionRow(id: string, userId: string, token: string, meta: RequestMeta, now: string) {
    return {
      id,
      user_id: userId,
      token_hash: sha256(token),
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
      ip: meta.ip,
      created_at: now,
      last_used_at: now,
      expires_at: this.expiry(Date.parse(now)),
    };
  }

  private expiry(fromMs: number): string {
    return new Date(fromMs + this.config.sessionTtlDays * 86_400_000).toISOString();
  }

  /** The guard of setRole and of deleting an account: the instance keeps at least one admin. */
  private async refuseLastAdmin(store: AccountsStore, user: Pick<UserRow, 'role' | 'handle'>): Promise<void> {
    if (user.role === 'admin' && (await store.countRole('admin')) <= 1)
      throw new ConflictError(`@${user.handle} is the only admin; promote someone else to admin first.`, 'last_admin');
  }

  private deletionParts(): DeletionParts {
    return { store: this.store, events: this.events, people: this.people, sessions: this.sessions };
  }

  private handleTaken() {
    return new ConflictError('That handle is taken.', 'handle_taken', [{ field: 'handle', message: 'is already taken' }]);
  }

  private badCredentials() {
    return new UnauthenticatedError('Wrong handle or password.', 'invalid_credentials');
  }

  private async toMe(u: PublicUserRow): Promise<Me> {
    const p = toPerson(u, await this.people.avatarsOf([u]));
    return {
      id: u.id,
      handle: p.handle,
      displayName: p.displayName,
      bio: p.bio,
      languages: p.languages,
      uiLanguage: u.ui_language === 'zh' ? 'zh' : 'en',
      autoTranslate: u.auto_translate === 1,
      region: p.region,
      avatar: p.avatar as AvatarView,
      role: u.role,
      followersCount: u.followers_count,
      followingCount: u.following_count,
      createdAt: u.created_at,
      tiktokUsername: u.tiktok_username,
    };
  }
}

function presentProfile(p: Person, c: PersonCounts | undefined, viewer: Profile['viewer']): Profile {
  return {
    handle: p.handle,
    displayName: p.displayName,
    bio: p.bio,
    bioLangs: p.bioLangs,
    languages: p.languages,
    region: p.region,
    avatar: p.avatar,
    followersCount: c?.followers ?? 0,
    followingCount: c?.following ?? 0,
    createdAt: p.createdAt,
    tiktokUsername: p.tiktokUsername,
    viewer,
  };
}
