// Messages and conversations as the API shows them, from rows and batched look-ups (authors, photos,
// shared notes): one query of each kind for a whole page, never one a message.
import type { UserSummary } from '../../../shared/api/accounts.ts';
import type { ChatItem, ConversationView } from '../../../shared/api/messages.ts';
import type { Person } from '../accounts/people.ts';
import type { MessagesDeps } from './deps.ts';
import type { ConversationRow, MemberRow, MessageRow } from './tables.ts';

type NoteCard = NonNullable<ChatItem['note']>;
type Photo = NonNullable<ChatItem['photo']>;

/** Everything a page of messages needs besides its rows. */
export interface Hydrated {
  authors: Map<string, Person>;
  photos: Map<string, Photo>;
  notes: Map<string, NoteCard>;
}

const summary = (p: Person): UserSummary => ({ handle: p.handle, displayName: p.displayName, bio: p.bio, avatar: p.avatar });

/** Loads authors, photos and (as `viewerId` may see them) shared notes of the rows, one batch each. */
export async function hydrate(deps: MessagesDeps, viewerId: string | null, rows: readonly MessageRow[]): Promise<Hydrated> {
  const live = rows.filter((r) => r.deleted_at === null);
  const authorIds = [...new Set(rows.map((r) => r.author_id).filter((id): id is string => id !== null))];
  const mediaIds = [...new Set(live.map((r) => r.media_id).filter((id): id is string => id !== null))];
  const noteIds = [...new Set(live.map((r) => r.note_id).filter((id): id is string => id !== null))];
  const [authors, media, notes] = await Promise.all([
    authorIds.length ? deps.accounts.summaries(authorIds) : new Map<string, Person>(),
    mediaIds.length ? deps.media.views(mediaIds) : new Map(),
    noteIds.length && viewerId ? deps.notes.subjects(viewerId, noteIds) : new Map<string, NoteCard>(),
  ]);
  const photos = new Map<string, Photo>();
  for (const [id, v] of media) {
    const url = v.urls['720'] ?? v.urls.original ?? v.urls['360'] ?? '';
    photos.set(id, { id, url, width: v.width, height: v.height, placeholder: v.placeholder ?? null });
  }
  return { authors, photos, notes: notes as Map<string, NoteCard> };
}

/** Whether a text language is worth telling: "und" (too short to tell) is shown as null. */
const langOf = (lang: string | null): string | null => (lang && lang !== 'und' ? lang : null);

export function presentMessage(h: Hydrated, r: MessageRow): ChatItem {
  const author = r.author_id ? h.authors.get(r.author_id) : undefined;
  const deleted = r.deleted_at !== null;
  return {
    seq: r.seq,
    id: r.id,
    author: author ? { handle: author.handle, displayName: author.displayName, avatar: author.avatar } : null,
    body: deleted ? '' : r.body,
    lang: deleted ? null : langOf(r.lang),
    kind: r.kind,
    ...(r.kind === 'photo' ? { photo: deleted || !r.media_id ? null : (h.photos.get(r.media_id) ?? null) } : {}),
    // A note the reader may not see (deleted, private, a block) shows as null: "this note is unavailable".
    ...(r.kind === 'note' ? { note: deleted || !r.note_id ? null : (h.notes.get(r.note_id) ?? null) } : {}),
    ...(deleted ? { deleted: true } : {}),
    clientId: r.client_id,
    createdAt: r.created_at,
  };
}

export interface ConversationParts {
  conversation: ConversationRow;
  member: MemberRow;
  /** for a DM: the other person (null when gone) */
  peer: Person | null;
  /** a group's first members, to name a group without a name */
  namesake: Person[];
  avatar: { url: string; placeholder?: string } | null;
  lastMessage: ChatItem | null;
  /** for a DM: the other person's membership (how far they have read) */
  peerMember?: MemberRow | null;
}

/** A group without a name is called after its first members ("Ana, Bo, Cy"). */
const groupName = (c: ConversationRow, namesake: Person[]): string => c.name || namesake.map((p) => p.displayName).join(', ') || 'Group';

export function presentConversation(p: ConversationParts): ConversationView {
  const { conversation: c, member: m } = p;
  const readFrom = Math.max(m.last_read_seq, m.from_seq);
  const state = m.state === 'request' || m.state === 'pending' ? m.state : 'active';
  return {
    id: c.id,
    kind: c.kind,
    name: c.kind === 'dm' ? (p.peer?.displayName ?? '') : groupName(c, p.namesake),
    avatar: c.kind === 'dm' ? (p.peer?.avatar ?? null) : p.avatar,
    peer: c.kind === 'dm' && p.peer ? summary(p.peer) : null,
    memberCount: c.member_count,
    lastSeq: c.last_seq,
    lastMessage: p.lastMessage,
    unread: Math.max(0, c.last_seq - readFrom),
    viewer: { role: m.role, state, lastReadSeq: m.last_read_seq, muted: m.muted === 1, autoTranslate: m.auto_translate === 1 },
    // Reading a message request tells its sender nothing until it is accepted (as the live receipts).
    peerReadSeq: c.kind === 'dm' && p.peerMember && p.peerMember.state === 'active' ? p.peerMember.last_read_seq : 0,
    ended: c.ended === 1,
    updatedAt: c.updated_at,
  };
}

/** The other person of a DM, from its key. */
export const peerOf = (c: ConversationRow, viewerId: string): string | null => {
  if (!c.dm_key) return null;
  const [a, b] = c.dm_key.split(':') as [string, string];
  return a === viewerId ? b : a;
};

export const dmKey = (a: string, b: string): string => (a < b ? `${a}:${b}` : `${b}:${a}`);
