// The rules of comments: two levels as on RedNote, likes, deletes and who hears about them.
//
// Deleting: a deleted reply disappears. A deleted top-level comment that still has replies stays
// as a "[deleted]" placeholder (no author, no words) so the replies keep their context; it drops out
// of the list once its last reply goes. The note's comment count is the number of live comments —
// top-level and replies — which is exactly what the lists show (placeholders are not counted).
import type { Comment, CommentContext, CommentPage, CreateCommentBody, Reply } from '../../../shared/api/comments.ts';
import { COMMENT_LIMITS } from '../../../shared/api/comments.ts';
import type { PageOf } from '../../../shared/api/common.ts';
import { cleanMultiline } from '../../../shared/text/clean.ts';
import { weightedLength } from '../../../shared/text/weighted-length.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { EventBus } from '../../platform/events/index.ts';
import { newId, nowIso } from '../../platform/ids.ts';
import { allowAll, type ContentPolicy } from '../../platform/policy.ts';
import { decodeCursor, encodeCursor } from '../../platform/routes.ts';
import type { AccountsService } from '../accounts/index.ts';
import { langsOf, languageColumns } from '../language/detect.ts';
import type { NotesReader, NotesService } from '../notes/index.ts';
import { scanText, toEntities } from '../notes/text.ts';
import './events.ts';
import { hydrate, withReplies } from './present.ts';
import type { CommentsStore } from './store.ts';
import type { CommentRow } from './tables.ts';

/** What comments need from notes and accounts: narrow, so tests and other hosts can fill them. */
export type CommentsNotes = Pick<NotesService, 'requireAccess' | 'bumpComments' | 'authoredNoteIds'>;
export type CommentsReader = Pick<NotesReader, 'visible'>;
export type CommentsAccounts = Pick<AccountsService, 'summaries' | 'relations' | 'idsByHandles' | 'me'>;
/** May `commenterId` comment on a note by `authorId` (the author's "who may comment" control)? */
export type MayComment = (authorId: string, commenterId: string) => Promise<boolean>;

const everyone: MayComment = async () => true;

export interface CommentsLimits {
  /** the longest body in weighted units (a Chinese character counts 2) */
  maxBodyUnits: number;
}

/** Replies are looked at per thread to fill the inline ones, so a few hidden (blocked) ones don't leave gaps. */
const INLINE_LOOKAHEAD = 10;

const notFound = () => new NotFoundError('No such comment.', 'comment_not_found');

export class CommentsService {
  constructor(
    private readonly store: CommentsStore,
    private readonly notes: CommentsNotes,
    private readonly reader: CommentsReader,
    private readonly accounts: CommentsAccounts,
    private readonly events: EventBus,
    private readonly limits: CommentsLimits = { maxBodyUnits: COMMENT_LIMITS.bodyUnits },
    private readonly mayComment: MayComment = everyone,
    /** the content policy (word lists, waves, suspensions); default: everything allowed */
    private readonly policy: ContentPolicy = allowAll,
  ) {}

  // ---- writing

