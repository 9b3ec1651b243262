// The rules of notifications: who is told what (never oneself, never across a block, no repeats),
// how events group into list items, what is unread, and the live nudge after each change.
import type { UserSummary } from '../../../shared/api/accounts.ts';
import type {
  LiveMessage,
  NotificationComment,
  NotificationItem,
  NotificationKind,
  NotificationPage,
  NotificationSubject,
} from '../../../shared/api/notify.ts';
import { newId } from '../../platform/ids.ts';
import { decodeCursor, encodeCursor } from '../../platform/routes.ts';
import type { AccountsService } from '../accounts/index.ts';
import { type GroupHead, idFloor, type NotifyStore } from './store.ts';
import type { NotificationRow } from './tables.ts';

export interface NotifyEvent {
  recipientId: string;
  kind: NotificationKind;
  actorId: string;
  /** The note it is about (for comments, replies and comment likes: the comment's note). */
  subjectId?: string;
  commentId?: string;
  /** moderation and report_outcome: the case and what was decided */
  moderation?: { caseId: string; action: string };
}

/** The notes a viewer may see, by id; anything left out of the map is hidden from that viewer. */
export type SubjectsFn = (viewerId: string, noteIds: string[]) => Promise<Map<string, NotificationSubject>>;

/** The comments a viewer may see, by id, with their text ('' once deleted); anything left out shows no excerpt. */
export type CommentsFn = (viewerId: string, commentIds: string[]) => Promise<Map<string, NotificationComment>>;

export type NotifyAccounts = Pick<AccountsService, 'summaries' | 'relations'>;

/** Where live nudges go: the realtime gateway's `user:<id>` topic. */
export interface LiveOut {
  publish(topic: string, message: Record<string, unknown>): Promise<void>;
  hasSubscribers(topic: string): Promise<boolean>;
}

export interface NotifyLog {
  warn(obj: object, msg?: string): void;
}

export interface NotifyOptions {
  /** How far back the list and the unread count look (default 90 days); older events can be purged. */
  windowDays?: number;
  /** How long an identical unread event suppresses a repeat (default 24 h). */
  dedupeMs?: number;
  /** The clock (ms since epoch); tests move it instead of sleeping. */
  now?: () => number;
  log?: NotifyLog;
  /** The comments items are about, so a comment notification can show its words (from the comments module). */
  comments?: CommentsFn;
}

/** The realtime topic of a person: their notifications (and, later, anything else only they hear). */
export const userTopic = (userId: string): string => `user:${userId}`;

const DAY_MS = 86_400_000;
const ACTORS_SHOWN = 3;
// Unread is counted per distinct note; past this many notes the count is a lower bound (a badge says 99+ long before).
const UNREAD_SUBJECTS_CAP = 1000;
const NEEDS_SUBJECT: ReadonlySet<NotificationKind> = new Set(['like', 'collect', 'comment', 'reply', 'mention', 'comment_like', 'note_failed']);
/** Kinds about the recipient's own doing: the one case where recipient and actor are the same person. */
const ABOUT_ONESELF: ReadonlySet<NotificationKind> = new Set(['note_failed', 'moderation', 'report_outcome']);
const MODERATION_KINDS: ReadonlySet<NotificationKind> = new Set(['moderation', 'report_outcome']);
const NEEDS_COMMENT: ReadonlySet<NotificationKind> = new Set(['comment', 'reply', 'comment_like']);
const silent: NotifyLog = { warn() {} };

/** Likes and collects of one note group, likes of one comment group, follows group; the rest stand alone. */
function groupKey(e: NotifyEvent, id: string): string {
  switch (e.kind) {
    case 'like':
    case 'collect':
      return `${e.kind}:${e.subjectId ?? ''}`;
    case 'comment_like':
      return `comment_like:${e.commentId ?? ''}`;
    case 'follow':
      return 'follow';
    case 'moderation':
    case 'report_outcome':
      // Each stands alone; its key carries the case and the decision (kind:case:action:id).
      return `${e.kind}:${e.moderation?.caseId ?? ''}:${e.moderation?.action ?? ''}:${id}`;
    default:
      return `${e.kind}:${id}`;
  }
}

export class NotifyService {
  private readonly windowMs: number;
  private readonly dedupeMs: number;
  private readonly now: () => number;
  private readonly log: NotifyLog;
  private readonly comments: CommentsFn;

