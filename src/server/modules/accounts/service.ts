// The rules of accounts: sign-up, sessions, profiles, and the social graph.

import type { Me, Profile, SessionInfo, SignUpBody, UiLanguage, UpdateMeBody, UserSummary } from '../../../shared/api/accounts.ts';
import type { PageOf } from '../../../shared/api/common.ts';
import type { Config } from '../../config.ts';
import { ConflictError, type FieldError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor, newId, newToken, nowIso, sha256 } from '../../platform/ids.ts';
import { enforce, type RateLimiter } from '../../platform/ratelimit/index.ts';
import { burnVerify, hashPassword, isCommonPassword, verifyPassword } from './passwords.ts';
import { type AccountsStore, type EdgeTable, isUniqueViolation, type PublicUserRow } from './store.ts';
import type { UserRow } from './tables.ts';

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

export interface Relations {
  /** people the viewer follows */
  following: Set<string>;
  /** people the viewer blocks or who block the viewer */
  blocked: Set<string>;
  /** people the viewer mutes */
  muting: Set<string>;
}

export interface AuthContext {
  userId: string;
  sessionId: string;
  role: UserRow['role'];
}

const TOUCH_EVERY_MS = 60 * 60 * 1000;
// Control characters other than tab and newline never belong in names or bios.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;

const clean = (s: string): string => s.replace(CONTROL, '').trim();

function cleanName(raw: string, field = 'displayName'): string {
  const name = clean(raw).replace(/\s+/gu, ' ');
  if (name.length === 0) throw new ValidationError('Display name is empty.', [{ field, message: 'must not be blank' }]);
  return name;
}

export type FollowListener = (followerId: string, followeeId: string) => Promise<void>;

export type AvatarView = { url: string; placeholder?: string } | null;

/** What accounts needs of the media module for avatars (wired by the composition root). */
export interface AvatarPort {
  /** Checks the media is the person's own ready avatar upload and takes it; throws a 400 otherwise. */
  claim(userId: string, mediaId: string): Promise<void>;
  /** Schedules the files of an avatar that is no longer used for deletion. */
  release(mediaId: string): Promise<void>;
  /** Display URLs by media id, batched. */
  views(mediaIds: readonly string[]): Promise<Map<string, NonNullable<AvatarView>>>;
}

const noAvatars: AvatarPort = {
  claim: async () => {
    throw new ValidationError('Avatars are not available.', [{ field: 'mediaId', message: 'unknown' }], 'invalid_media');
  },
  release: async () => {},
  views: async () => new Map(),
};

export class AccountsService {
  private followListener: FollowListener | null = null;
  private avatars: AvatarPort = noAvatars;

  constructor(
    private readonly store: AccountsStore,
    private readonly limiter: RateLimiter,
    private readonly config: Pick<Config, 'sessionTtlDays' | 'rateLimits'>,
  ) {}

  /** The composition root connects notifications here (notify depends on accounts, not the reverse). */
  onFollow(listener: FollowListener): void {
    this.followListener = listener;
  }

  useAvatars(port: AvatarPort): void {
    this.avatars = port;
  }

  // ---- sign-up and sessions