  async create(authorId: string, noteId: string, input: CreateCommentBody): Promise<Comment> {
    const note = await this.notes.requireAccess(authorId, 'comment', noteId);
    if (!note.commentsEnabled) throw new ForbiddenError('The author has turned comments off for this note.', 'comments_off');
    const body = this.cleanBody(input.body);

    // Where it goes: a reply to a reply joins the same thread and records whom it answers.
    let target: CommentRow | null = null;
    if (input.replyTo !== undefined) {
      target = (await this.store.byId(input.replyTo)) ?? null;
      if (!target || target.note_id !== noteId || target.deleted_at !== null) throw notFound();
    }
    const parentId = target ? (target.parent_id ?? target.id) : null;
    const answersReply = target !== null && target.parent_id !== null;
    const answered = target?.author_id ?? null;

    const others = [note.authorId, ...(answered ? [answered] : [])].filter((id) => id !== authorId);
    if (others.length > 0 && (await this.accounts.relations(authorId, others, { fresh: true })).blocked.size > 0) {
      throw new ForbiddenError('One of you has blocked the other.', 'blocked');
    }
    // Replies too: the note's author decides who may talk under their note.
    if (!(await this.mayComment(note.authorId, authorId))) {
      throw new ForbiddenError('The author lets only some people comment on this note.', 'comments_restricted');
    }

    const id = newId();
    // Screened before anything is written: a refusal loses nothing (the client keeps the text).
    await this.policy.screen({ kind: 'comment', authorId, targetId: id, fields: [{ name: 'body', text: body }], isNew: true });
    const scanned = scanText(body);
    const [me, known] = await Promise.all([this.accounts.me(authorId), this.accounts.idsByHandles(scanned.mentions.map((m) => m.handle))]);
    const row: CommentRow = {
      id,
      note_id: noteId,
      author_id: authorId,
      parent_id: parentId,
      reply_to_comment_id: answersReply ? target!.id : null,
      reply_to_user_id: answersReply ? target!.author_id : null,
      body,
      ...languageColumns(body, me.languages),
      entities: JSON.stringify(toEntities(scanned, new Set(known.keys()))),
      like_count: 0,
      reply_count: 0,
      deleted_at: null,
      created_at: nowIso(),
    };
    const mentioned = [...new Set(scanned.mentions.map((m) => known.get(m.handle)).filter((id): id is string => id !== undefined))];
    // One transaction: the comment, its thread's reply count, the note's comment count and the event.
    await this.events.transaction(this.store.root, async (tx) => {
      const store = this.store.within(tx.db);
      if (parentId !== null) {
        // A direct reply needs a live thread head; a reply to a reply may sit under a placeholder.
        if (!(await store.bumpReplies(parentId, 1, !answersReply))) throw notFound();
      }
      await store.insert(row);
      await this.notes.bumpComments(tx.db, noteId, 1);
      await tx.emit('comment.created', { commentId: row.id, noteId, noteAuthorId: note.authorId, authorId, parentId, answered, mentioned });
    });
    const h = await hydrate(this.store, this.accounts, authorId, note, [row]);
    return { ...h.present(row), ...(parentId === null ? { replies: [], repliesCursor: null } : {}) };
  }

  /** By the comment's author or the note's author. */
  async remove(viewerId: string, id: string): Promise<void> {
    const c = await this.store.byId(id);
    if (!c || c.deleted_at !== null) throw notFound();
    const note = await this.notes.requireAccess(viewerId, 'view', c.note_id);
    if (viewerId !== c.author_id && viewerId !== note.authorId) {
      throw new ForbiddenError('Only the comment’s author or the note’s author can delete it.', 'not_allowed');
    }
    if (!(await this.softRemove(c))) throw notFound();
  }

  private softRemove(c: CommentRow): Promise<boolean> {
    return this.events.transaction(this.store.root, async (tx) => {
      const store = this.store.within(tx.db);
      if (!(await store.softDelete(c.id))) return false;
      if (c.parent_id !== null) await store.bumpReplies(c.parent_id, -1, false);
      await this.notes.bumpComments(tx.db, c.note_id, -1);
      await tx.emit('comment.deleted', { commentId: c.id, noteId: c.note_id, authorId: c.author_id });
      return true;
    });
  }

  /** Ids of every comment the person wrote (deleted ones too, until erased), in id order. */
  async authoredCommentIds(userId: string): Promise<string[]> {
    const out: string[] = [];
    let after: string | null = null;
    for (;;) {
      const ids = await this.store.authoredIds(userId, after, 1000);
      out.push(...ids);
      if (ids.length < 1000) return out;
      after = ids[ids.length - 1] as string;
    }
  }

  // ---- for moderation

