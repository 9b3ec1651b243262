// The rules of live rooms: who may create, moderate and post; slow mode, rate limits and clientId
// idempotency on send; seqs taken durably with the message; history within the retention window;
// the hello a new subscriber gets; and the clean-up of messages past the window.
import type { ChatItem, CreateRoomBody, HistoryPage, HistoryQuery, RoomView } from '../../../shared/api/messages.ts';
import { CHAT_LIMITS, MAX_MESSAGE_CHARS } from '../../../shared/api/messages.ts';
import type { RateRule } from '../../config.ts';
import { isUniqueViolation } from '../../platform/db/index.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { ContentPolicy } from '../../platform/policy.ts';
import type { RateLimiter } from '../../platform/ratelimit/index.ts';
import { detectLanguage } from '../language/detect.ts';
import { clientIdReused, notMember, sendLimited, slowMode } from './errors.ts';
import type { RoomOutbox } from './outbox.ts';
import { type AuthorsFn, presentAll } from './present.ts';
import type { RoomsStore } from './store.ts';
import type { RoomMemberRow, RoomMessageRow, RoomRow } from './tables.ts';

export interface RoomsOptions {
  recentMessages: number;
  retentionHours: number;
  retentionMessages: number;
  sendPerUser: RateRule;
  sendPerRoom: RateRule;
  now?: () => number;
}

export interface RoomsDeps {
  store: RoomsStore;
  outbox: RoomOutbox;
  /** live member count across processes */
  liveMembers(roomId: string): number;
  /** a room-state frame to every subscriber of the room, in every process */
  publish(roomId: string, frame: Record<string, unknown>): Promise<void>;
  limiter: RateLimiter;
  authors: AuthorsFn;
  isAdmin(userId: string): Promise<boolean>;
  idByHandle(handle: string): Promise<string>;
  /** the content policy every message is screened by */
  policy: ContentPolicy;
}

/** The room frame a subscriber gets first (stream contract). */
export type RoomHello = { type: 'room'; room: string; members: number; pinned: ChatItem | null; slowModeS: number; lastSeq: number; recent: ChatItem[] };

/** `resume` gives at most this many messages; further behind, `resync` (reload the room). */
export const RESUME_MAX = 200;

const codePoints = (s: string) => [...s].length;

export class RoomsService {
  private readonly now: () => number;
  /** per room: the hello's messages for a (last_seq, version); a 50,000-person join rush reads them once */
  private readonly helloCache = new Map<string, { key: string; pinned: ChatItem | null; recent: ChatItem[] }>();

  constructor(
    private readonly d: RoomsDeps,
    private readonly o: RoomsOptions,
  ) {
    this.now = o.now ?? Date.now;
  }

  // ---- rooms

  async create(userId: string, body: CreateRoomBody): Promise<RoomView> {
    if (!(await this.d.isAdmin(userId))) throw new ForbiddenError('Only an admin may create a room.');
    const name = this.text(body.name, 'name', 1, CHAT_LIMITS.roomNameChars);
    const description = this.text(body.description, 'description', 0, CHAT_LIMITS.roomDescriptionChars);
    const now = this.iso();
    const row: RoomRow = {
      id: newId(),
      name,
      description,
      slow_mode_s: body.slowModeS ?? 0,
      pinned_message_id: null,
      last_seq: 0,
      version: 0,
      created_by: userId,
      created_at: now,
      updated_at: now,
    };
    await this.d.store.unit(async (s) => {
      await s.insertRoom(row);
      await s.upsertMember({ room_id: row.id, user_id: userId, role: 'moderator', joined_at: now }, true);
    });
    return this.view(userId, row.id);
  }

  async list(viewerId: string | null): Promise<{ items: RoomView[] }> {
    const rooms = await this.d.store.rooms();
    const mine = viewerId
      ? await this.d.store.memberships(
          viewerId,
          rooms.map((r) => r.id),
        )
      : new Map<string, RoomMemberRow>();
    const admin = viewerId ? await this.d.isAdmin(viewerId) : false;
    const pinnedRows = await this.d.store.messagesByIds(rooms.flatMap((r) => (r.pinned_message_id ? [r.pinned_message_id] : [])));
    const pinned = new Map((await presentAll(pinnedRows, this.d.authors)).map((i) => [i.id, i]));
    const items = rooms.map((r) => this.present(r, viewerId ? { member: mine.get(r.id), admin } : null, pinned));
    // Busiest first: the directory leads with where people are.
    items.sort((a, b) => b.liveMembers - a.liveMembers || a.createdAt.localeCompare(b.createdAt));
    return { items };
  }

