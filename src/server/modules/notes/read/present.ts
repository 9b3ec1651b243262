// The one presenter of notes: the full note view (a note page) and the card view (lists, feeds,
// search), both from a hydration. Presenting never queries and never decides who may see what.
import type { Note, NoteCard, NoteModeration } from '../../../../shared/api/notes.ts';
import type { NotificationSubject } from '../../../../shared/api/notify.ts';
import type { Person } from '../../accounts/index.ts';
import type { Hydration, NoteCore } from './hydrate.ts';

const NO_COUNTS = { likes: 0, collects: 0, comments: 0, views: 0 };

function author(p: Person | undefined): Note['author'] {
  return p ? { handle: p.handle, displayName: p.displayName, avatar: p.avatar } : { handle: 'unknown', displayName: '', avatar: null };
}

/** The start of a body, for cards and notifications: its first non-empty line, at most 100 characters. */
export function excerptOf(body: string, max = 100): string {
  const line = body
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.length > 0);
  if (!line) return '';
  const chars = [...line];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : line;
}

/**
 * Moderation's marks as the reader may see them: everyone sees `sensitive`; only the author sees
 * that their note is held, limited or on probation. Absent when there is nothing to show.
 */
export function moderationOf(h: Hydration, n: NoteCore): NoteModeration | undefined {
  const m = h.moderation.get(n.id);
  if (!m) return undefined;
  const mine = h.viewerId !== null && h.viewerId === n.authorId;
  const probation = mine && m.probationUntil !== null && m.probationUntil > Date.now();
  if (!m.sensitive && !(mine && (m.held || m.limited || probation))) return undefined;
  const out: NoteModeration = { sensitive: m.sensitive };
  if (mine && m.held) out.held = true;
  if (mine && m.limited) out.limited = true;
  if (probation) out.probationUntil = new Date(m.probationUntil as number).toISOString();
  return out;
}

export function presentNote(h: Hydration, n: NoteCore): Note {
  const c = h.counts.get(n.id) ?? NO_COUNTS;
  const moderation = moderationOf(h, n);
  return {
    id: n.id,
    author: author(h.authors.get(n.authorId)),
    kind: n.kind,
    status: n.status,
    title: n.title,
    body: n.body,
    lang: n.lang,
    langs: n.langs,
    entities: n.entities,
    tags: n.tags,
    media: n.media,
    visibility: n.visibility,
    placeName: n.placeName,
    commentsEnabled: n.commentsEnabled,
    counts: { likes: c.likes, collects: c.collects, comments: c.comments, views: c.views },
    viewer: { liked: h.liked.has(n.id), collected: h.collected.has(n.id), isAuthor: h.viewerId === n.authorId },
    ...(moderation ? { moderation } : {}),
    createdAt: n.createdAt,
    updatedAt: n.updatedAt,
  };
}

export function presentCard(h: Hydration, n: NoteCore): NoteCard {
  const moderation = moderationOf(h, n);
  return {
    id: n.id,
    author: author(h.authors.get(n.authorId)),
    kind: n.kind,
    status: n.status,
    title: n.title,
    excerpt: excerptOf(n.body),
    lang: n.lang,
    cover: n.media[0] ?? null,
    mediaCount: n.media.length,
    visibility: n.visibility,
    counts: { likes: h.counts.get(n.id)?.likes ?? 0 },
    viewer: { liked: h.liked.has(n.id), isAuthor: h.viewerId === n.authorId },
    ...(moderation ? { moderation } : {}),
    createdAt: n.createdAt,
  };
}

/** What a notification shows of the note it is about: its title (or the start of its text) and cover. */
export function presentSubject(n: NoteCore): NotificationSubject {
  const m = n.media[0];
  const url = m ? (m.urls['360'] ?? m.urls.poster ?? m.urls.original) : undefined;
  return { id: n.id, title: n.title || excerptOf(n.body, 40), cover: url ? { url, placeholder: m?.placeholder ?? null } : null };
}