  /** A comment as moderators see it, whatever its note's visibility (null when gone). */
  async forModeration(id: string): Promise<{ id: string; noteId: string; authorId: string; body: string; lang: string; createdAt: string } | null> {
    const c = await this.store.byId(id);
    if (!c || c.deleted_at !== null) return null;
    return { id: c.id, noteId: c.note_id, authorId: c.author_id, body: c.body, lang: c.lang, createdAt: c.created_at };
  }

  /** The comment's author, when the person may see (and so report) it. */
  async visibleTo(viewerId: string, id: string): Promise<{ id: string; ownerId: string } | null> {
    const c = await this.store.byId(id);
    if (!c || c.deleted_at !== null || (await this.text(viewerId, id)) === null) return null;
    return { id: c.id, ownerId: c.author_id };
  }

  /** Taken down by the instance's moderators, as its author would delete it. */
  async removeByModerator(id: string): Promise<void> {
    const c = await this.store.byId(id);
    if (c && c.deleted_at === null) await this.softRemove(c);
  }

  async setLike(viewerId: string, id: string, on: boolean): Promise<void> {
    const c = await this.store.byId(id);
    if (!c || (on && c.deleted_at !== null)) throw notFound();
    if (on) {
      await this.notes.requireAccess(viewerId, 'view', c.note_id);
      // A comment hidden from the reader by a block cannot be liked either (unliking stays possible).
      if (c.author_id !== viewerId && (await this.accounts.relations(viewerId, [c.author_id], { fresh: true })).blocked.has(c.author_id)) throw notFound();
    }
    await this.events.transaction(this.store.root, async (tx) => {
      const changed = await this.store.within(tx.db).setLike(id, viewerId, on);
      if (changed && on) await tx.emit('comment.liked', { commentId: id, noteId: c.note_id, commentAuthorId: c.author_id, userId: viewerId });
    });
  }

  // ---- reading