  constructor(
    private readonly store: NotifyStore,
    private readonly live: LiveOut,
    private readonly accounts: NotifyAccounts,
    private readonly subjects: SubjectsFn,
    opts: NotifyOptions = {},
  ) {
    this.windowMs = (opts.windowDays ?? 90) * DAY_MS;
    this.dedupeMs = opts.dedupeMs ?? DAY_MS;
    this.now = opts.now ?? Date.now;
    this.log = opts.log ?? silent;
    this.comments = opts.comments ?? (async () => new Map());
  }

  /**
   * Records one event for its recipient and nudges their open tabs. Never to oneself, never across
   * a block, never from someone they mute, never twice for the same unread event within a day, and
   * — with `sourceEvent`, the domain event it comes from — never twice for one event however often
   * that event is delivered. True when a notification was stored.
   */
  async notify(event: NotifyEvent, sourceEvent: string | null = null): Promise<boolean> {
    if (NEEDS_SUBJECT.has(event.kind) && !event.subjectId) throw new Error(`notify: a ${event.kind} needs subjectId`);
    if (NEEDS_COMMENT.has(event.kind) && !event.commentId) throw new Error(`notify: a ${event.kind} needs commentId`);
    if (ABOUT_ONESELF.has(event.kind) !== (event.recipientId === event.actorId)) return false;
    if (event.recipientId !== event.actorId) {
      // Asked of the database: the block or mute may have been made a moment ago, in another process.
      const rel = await this.accounts.relations(event.recipientId, [event.actorId], { fresh: true });
      if (rel.blocked.has(event.actorId) || rel.muting.has(event.actorId)) return false;
    }
    const now = this.now();
    const id = newId();
    const row: NotificationRow = {
      id,
      recipient_id: event.recipientId,
      kind: event.kind,
      actor_id: event.actorId,
      subject_id: event.subjectId ?? null,
      comment_id: event.commentId ?? null,
      group_key: groupKey(event, id),
      read_at: null,
      created_at: new Date(now).toISOString(),
      source_event: sourceEvent,
    };
    // Each moderation decision is told on its own; other kinds are told once while unread.
    if (!MODERATION_KINDS.has(event.kind) && (await this.store.hasUnread(row, idFloor(now - this.dedupeMs)))) return false;
    if (!(await this.store.insert(row))) return false;
    await this.publish(event.recipientId, 'notification');
    return true;
  }

  /**
   * Someone the importer follows on TikTok joined and declared that username (the importer's export
   * listed it): told once, from the joiner, unless a block or mute stands between them.
   */
  async friendJoined(importerId: string, joinerId: string, _tiktokUsername: string): Promise<void> {
    await this.notify({ recipientId: importerId, kind: 'tiktok_friend_joined', actorId: joinerId });
  }

  /** The reader's notifications, one item per group, newest first, with the unread count. */
  async list(userId: string, cursor: string | null | undefined, limit: number): Promise<NotificationPage> {
    const floor = this.floor();
    const [heads, unreadRows] = await Promise.all([
      this.store.groupPage(userId, floor, decodeCursor(cursor ?? undefined, ['id'])?.[0] ?? null, limit + 1),
      this.store.unreadBySubject(userId, floor, UNREAD_SUBJECTS_CAP),
    ]);
    const page = heads.slice(0, limit);
    // Hydrate in three batched calls: actors of the page, the people, and every note mentioned (page + unread).
    const noteIds = new Set<string>();
    for (const h of page) if (h.subject_id !== null) noteIds.add(h.subject_id);
    for (const r of unreadRows) if (r.subjectId !== null) noteIds.add(r.subjectId);
    const commentIds = [...new Set(page.flatMap((h) => (h.comment_id === null ? [] : [h.comment_id])))];
    const [actorIds, visible, comments] = await Promise.all([
      this.store.recentActors(
        userId,
        page.map((h) => h.group_key),
        floor,
        ACTORS_SHOWN,
      ),
      this.visibleSubjects(userId, noteIds),
      commentIds.length === 0 ? new Map<string, NotificationComment>() : this.comments(userId, commentIds),
    ]);
    const everyone = [...new Set([...actorIds.values()].flat())];
    // People blocked since (either way) drop out of what the reader sees.
    const [people, rel] = await Promise.all([this.accounts.summaries(everyone), this.accounts.relations(userId, everyone)]);
    for (const id of rel.blocked) people.delete(id);
    const items = page.flatMap((h) => {
      const item = this.present(h, actorIds.get(h.group_key) ?? [], people, visible);
      return item ? [{ ...item, comment: h.comment_id === null ? null : (comments.get(h.comment_id) ?? null) }] : [];
    });
    const last = page[page.length - 1];
    return {
      items,
      nextCursor: heads.length > limit && last ? encodeCursor([last.newest]) : null,
      unread: this.countUnread(unreadRows, visible),
    };
  }

