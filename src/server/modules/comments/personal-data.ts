// What the comments module holds about a person: the comments they wrote and the comments they
// liked. Erasure deletes their comments (a thread they started goes whole: with no author to show,
// its replies would have no place to hang), every comment under their notes, their likes, and in
// other people's comments whatever names them — the person a reply answers, @mentions of them —
// with the note, thread and like counts corrected in the same transaction as the rows.
import type { Kysely } from 'kysely';
import { type AnyDb, insideTransaction } from '../../platform/db/index.ts';
import type { ArchiveWriter, PersonalData } from '../../platform/personal-data.ts';
import { CommentsPersonalStore } from './personal-store.ts';
import type { CommentRow, CommentsTables } from './tables.ts';

const PAGE = 500;

export interface CommentsPersonalDeps {
  db: Kysely<CommentsTables>;
  /** the notes service: the person's notes, and note comment counts moved inside our transaction */
  notes: {
    authoredNoteIds(userId: string): Promise<string[]>;
    bumpComments(trx: AnyDb, noteId: string, by: number): Promise<void>;
  };
  /** the person's handle, to find @mentions of them (null: none are looked for) */
  handleOf(userId: string): Promise<string | null>;
}

function commentJson(r: CommentRow) {
  return {
    id: r.id,
    noteId: r.note_id,
    authorId: r.author_id,
    parentId: r.parent_id,
    replyToCommentId: r.reply_to_comment_id,
    replyToUserId: r.reply_to_user_id,
    body: r.body,
    lang: r.lang,
    langs: r.langs,
    entities: JSON.parse(r.entities) as unknown,
    likeCount: r.like_count,
    replyCount: r.reply_count,
    deletedAt: r.deleted_at,
    createdAt: r.created_at,
  };
}

type Entity = { type: string; handle?: string };

/** The entities without mentions of `handle`; null when there were none. */
export function withoutMentionOf(entitiesJson: string, handle: string): string | null {
  const entities = JSON.parse(entitiesJson) as Entity[];
  const kept = entities.filter((e) => !(e.type === 'mention' && e.handle?.toLowerCase() === handle));
  return kept.length === entities.length ? null : JSON.stringify(kept);
}

export function createCommentsPersonalData(deps: CommentsPersonalDeps): PersonalData {
  const store = new CommentsPersonalStore(deps.db);
  const unit = <T>(fn: (s: CommentsPersonalStore, trx: AnyDb) => Promise<T>): Promise<T> =>
    deps.db.transaction().execute((trx) => insideTransaction(() => fn(new CommentsPersonalStore(trx), trx as unknown as AnyDb)));

  async function* commentsFile(userId: string) {
    let after: string | null = null;
    for (;;) {
      const rows = await store.authoredPage(userId, after, PAGE);
      for (const r of rows) yield commentJson(r);
      if (rows.length < PAGE) return;
      after = rows[rows.length - 1]?.id ?? null;
    }
  }

  async function* likesFile(userId: string) {
    let after: string | null = null;
    for (;;) {
      const rows = await store.likesPage(userId, after, PAGE);
      for (const r of rows) yield { commentId: r.comment_id, userId: r.user_id, createdAt: r.created_at };
      if (rows.length < PAGE) return;
      after = rows[rows.length - 1]?.comment_id ?? null;
    }
  }

  /** One batch of the person's comments, gone with the counts that counted them (live comments only are counted). */
  async function eraseBatch(s: CommentsPersonalStore, trx: AnyDb, batch: ReadonlyArray<Pick<CommentRow, 'id' | 'note_id' | 'parent_id' | 'deleted_at'>>) {
    const heads = batch.filter((c) => c.parent_id === null).map((c) => c.id);
    const mine = new Set(batch.map((c) => c.id));
    // A thread they started goes whole: others' replies in it too.
    const replies = (await s.repliesIn(heads)).filter((r) => !mine.has(r.id));
    const gone = [...batch, ...replies];
    const going = new Set(gone.map((c) => c.id));
    const perNote = new Map<string, number>();
    for (const c of gone) if (c.deleted_at === null) perNote.set(c.note_id, (perNote.get(c.note_id) ?? 0) + 1);
    const perThread = new Map<string, number>();
    for (const c of batch) {
      if (c.deleted_at === null && c.parent_id !== null && !going.has(c.parent_id)) perThread.set(c.parent_id, (perThread.get(c.parent_id) ?? 0) + 1);
    }
    await s.deleteComments([...going]);
    for (const [parentId, n] of perThread) await s.bumpReplies(parentId, -n);
    for (const [noteId, n] of perNote) await deps.notes.bumpComments(trx, noteId, -n);
  }

  return {
    module: 'comments',
    tables: {
      comments: { kind: 'personal', owner: ['author_id'] },
      comment_likes: { kind: 'personal', owner: ['user_id'] },
    },
    files: {
      'comments/comments.json':
        'Every comment and reply you wrote, with the note and thread it belongs to, its text, mentions and timestamps (deleted ones as stored: without their words).',
      'comments/likes.json': 'The comments you liked, with when.',
    },

    async export(userId: string, out: ArchiveWriter): Promise<void> {
      await out.json('comments/comments.json', commentsFile(userId));
      await out.json('comments/likes.json', likesFile(userId));
    },

    async erase(userId: string): Promise<void> {
      // Everything under their notes, whoever wrote it (the notes go next; their counts go with them).
      const noteIds = await deps.notes.authoredNoteIds(userId);
      for (let i = 0; i < noteIds.length; i += PAGE) {
        const chunk = noteIds.slice(i, i + PAGE);
        for (;;) {
          const ids = await store.onNotes(chunk, PAGE);
          if (ids.length === 0) break;
          await unit((s) => s.deleteComments(ids));
          if (ids.length < PAGE) break;
        }
      }
      // Their comments on other people's notes.
      for (;;) {
        const done = await unit(async (s, trx) => {
          const batch = await s.authoredBatch(userId, PAGE);
          if (batch.length > 0) await eraseBatch(s, trx, batch);
          return batch.length < PAGE;
        });
        if (done) break;
      }
      // Their likes of other people's comments.
      for (;;) {
        if ((await unit((s) => s.dropLikes(userId, PAGE))) < PAGE) break;
      }
      // Others' replies that answer them.
      for (;;) {
        if ((await unit((s) => s.forgetAnswered(userId, PAGE))) < PAGE) break;
      }
      // @mentions of them in others' comments (the words stay; the link to them goes).
      const handle = (await deps.handleOf(userId))?.toLowerCase() ?? null;
      if (handle) {
        let after: string | null = null;
        for (;;) {
          const rows = await store.mayMention(handle, after, PAGE);
          const changed = rows.flatMap((r) => {
            const next = withoutMentionOf(r.entities, handle);
            return next === null ? [] : [{ id: r.id, entities: next }];
          });
          if (changed.length > 0)
            await unit(async (s) => {
              for (const c of changed) await s.setEntities(c.id, c.entities);
            });
          if (rows.length < PAGE) break;
          after = rows[rows.length - 1]?.id ?? null;
        }
      }
    },
  };
}