  /** A note's threads, newest first, each with its first replies (oldest first) inlined. */
  async listForNote(viewerId: string | null, noteId: string, cursor: string | undefined, limit: number): Promise<CommentPage> {
    const note = await this.notes.requireAccess(viewerId, 'view', noteId);
    const rows = await this.store.topLevelPage(noteId, decodeCursor(cursor, ['id'])?.[0] ?? null, limit + 1);
    const page = rows.slice(0, limit);
    const replies = await this.store.firstReplies(
      page.filter((r) => r.reply_count > 0).map((r) => r.id),
      INLINE_LOOKAHEAD,
    );
    const h = await hydrate(this.store, this.accounts, viewerId, note, [...page, ...replies]);
    const byThread = new Map<string, CommentRow[]>();
    for (const r of replies) byThread.set(r.parent_id!, [...(byThread.get(r.parent_id!) ?? []), r]);
    const items = page
      .filter((r) => !h.hidden(r))
      .map((r) => withReplies(h, r, byThread.get(r.id) ?? [], COMMENT_LIMITS.inlineReplies, (id) => encodeCursor([id])));
    const last = page[page.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.id]) : null };
  }

  /** The replies of a thread after the cursor, oldest first. */
  async replies(viewerId: string | null, id: string, cursor: string | undefined, limit: number): Promise<PageOf<Reply>> {
    const head = await this.store.byId(id);
    // Only threads: a reply has no replies of its own, and a deleted head without replies is gone.
    if (!head || head.parent_id !== null || (head.deleted_at !== null && head.reply_count === 0)) throw notFound();
    const note = await this.notes.requireAccess(viewerId, 'view', head.note_id);
    const rows = await this.store.repliesPage(id, decodeCursor(cursor, ['id'])?.[0] ?? null, limit + 1);
    const page = rows.slice(0, limit);
    const h = await hydrate(this.store, this.accounts, viewerId, note, [head, ...page]);
    if (h.hidden(head)) throw notFound();
    const last = page[page.length - 1];
    return { items: page.filter((r) => !h.hidden(r)).map((r) => h.present(r)), nextCursor: rows.length > limit && last ? encodeCursor([last.id]) : null };
  }

  // ---- helpers

  private cleanBody(raw: string): string {
    const body = cleanMultiline(raw);
    if (body.length === 0) throw new ValidationError('The comment is empty.', [{ field: 'body', message: 'must not be blank' }]);
    const units = weightedLength(body);
    if (units > this.limits.maxBodyUnits) {
      throw new ValidationError(
        'The comment is too long.',
        [{ field: 'body', message: `is ${units} units long; the limit is ${this.limits.maxBodyUnits} (a Chinese character counts 2)` }],
        'text_too_long',
      );
    }
    return body;
  }

  // ---- a comment in its context (links to one comment) and its words (notifications)

  /**
   * A comment in its thread: the thread's head with its first replies, and the reply itself when the
   * id is a reply (it may be far past the inlined ones). Hidden by the same rules as the lists: the
   * note's visibility and blocks either way; a deleted reply is gone.
   */
  async context(viewerId: string | null, id: string): Promise<CommentContext> {
    const target = await this.store.byId(id);
    const head = target && target.parent_id !== null ? await this.store.byId(target.parent_id) : target;
    if (!target || !head) throw notFound();
    const reply = target === head ? null : target;
    if ((reply && reply.deleted_at !== null) || (head.deleted_at !== null && head.reply_count === 0)) throw notFound();
    // A note the reader may not see hides its comments: the answer is about the comment.
    const note = await this.notes.requireAccess(viewerId, 'view', head.note_id).catch((err: unknown) => {
      throw err instanceof NotFoundError ? notFound() : err;
    });
    const replies = head.reply_count > 0 ? await this.store.firstReplies([head.id], INLINE_LOOKAHEAD) : [];
    const h = await hydrate(this.store, this.accounts, viewerId, note, [head, ...replies, ...(reply ? [reply] : [])]);
    if (h.hidden(head) || (reply && h.hidden(reply))) throw notFound();
    return {
      head: withReplies(h, head, replies, COMMENT_LIMITS.inlineReplies, (rid) => encodeCursor([rid])),
      reply: reply ? h.present(reply) : null,
    };
  }

  /**
   * The words of comments the viewer may see, by id ('' once deleted): notifications show what was
   * said. Comments on notes the viewer may not see, and by people blocked either way, are left out.
   */
  async excerpts(viewerId: string, ids: readonly string[]): Promise<Map<string, { id: string; body: string }>> {
    const out = new Map<string, { id: string; body: string }>();
    const rows = await this.store.byIds(ids);
    if (rows.length === 0) return out;
    const [visible, rel] = await Promise.all([
      this.reader.visible(viewerId, [...new Set(rows.map((r) => r.note_id))]),
      this.accounts.relations(
        viewerId,
        rows.map((r) => r.author_id),
      ),
    ]);
    for (const r of rows) {
      if (visible.has(r.note_id) && !rel.blocked.has(r.author_id)) out.set(r.id, { id: r.id, body: r.deleted_at === null ? r.body : '' });
    }
    return out;
  }

  /**
   * A comment's words and languages, for translation: null when it is gone or hidden from the reader
   * (its note out of sight, or its author blocked either way).
   */
  async text(viewerId: string | null, id: string): Promise<{ body: string; lang: string; langs: string[] } | null> {
    const r = await this.store.byId(id);
    if (!r || r.deleted_at !== null) return null;
    const [visible, rel] = await Promise.all([
      this.reader.visible(viewerId, [r.note_id]),
      viewerId ? this.accounts.relations(viewerId, [r.author_id]) : Promise.resolve(null),
    ]);
    if (!visible.has(r.note_id) || rel?.blocked.has(r.author_id)) return null;
    return { body: r.body, lang: r.lang, langs: langsOf(r.lang, r.langs) };
  }
}
