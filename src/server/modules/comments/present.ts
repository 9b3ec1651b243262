// Turning comment rows into what a reader sees, in batches: authors once a page, the reader's
// likes in one query, and the rules (blocks either way hide a person's comments) in one place.
import type { Comment, Reply } from '../../../shared/api/comments.ts';
import type { Entity } from '../../../shared/api/notes.ts';
import type { AccountsService } from '../accounts/service.ts';
import { langsOf } from '../language/detect.ts';
import type { NoteAccess } from '../notes/service.ts';
import type { CommentsStore } from './store.ts';
import type { CommentRow } from './tables.ts';

export type PresentAccounts = Pick<AccountsService, 'summaries' | 'relations'>;

export interface Hydrated {
  /** is this row's author hidden from the reader (a block either way)? */
  hidden(row: CommentRow): boolean;
  present(row: CommentRow): Reply;
}

/** Loads everything a page of rows needs in three parallel queries, then presents rows one by one. */
export async function hydrate(
  store: CommentsStore,
  accounts: PresentAccounts,
  viewerId: string | null,
  note: NoteAccess,
  rows: readonly CommentRow[],
): Promise<Hydrated> {
  const people = [...new Set(rows.flatMap((r) => (r.reply_to_user_id ? [r.author_id, r.reply_to_user_id] : [r.author_id])))];
  const [summaries, relations, liked] = await Promise.all([
    accounts.summaries(people),
    viewerId
      ? accounts.relations(
          viewerId,
          rows.map((r) => r.author_id),
        )
      : Promise.resolve(null),
    viewerId
      ? store.likedAmong(
          viewerId,
          rows.map((r) => r.id),
        )
      : Promise.resolve(new Set<string>()),
  ]);
  return {
    hidden: (row) => relations?.blocked.has(row.author_id) ?? false,
    present: (row) => {
      const deleted = row.deleted_at !== null;
      const a = summaries.get(row.author_id);
      const to = row.reply_to_user_id ? summaries.get(row.reply_to_user_id) : undefined;
      return {
        id: row.id,
        noteId: row.note_id,
        // A placeholder keeps its replies in context but no longer says who wrote it or what.
        author: deleted ? null : { handle: a?.handle ?? 'unknown', displayName: a?.displayName ?? '', avatar: a?.avatar ?? null },
        body: deleted ? '' : row.body,
        lang: row.lang,
        langs: deleted ? [] : langsOf(row.lang, row.langs),
        entities: deleted ? [] : (JSON.parse(row.entities) as Entity[]),
        parentId: row.parent_id,
        replyTo: to ? { handle: to.handle, displayName: to.displayName } : null,
        likeCount: deleted ? 0 : row.like_count,
        replyCount: row.reply_count,
        viewer: {
          liked: liked.has(row.id),
          canDelete: !deleted && viewerId !== null && (viewerId === row.author_id || viewerId === note.authorId),
        },
        createdAt: row.created_at,
        ...(deleted ? { deleted: true } : {}),
      };
    },
  };
}

/** A thread head with its first visible replies and the cursor to fetch the ones after them. */
export function withReplies(h: Hydrated, head: CommentRow, replies: readonly CommentRow[], inline: number, encode: (id: string) => string): Comment {
  const shown: CommentRow[] = [];
  let examined = 0;
  for (const r of replies) {
    if (shown.length === inline) break;
    examined += 1;
    if (!h.hidden(r)) shown.push(r);
  }
  // Replies after the last one looked at remain when the thread counts more than we examined.
  const lastLooked = replies[examined - 1];
  const more = head.reply_count > examined;
  return {
    ...h.present(head),
    replies: shown.map((r) => h.present(r)),
    repliesCursor: more ? (lastLooked ? encode(lastLooked.id) : null) : null,
  };
}