  /** Unread items (groups), leaving out those about notes the reader may no longer see. */
  async unreadCount(userId: string): Promise<number> {
    const rows = await this.store.unreadBySubject(userId, this.floor(), UNREAD_SUBJECTS_CAP);
    const noteIds = new Set(rows.flatMap((r) => (r.subjectId === null ? [] : [r.subjectId])));
    return this.countUnread(rows, await this.visibleSubjects(userId, noteIds));
  }

  /**
   * Marks items read: each id is an item's id, and marks its group's events up to it; or every event
   * up to one id (ids are time-ordered: what the list showed when opened, not what came after); or everything.
   */
  async markRead(userId: string, what: { ids?: readonly string[]; all?: boolean; upTo?: string }): Promise<void> {
    const at = new Date(this.now()).toISOString();
    let changed = 0;
    if (what.all) changed = await this.store.markAllRead(userId, at);
    else if (what.upTo !== undefined) changed = await this.store.markReadUpTo(userId, what.upTo, at);
    else if (what.ids && what.ids.length > 0) changed = await this.store.markGroupsRead(userId, await this.store.heads(userId, what.ids), at);
    // Other open tabs and devices update their badge.
    if (changed > 0) await this.publish(userId, 'read');
  }

  /** Their notifications changed underneath them (some were erased): open tabs and devices update their badge. */
  async badgesChanged(userIds: readonly string[]): Promise<void> {
    for (const id of userIds) await this.publish(id, 'read');
  }

  /** Deletes events older than the window; for a periodic job. */
  purgeExpired(): Promise<number> {
    return this.store.purgeBefore(this.floor());
  }

  // ---- helpers

  private floor(): string {
    return idFloor(this.now() - this.windowMs);
  }

  private async visibleSubjects(userId: string, noteIds: Set<string>): Promise<Map<string, NotificationSubject>> {
    return noteIds.size === 0 ? new Map() : this.subjects(userId, [...noteIds]);
  }

  private countUnread(rows: ReadonlyArray<{ subjectId: string | null; groups: number }>, visible: Map<string, NotificationSubject>): number {
    return rows.reduce((n, r) => (r.subjectId === null || visible.has(r.subjectId) ? n + r.groups : n), 0);
  }

  private present(
    h: GroupHead,
    actorIds: readonly string[],
    people: Map<string, UserSummary & { id: string }>,
    visible: Map<string, NotificationSubject>,
  ): Omit<NotificationItem, 'comment'> | null {
    const subject = h.subject_id === null ? null : visible.get(h.subject_id);
    // A note that became private, or was deleted, takes its notifications with it.
    if (subject === undefined) return null;
    const actors = actorIds.flatMap((id) => {
      const p = people.get(id);
      return p ? [{ handle: p.handle, displayName: p.displayName, bio: p.bio, avatar: p.avatar }] : [];
    });
    if (actors.length === 0) return null;
    const [, caseId, action] = MODERATION_KINDS.has(h.kind) ? h.group_key.split(':') : [];
    return {
      id: h.newest,
      kind: h.kind,
      actors,
      actorCount: h.actor_count,
      subject,
      commentId: h.comment_id,
      ...(caseId && action ? { moderation: { caseId, action } } : {}),
      read: h.unread_events === 0,
      createdAt: h.created_at,
    };
  }

  private async publish(userId: string, type: LiveMessage['type']): Promise<void> {
    try {
      // Counting unread items is the costly part of a like; nobody connected, nobody to tell.
      if (!(await this.live.hasSubscribers(userTopic(userId)))) return;
      const message: LiveMessage = { type, unread: await this.unreadCount(userId) };
      await this.live.publish(userTopic(userId), message);
    } catch (err) {
      this.log.warn({ err, userId }, 'notify: live publish failed');
    }
  }
}
