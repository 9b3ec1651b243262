// The drafts an import made, the archive of imported comments, and friends from TikTok.
// A draft is published only by its person, with photos they add: the export carries no media bytes
// and this server reaches no TikTok server.

import type { PageOf } from '../../../shared/api/common.ts';
import type { Draft, FriendSuggestions, PublishDraftBody } from '../../../shared/api/portability.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/routes.ts';
import type { ImportPeople } from './imports.ts';
import type { PortabilityStore } from './store.ts';
import type { ImportCommentRow, ImportDraftRow } from './tables.ts';

/** What publishing needs of notes: the notes module's own create, with its rules and limits. */
export interface DraftNotes {
  create(authorId: string, input: { title: string; body: string; mediaIds: string[]; visibility: PublishDraftBody['visibility'] }): Promise<{ id: string }>;
}

/** Telling an importer that someone they followed on TikTok is here now (the notify module). */
export type FriendJoined = (importerId: string, joinerId: string, tiktokUsername: string) => Promise<void>;

const CURSOR = ['time', 'id'] as const;

const position = (cursor: string | undefined) => {
  const parts = decodeCursor(cursor, CURSOR);
  return parts ? { at: parts[0] ?? '', id: parts[1] ?? '' } : null;
};

const draftView = (r: ImportDraftRow): Draft => ({
  id: r.id,
  title: r.title,
  body: r.body,
  hashtags: JSON.parse(r.hashtags) as string[],
  visibility: r.visibility,
  originalAt: r.original_at,
  originalLikes: r.original_likes,
  createdAt: r.created_at,
});

const commentView = (r: ImportCommentRow): ArchivedComment => ({ id: r.id, text: r.text, writtenAt: r.written_at, postUrl: r.post_url });

type ArchivedComment = { id: string; text: string; writtenAt: string | null; postUrl: string | null };

export class DraftsService {
  constructor(
    private readonly store: PortabilityStore,
    private readonly notes: DraftNotes,
    private readonly people: ImportPeople,
    private readonly friendJoined: FriendJoined | null,
  ) {}

  async drafts(userId: string, cursor: string | undefined, limit: number): Promise<PageOf<Draft>> {
    const after = position(cursor);
    const rows = await this.store.draftsPage(userId, after, limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map(draftView), nextCursor: rows.length > limit && last ? encodeCursor([last.original_at ?? last.created_at, last.id]) : null };
  }

  /** Publishes a draft as a note (the notes module checks the photos, limits and words), then forgets it. */
  async publish(userId: string, id: string, body: PublishDraftBody): Promise<{ noteId: string }> {
    const draft = await this.store.getDraft(id);
    if (!draft || draft.user_id !== userId) throw new NotFoundError('draft');
    const note = await this.notes.create(userId, { title: body.title, body: body.body, mediaIds: body.mediaIds, visibility: body.visibility });
    await this.store.deleteDraft(id, userId);
    return { noteId: note.id };
  }

  async discard(userId: string, id: string): Promise<void> {
    if (!(await this.store.deleteDraft(id, userId))) throw new NotFoundError('draft');
  }

  async comments(userId: string, cursor: string | undefined, limit: number): Promise<PageOf<ArchivedComment>> {
    const after = position(cursor);
    const rows = await this.store.commentsPage(userId, after, limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map(commentView), nextCursor: rows.length > limit && last ? encodeCursor([last.written_at ?? last.created_at, last.id]) : null };
  }

  /** People on Biji who declared a username the person followed on TikTok; nobody is followed without a tap. */
  async friends(userId: string): Promise<FriendSuggestions> {
    const waiting = await this.store.waitingFollows(userId, 20_000);
    const found = await this.people.byTikTokUsernames(waiting.map((w) => w.tiktok_username));
    const matched = waiting.flatMap((w) => {
      const p = found.get(w.tiktok_username);
      return p && p.userId !== userId ? [{ username: w.tiktok_username, ...p }] : [];
    });
    const following = await this.people.following(
      userId,
      matched.map((m) => m.userId),
    );
    return {
      items: matched.slice(0, 500).map((m) => ({
        tiktokUsername: m.username,
        handle: m.handle,
        displayName: m.displayName,
        avatar: m.avatar as FriendSuggestions['items'][number]['avatar'],
        following: following.has(m.userId),
      })),
      waiting: waiting.length - matched.length,
    };
  }

  async dismiss(userId: string, username: string): Promise<void> {
    if (!(await this.store.dismissFollow(userId, username.toLowerCase().replace(/^@/, '')))) throw new NotFoundError('suggestion');
  }

  /** Someone declared a TikTok username: everyone who imported a follow of it is told, once. */
  async declared(joinerId: string, username: string): Promise<void> {
    for (let round = 0; round < 100; round++) {
      const rows = (await this.store.waitingFor(username, 500)).filter((r) => r.user_id !== joinerId);
      if (rows.length === 0) return;
      if (this.friendJoined) for (const r of rows) await this.friendJoined(r.user_id, joinerId, username);
      await this.store.markNotified(
        rows.map((r) => r.user_id),
        username,
        new Date().toISOString(),
      );
      if (rows.length < 500) return;
    }
  }
}
