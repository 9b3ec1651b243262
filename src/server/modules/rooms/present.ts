// Room messages as clients see them (ChatItem), with their authors loaded in one batch.
import type { ChatItem } from '../../../shared/api/messages.ts';
import type { RoomMessageRow } from './tables.ts';

/** An author as a message shows them. */
export interface ChatAuthorView {
  handle: string;
  displayName: string;
  avatar: ChatItem['author'] extends infer A ? (A extends { avatar: infer V } ? V : never) : never;
}

/** Authors by id (the accounts module's summaries); anyone left out shows as gone (null). */
export type AuthorsFn = (ids: readonly string[]) => Promise<Map<string, ChatAuthorView>>;

export function toItem(row: RoomMessageRow, authors: Map<string, ChatAuthorView>): ChatItem {
  const a = authors.get(row.author_id);
  return {
    seq: row.seq,
    id: row.id,
    author: a ? { handle: a.handle, displayName: a.displayName, avatar: a.avatar } : null,
    body: row.deleted ? '' : row.body,
    lang: row.deleted ? null : row.lang,
    kind: 'text',
    ...(row.deleted ? { deleted: true } : {}),
    clientId: row.client_id,
    createdAt: row.created_at,
  };
}

export async function presentAll(rows: readonly RoomMessageRow[], authors: AuthorsFn): Promise<ChatItem[]> {
  if (rows.length === 0) return [];
  const people = await authors([...new Set(rows.map((r) => r.author_id))]);
  return rows.map((r) => toItem(r, people));
}
