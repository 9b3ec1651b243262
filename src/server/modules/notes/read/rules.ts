// The one place that decides which notes a reader may see. Every read of notes — a note page, a
// profile tab, a board, a notification, later feeds and search — goes through `canSee`.
//
//   - A deleted note exists for no one (hydration never loads it).
//   - Its author always sees their own note (processing, failed, only-me, even removed by moderation).
//   - Anyone else: only published notes; never across a block, whoever blocked whom; public notes,
//     followers-only notes when they follow the author, never only-me ones.
//   - Moderation: `removed` hides a note from everyone but its author; `limited` keeps it out of
//     lists and feeds of people who do not follow its author, reachable by link; `sensitive` is
//     shown (the presenter marks it).
//   - Mutes: a muted author's notes leave the viewer's lists and feeds but stay reachable by link.
import type { Hydration, NoteCore } from './hydrate.ts';

/** How the reader came to the note: by its link (`direct`), or in a list or feed (`list`). */
export type ReadContext = 'direct' | 'list';

export function canSee(h: Hydration, note: NoteCore, ctx: ReadContext): boolean {
  const viewer = h.viewerId;
  if (viewer !== null && note.authorId === viewer) return true;
  if (note.status !== 'published') return false;
  const moderation = h.moderation.get(note.id);
  if (moderation === 'removed') return false;
  const rel = h.relations;
  if (rel?.blocked.has(note.authorId)) return false;
  const follows = rel?.following.has(note.authorId) ?? false;
  if (note.visibility === 'only_me') return false;
  if (note.visibility === 'followers' && !follows) return false;
  if (ctx === 'list') {
    if (rel?.muting.has(note.authorId)) return false;
    if (moderation === 'limited' && !follows) return false;
  }
  return true;
}

/** The ids among `ids` the reader may see, in the order given (each once). */
export function visibleIds(h: Hydration, ids: readonly string[], ctx: ReadContext): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) continue;
    seen.add(id);
    const note = h.notes.get(id);
    if (note && canSee(h, note, ctx)) out.push(id);
  }
  return out;
}

/** May the public — anyone, signed in or not, following no one — see this note? (Caching and link previews.) */
export function isPublic(note: NoteCore, moderation: Hydration['moderation']): boolean {
  return note.status === 'published' && note.visibility === 'public' && moderation.get(note.id) !== 'removed';
}