  async view(viewerId: string | null, roomId: string): Promise<RoomView> {
    const room = await this.room(roomId);
    const viewer = viewerId ? { member: await this.d.store.member(roomId, viewerId), admin: await this.d.isAdmin(viewerId) } : null;
    const pinnedRows = room.pinned_message_id ? await this.d.store.messagesByIds([room.pinned_message_id]) : [];
    const pinned = new Map((await presentAll(pinnedRows, this.d.authors)).map((i) => [i.id, i]));
    return this.present(room, viewer, pinned);
  }

  async join(userId: string, roomId: string): Promise<RoomView> {
    await this.room(roomId);
    await this.d.store.upsertMember({ room_id: roomId, user_id: userId, role: 'member', joined_at: this.iso() }, false);
    return this.view(userId, roomId);
  }

  async leave(userId: string, roomId: string): Promise<void> {
    await this.room(roomId);
    await this.d.store.removeMember(roomId, userId);
  }

  async update(userId: string, roomId: string, patch: { name?: string; description?: string; slowModeS?: number }): Promise<RoomView> {
    await this.requireModerator(userId, roomId);
    const set: Parameters<RoomsStore['updateRoom']>[1] = {};
    if (patch.name !== undefined) set.name = this.text(patch.name, 'name', 1, CHAT_LIMITS.roomNameChars);
    if (patch.description !== undefined) set.description = this.text(patch.description, 'description', 0, CHAT_LIMITS.roomDescriptionChars);
    if (patch.slowModeS !== undefined) set.slow_mode_s = patch.slowModeS;
    if (Object.keys(set).length > 0) {
      await this.d.store.updateRoom(roomId, set, this.iso());
      const v = await this.view(null, roomId);
      await this.d.publish(roomId, { type: 'room', room: roomId, members: v.liveMembers, slowModeS: v.slowModeS, name: v.name, description: v.description });
    }
    return this.view(userId, roomId);
  }

  /** Pins a message of the room (null: unpins). */
  async pin(userId: string, roomId: string, messageId: string | null): Promise<RoomView> {
    await this.requireModerator(userId, roomId);
    if (messageId !== null) {
      const m = await this.d.store.message(roomId, messageId);
      if (!m || m.deleted) throw new NotFoundError('No such message in this room.');
    }
    await this.d.store.updateRoom(roomId, { pinned_message_id: messageId }, this.iso());
    const v = await this.view(userId, roomId);
    await this.d.publish(roomId, { type: 'room', room: roomId, members: v.liveMembers, pinned: v.pinned });
    return v;
  }

  /** Makes someone a moderator (joining them) or a plain member again: the admin or the room's creator. */
  async setModerator(userId: string, roomId: string, handle: string, on: boolean): Promise<void> {
    const room = await this.room(roomId);
    if (room.created_by !== userId && !(await this.d.isAdmin(userId)))
      throw new ForbiddenError('Only the room’s creator or an admin may change its moderators.');
    const target = await this.d.idByHandle(handle);
    if (on) await this.d.store.upsertMember({ room_id: roomId, user_id: target, role: 'moderator', joined_at: this.iso() }, true);
    else await this.d.store.setRole(roomId, target, 'member');
  }

  // ---- messages

  async history(_viewerId: string, roomId: string, q: HistoryQuery): Promise<HistoryPage> {
    const room = await this.room(roomId);
    const limit = Math.min(Math.max(1, q.limit ?? CHAT_LIMITS.historyPage), 100);
    if (q.after !== undefined && q.before === undefined) {
      const rows = await this.d.store.after(roomId, q.after, limit, this.since());
      const items = await presentAll(rows, this.d.authors);
      return { items, hasMore: (items[0]?.seq ?? room.last_seq + 1) > 1 && q.after > 0 };
    }
    const rows = await this.d.store.before(roomId, q.before ?? room.last_seq + 1, limit + 1, this.since());
    const items = await presentAll(rows.slice(0, limit).reverse(), this.d.authors);
    return { items, hasMore: rows.length > limit };
  }