  /**
   * `claimAdmin: false` (the seed's demo people): the account never takes the admin claim, so the
   * first real person to sign up still becomes the instance's admin.
   */
  async signUp(input: SignUpBody, meta: RequestMeta, opts: { claimAdmin?: boolean } = {}): Promise<{ user: Me; token: string; sessionId: string }> {
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
      languages: JSON.stringify(languages),
      ui_language: uiLanguage,
      region: null,
      avatar_media_id: null,
      role: 'member',
      password_hash: passwordHash,
      followers_count: 0,
      following_count: 0,
      created_at: now,
      updated_at: now,
    };
    const token = newToken();
    const sessionId = newId();
    try {
      await this.store.transaction(async (tx) => {
        await tx.insertUser(user);
        // The first account is the instance's admin; the claim row makes that race-free.
        if (opts.claimAdmin !== false && (await tx.claim('admin', user.id))) {
          await tx.setRole(user.id, 'admin');
          user.role = 'admin';
        }
        await tx.insertSession(this.sessionRow(sessionId, user.id, token, meta, now));
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw this.handleTaken();
      throw err;
    }
    return { user: await this.toMe(user), token, sessionId };
  }

  async logIn(input: { handle: string; password: string }, meta: RequestMeta): Promise<{ user: Me; token: string; sessionId: string }> {
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
    const token = newToken();
    const sessionId = newId();
    await this.store.insertSession(this.sessionRow(sessionId, user.id, token, meta, nowIso()));
    return { user: await this.toMe(user), token, sessionId };
  }

  /** Resolves a bearer token or cookie value to the signed-in person, or null. */
  async authenticate(token: string): Promise<AuthContext | null> {
    if (token.length < 20 || token.length > 100) return null;
    const s = await this.store.sessionForToken(sha256(token));
    if (!s) return null;
    const now = Date.now();
    if (Date.parse(s.expires_at) <= now) return null;
    if (now - Date.parse(s.last_used_at) > TOUCH_EVERY_MS) {
      await this.store.touchSession(s.id, new Date(now).toISOString(), this.expiry(now));
    }
    return { userId: s.user_id, sessionId: s.id, role: s.role };
  }

  async logOut(auth: AuthContext): Promise<void> {
    await this.store.deleteSession(auth.userId, auth.sessionId);
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
    if (!(await this.store.deleteSession(auth.userId, sessionId))) throw new NotFoundError('No such session.');
  }

  async purgeExpiredSessions(): Promise<number> {
    return this.store.deleteExpiredSessions(nowIso());
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
    if (patch.bio !== undefined) set.bio = patch.bio.replace(CONTROL, '').trim();
    if (patch.languages !== undefined) set.languages = JSON.stringify(patch.languages);
    if (patch.uiLanguage !== undefined) set.ui_language = patch.uiLanguage;
    if (patch.region !== undefined) set.region = patch.region === null ? null : clean(patch.region) || null;
    await this.store.updateUser(userId, set);
    return this.me(userId);
  }

  /** Sets (or with null, removes) my avatar: an upload made with purpose "avatar". */
  async setAvatar(userId: string, mediaId: string | null): Promise<Me> {
    const before = await this.store.userById(userId);
    if (!before) throw new UnauthenticatedError();
    if (mediaId === before.avatar_media_id) return this.toMe(before);
    if (mediaId) await this.avatars.claim(userId, mediaId);
    await this.store.updateUser(userId, { avatar_media_id: mediaId });
    if (before.avatar_media_id) await this.avatars.release(before.avatar_media_id);
    return this.me(userId);
  }

  async profile(viewerId: string | null, handle: string): Promise<Profile> {
    const u = await this.userOr404(handle);
    let viewer: Profile['viewer'] = null;
    if (viewerId && viewerId !== u.id) {
      // Every edge between the two people in one query: the cost of a signed-in profile view.
      const s = await this.store.pairState(viewerId, u.id);
      if (s.blockedBy) throw new NotFoundError(`No one is called @${handle.toLowerCase()}.`);
      viewer = { following: s.following, followedBy: s.followedBy, blocking: s.blocking, muting: s.muting };
    }
    return {
      handle: u.handle,
      displayName: u.display_name,
      bio: u.bio,
      languages: JSON.parse(u.languages) as string[],
      region: u.region,
      avatar: await this.avatarOf(u),
      followersCount: u.followers_count,
      followingCount: u.following_count,
      createdAt: u.created_at,
      viewer,
    };
  }

  /** Summaries of people by id, in the order given, for other modules to present authors. */
  async summaries(ids: readonly string[]): Promise<Map<string, UserSummary & { id: string }>> {
    const rows = await this.store.usersByIds([...new Set(ids)]);
    const avatars = await this.avatarsOf(rows);
    return new Map(rows.map((u) => [u.id, { id: u.id, ...this.toSummary(u, avatars) }]));
  }

  /** Handle → id for the handles that exist (mentions keep only real people). */
  async idsByHandles(handles: readonly string[]): Promise<Map<string, string>> {
    const rows = await this.store.usersByHandles([...new Set(handles)].slice(0, 100));
    return new Map(rows.map((r) => [r.handle, r.id]));
  }

  async idByHandle(handle: string): Promise<string> {
    return (await this.userOr404(handle)).id;
  }

  /** How the viewer stands to each of `others`, in a few batched queries: the input of every visibility rule. */
  async relations(viewerId: string, others: readonly string[]): Promise<Relations> {
    const ids = [...new Set(others)].filter((id) => id !== viewerId);
    const [states, blocking, blockedBy, muting] = await Promise.all([
      this.store.followStates(viewerId, ids),
      this.store.edgesFrom('blocks', viewerId, ids),
      this.store.blockedBy(viewerId, ids),
      this.store.edgesFrom('mutes', viewerId, ids),
    ]);
    return { following: states.following, blocked: new Set([...blocking, ...blockedBy]), muting };
  }

  // ---- the graph

  async follow(viewerId: string, handle: string): Promise<void> {
    const target = await this.visibleUser(viewerId, handle);
    if (target.id === viewerId) throw new ValidationError('You cannot follow yourself.', undefined, 'cannot_follow_self');
    const created = await this.store.transaction(async (tx) => {
      const [iBlock, theyBlock] = await Promise.all([tx.edgesFrom('blocks', viewerId, [target.id]), tx.blockedBy(viewerId, [target.id])]);
      if (iBlock.size > 0 || theyBlock.size > 0) throw new ForbiddenError('One of you has blocked the other.', 'blocked');
      return tx.addFollow(viewerId, target.id);
    });
    if (created && this.followListener) await this.followListener(viewerId, target.id);
  }

  async unfollow(viewerId: string, handle: string): Promise<void> {
    const target = await this.userOr404(handle);
    await this.store.transaction((tx) => tx.removeFollow(viewerId, target.id));
  }

  async block(viewerId: string, handle: string): Promise<void> {
    const target = await this.userOr404(handle);
    if (target.id === viewerId) throw new ValidationError('You cannot block yourself.', undefined, 'cannot_block_self');
    await this.store.transaction(async (tx) => {
      await tx.addEdge('blocks', viewerId, target.id);
      // A block ends every follow between the two people, both ways.
      await tx.removeFollow(viewerId, target.id);
      await tx.removeFollow(target.id, viewerId);
    });
  }

  async setEdge(table: EdgeTable, viewerId: string, handle: string, on: boolean): Promise<void> {
    const target = await this.userOr404(handle);
    if (target.id === viewerId) throw new ValidationError('You cannot do that to yourself.', undefined, 'self_target');
    if (on && table === 'blocks') return this.block(viewerId, handle);
    if (on) await this.store.addEdge(table, viewerId, target.id);
    else await this.store.removeEdge(table, viewerId, target.id);
  }

  /** True when either person blocks the other: then neither may see or reach the other. */
  async blockedEitherWay(a: string, b: string): Promise<boolean> {
    const [x, y] = await Promise.all([this.store.edgesFrom('blocks', a, [b]), this.store.blockedBy(a, [b])]);
    return x.size > 0 || y.size > 0;
  }

  async followList(
    viewerId: string | null,
    handle: string,
    which: 'followers' | 'following',
    cursor: string | undefined,
    limit: number,
  ): Promise<PageOf<UserSummary>> {
    const u = await this.visibleUser(viewerId, handle);
    const side = which === 'followers' ? 'followee_id' : 'follower_id';
    const rows = await this.store.followPage(side, u.id, decodeCursor(cursor), limit + 1);
    const page = rows.slice(0, limit);
    const people = await this.store.usersByIds(page.map((r) => r.other_id));
    const avatars = await this.avatarsOf(people);
    const byId = new Map(people.map((p) => [p.id, p]));
    // People who block the viewer are left out of lists the viewer reads.
    const hidden = viewerId ? await this.store.blockedBy(viewerId, [...byId.keys()]) : new Set<string>();
    const items = page.flatMap((r) => {
      const p = byId.get(r.other_id);
      return p && !hidden.has(p.id) ? [this.toSummary(p, avatars)] : [];
    });
    const last = page[page.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
  }

  // ---- helpers

  private async userOr404(handle: string): Promise<PublicUserRow> {
    const u = await this.store.userByHandle(handle);
    if (!u) throw new NotFoundError(`No one is called @${handle.toLowerCase()}.`);
    return u;
  }

  /** The person by handle, unless they block the viewer (then they do not exist for the viewer). */
  private async visibleUser(viewerId: string | null, handle: string): Promise<PublicUserRow> {
    const u = await this.userOr404(handle);
    if (viewerId && viewerId !== u.id && (await this.store.blockedBy(viewerId, [u.id])).size > 0) {
      throw new NotFoundError(`No one is called @${handle.toLowerCase()}.`);
    }
    return u;
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

  private handleTaken() {
    return new ConflictError('That handle is taken.', 'handle_taken', [{ field: 'handle', message: 'is already taken' }]);
  }

  private badCredentials() {
    return new UnauthenticatedError('Wrong handle or password.', 'invalid_credentials');
  }

  private async avatarsOf(users: readonly PublicUserRow[]): Promise<Map<string, NonNullable<AvatarView>>> {
    const ids = users.flatMap((u) => (u.avatar_media_id ? [u.avatar_media_id] : []));
    return ids.length > 0 ? this.avatars.views(ids) : new Map();
  }

  private async avatarOf(u: PublicUserRow): Promise<AvatarView> {
    return u.avatar_media_id ? ((await this.avatarsOf([u])).get(u.avatar_media_id) ?? null) : null;
  }

  private toSummary(u: PublicUserRow, avatars: Map<string, NonNullable<AvatarView>>): UserSummary {
    return { handle: u.handle, displayName: u.display_name, bio: u.bio, avatar: (u.avatar_media_id && avatars.get(u.avatar_media_id)) || null };
  }

  private async toMe(u: PublicUserRow): Promise<Me> {
    return {
      id: u.id,
      handle: u.handle,
      displayName: u.display_name,
      bio: u.bio,
      languages: JSON.parse(u.languages) as string[],
      uiLanguage: u.ui_language === 'zh' ? 'zh' : 'en',
      region: u.region,
      avatar: await this.avatarOf(u),
      role: u.role,
      followersCount: u.followers_count,
      followingCount: u.following_count,
      createdAt: u.created_at,
    };
  }
}