  /**
   * Posts a message: a member only; 1–2000 characters once trimmed; a clientId seen before answers
   * with the first message (or refuses a different body); rate limits, then slow mode (checked under
   * the room's lock, so exact across processes). Goes out with this process's next tick.
   */
  async send(userId: string, roomId: string, input: { body: string; clientId?: string | undefined }): Promise<{ item: ChatItem; duplicate: boolean }> {
    const member = await this.d.store.member(roomId, userId);
    if (!member) {
      await this.room(roomId);
      throw notMember();
    }
    const body = input.body.trim();
    const chars = codePoints(body);
    if (chars < 1 || chars > MAX_MESSAGE_CHARS)
      throw new ValidationError(`A message is 1 to ${MAX_MESSAGE_CHARS} characters.`, [{ field: 'body', message: `1 to ${MAX_MESSAGE_CHARS} characters` }]);
    const clientId = input.clientId ?? null;
    if (clientId) {
      const seen = await this.replay(roomId, userId, clientId, body);
      if (seen) return seen;
    }
    await this.limit(userId, roomId);
    const id = newId();
    await this.d.policy.screen({ kind: 'room_message', authorId: userId, targetId: id, fields: [{ name: 'body', text: body }], isNew: true });
    const room = await this.room(roomId);
    const exempt = member.role === 'moderator' || (room.slow_mode_s > 0 && (await this.d.isAdmin(userId)));
    const now = this.now();
    const row: RoomMessageRow = {
      id,
      room_id: roomId,
      seq: 0,
      author_id: userId,
      body,
      lang: null,
      client_id: clientId,
      deleted: 0,
      created_at: new Date(now).toISOString(),
    };
    const lang = detectLanguage(body);
    row.lang = lang === 'und' ? null : lang;
    try {
      await this.d.store.unit(async (s) => {
        const taken = await s.takeSeq(roomId);
        if (!taken) throw new NotFoundError('No such room.');
        if (taken.slowModeS > 0 && !exempt) {
          const last = await s.lastPostAt(roomId, userId);
          const wait = last === null ? 0 : Date.parse(last) + taken.slowModeS * 1000 - now;
          if (wait > 0) throw slowMode(wait, taken.slowModeS);
        }
        row.seq = taken.seq;
        await s.insertMessage(row);
      });
    } catch (err) {
      // The same clientId raced in from another socket or process: the unique index decided.
      if (clientId && isUniqueViolation(err)) {
        const seen = await this.replay(roomId, userId, clientId, body);
        if (seen) return seen;
      }
      throw err;
    }
    const [item] = await presentAll([row], this.d.authors);
    if (!item) throw new Error('rooms: a message could not be presented');
    this.d.outbox.add(roomId, item);
    return { item, duplicate: false };
  }

  /** Its author or a moderator turns a message into a tombstone; members hear `deleted`. */
  async deleteMessage(userId: string, roomId: string, messageId: string): Promise<void> {
    const m = await this.d.store.message(roomId, messageId);
    if (!m) throw new NotFoundError('No such message in this room.');
    if (m.author_id !== userId) await this.requireModerator(userId, roomId);
    if (m.deleted) return;
    await this.d.store.unit(async (s) => {
      await s.tombstone(messageId);
      // The hello's recent messages may hold it.
      await s.updateRoom(roomId, {}, this.iso());
    });
    this.d.outbox.deleted(roomId, messageId, m.seq);
  }

  // ---- for moderation

  /** A message as moderators see it (null when gone). */
  async forModeration(messageId: string): Promise<{ id: string; roomId: string; authorId: string; body: string; lang: string; createdAt: string } | null> {
    const m = await this.d.store.messageById(messageId);
    if (!m || m.deleted) return null;
    return { id: m.id, roomId: m.room_id, authorId: m.author_id, body: m.body, lang: m.lang ?? 'und', createdAt: m.created_at };
  }

  /** Whether a person may see (and so report) a message: any member of its room. */
  async visibleTo(viewerId: string, messageId: string): Promise<{ id: string; ownerId: string } | null> {
    const m = await this.d.store.messageById(messageId);
    if (!m || m.deleted || !(await this.d.store.member(m.room_id, viewerId))) return null;
    return { id: m.id, ownerId: m.author_id };
  }

  /** Taken down by the instance's moderators: a tombstone, as a room moderator's delete leaves. */
  async removeByModerator(messageId: string): Promise<void> {
    const m = await this.d.store.messageById(messageId);
    if (!m || m.deleted) return;
    await this.d.store.unit(async (s) => {
      await s.tombstone(messageId);
      await s.updateRoom(m.room_id, {}, this.iso());
    });
    this.d.outbox.deleted(m.room_id, messageId, m.seq);
  }

  /** What came after `after`, for a client back from a reconnect; null: too far behind, reload. */
  async resume(userId: string, roomId: string, after: number): Promise<ChatItem[] | null> {
    if (!(await this.d.store.member(roomId, userId))) {
      await this.room(roomId);
      throw notMember();
    }
    const room = await this.room(roomId);
    if (after >= room.last_seq) return [];
    if (room.last_seq - after > RESUME_MAX) return null;
    const rows = await this.d.store.after(roomId, after, RESUME_MAX, this.since());
    // Purged meanwhile: the client cannot have a gapless list from here.
    if (rows[0]?.seq !== after + 1) return null;
    return presentAll(rows, this.d.authors);
  }

  // ---- the stream

  async isMember(userId: string, roomId: string): Promise<boolean> {
    return (await this.d.store.member(roomId, userId)) !== undefined;
  }

  async hello(roomId: string): Promise<RoomHello> {
    const room = await this.room(roomId);
    const key = `${room.last_seq}:${room.version}`;
    let cached = this.helloCache.get(roomId);
    if (cached?.key !== key) {
      const rows = this.o.recentMessages > 0 ? await this.d.store.before(roomId, room.last_seq + 1, this.o.recentMessages, this.since()) : [];
      const pinnedRows = room.pinned_message_id ? await this.d.store.messagesByIds([room.pinned_message_id]) : [];
      const [recent, pinned] = await Promise.all([presentAll(rows.reverse(), this.d.authors), presentAll(pinnedRows, this.d.authors)]);
      cached = { key, recent, pinned: pinned[0] ?? null };
      this.helloCache.set(roomId, cached);
    }
    return {
      type: 'room',
      room: roomId,
      members: this.d.liveMembers(roomId),
      pinned: cached.pinned,
      slowModeS: room.slow_mode_s,
      lastSeq: room.last_seq,
      recent: cached.recent,
    };
  }

  // ---- retention

  /** Deletes messages past the window: older than the hours, beyond the count per room. */
  async purge(): Promise<number> {
    let n = 0;
    const cutoff = this.since();
    // Bounded rounds: a backlog is worked off over several runs rather than in one long one.
    for (let i = 0; i < 100; i++) {
      const k = await this.d.store.purgeOlderThan(cutoff, 1000);
      n += k;
      if (k < 1000) break;
    }
    for (const room of await this.d.store.rooms()) n += await this.d.store.purgeBeyond(room, this.o.retentionMessages);
    this.helloCache.clear();
    return n;
  }

  // ---- helpers

  private async replay(roomId: string, userId: string, clientId: string, body: string): Promise<{ item: ChatItem; duplicate: true } | null> {
    const prior = await this.d.store.byClientId(roomId, userId, clientId);
    if (!prior) return null;
    if (prior.body !== body && !prior.deleted) throw clientIdReused();
    const [item] = await presentAll([prior], this.d.authors);
    return item ? { item, duplicate: true } : null;
  }

  private async limit(userId: string, roomId: string): Promise<void> {
    const person = await this.d.limiter.hit(`room-send:${userId}`, this.o.sendPerUser);
    if (!person.allowed)
      throw sendLimited(person.retryAfterSeconds * 1000, `You may post ${this.o.sendPerUser.limit} messages per ${this.o.sendPerUser.windowMs / 1000} s.`);
    const room = await this.d.limiter.hit(`room-send-room:${roomId}`, this.o.sendPerRoom);
    if (!room.allowed) throw sendLimited(room.retryAfterSeconds * 1000, 'The room is taking messages too fast; try again shortly.');
  }

  private async requireModerator(userId: string, roomId: string): Promise<void> {
    await this.room(roomId);
    const m = await this.d.store.member(roomId, userId);
    if (m?.role === 'moderator' || (await this.d.isAdmin(userId))) return;
    throw new ForbiddenError('Only a moderator of this room may do this.');
  }

  private async room(roomId: string): Promise<RoomRow> {
    const room = await this.d.store.room(roomId);
    if (!room) throw new NotFoundError('No such room.');
    return room;
  }

  private present(room: RoomRow, viewer: { member: RoomMemberRow | undefined; admin: boolean } | null, pinned: Map<string, ChatItem>): RoomView {
    return {
      id: room.id,
      name: room.name,
      description: room.description,
      liveMembers: this.d.liveMembers(room.id),
      slowModeS: room.slow_mode_s,
      pinned: room.pinned_message_id ? (pinned.get(room.pinned_message_id) ?? null) : null,
      lastSeq: room.last_seq,
      viewer: viewer ? { joined: viewer.member !== undefined, moderator: viewer.member?.role === 'moderator' || viewer.admin } : null,
      createdAt: room.created_at,
    };
  }

  private text(raw: string, field: string, min: number, max: number): string {
    const t = raw.trim().replace(/\s+/g, ' ');
    const n = codePoints(t);
    if (n < min || n > max) throw new ValidationError(`The ${field} is ${min} to ${max} characters.`, [{ field, message: `${min} to ${max} characters` }]);
    return t;
  }

  private iso(): string {
    return new Date(this.now()).toISOString();
  }

  private since(): string {
    return new Date(this.now() - this.o.retentionHours * 3_600_000).toISOString();
  }
}
