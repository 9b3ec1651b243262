// The one place that decides which notes a reader may see. Every read of notes — a note page, a
// profile tab, a board, a notification, later feeds and search — goes through `canSee`.
//
//   - A deleted note exists for no one (hydration never loads it), nor does the note of an author
//     who is gone (accounts' summaries leave out a person whose account deletion is pending): it
//     disappears at once, before erasure removes it, everywhere — by its link too (a 404).
//   - Its author always sees their own note (processing, failed, only-me, even removed by moderation).
//   - Anyone else: only published notes; never across a block, whoever blocked whom; public notes,
//     followers-only notes when they follow the author, never only-me ones.
//   - Moderation: `removed` hides a note from everyone (its author reaches it by link only, where it
//     answers 410 with the reason); `held` (waiting for a moderator) from everyone but its author;
//     `limited` keeps it out of discovery (Explore, search, topic pages) but not off its author's
//     profile, boards or Following; `sensitive` is shown (the presenter marks it, the client blurs);
//     a new account on probation reaches only its followers with a public note.
//   - Mutes: a muted author's notes, and notes holding a muted word or #topic, leave the viewer's
//     lists and feeds but stay reachable by link.
import type { Hydration, MutedWords, NoteCore } from './hydrate.ts';

/**
 * How the reader came to the note: by its link (`direct`); in a list that follows people or
 * boards — a profile, a board, Following (`list`); or in discovery — Explore, search, topic pages
 * (`discovery`).
 */
export type ReadContext = 'direct' | 'list' | 'discovery';

export function canSee(h: Hydration, note: NoteCore, ctx: ReadContext, now = Date.now()): boolean {
  // Authors come from the same batched load as everything else: this costs no query.
  if (!h.authors.has(note.authorId)) return false;
  const viewer = h.viewerId;
  const moderation = h.moderation.get(note.id);
  // Its author sees their own note anywhere, but a removed one only by its link (where it answers 410 with the reason).
  if (viewer !== null && note.authorId === viewer) return !(moderation?.removed && ctx !== 'direct');
  if (note.status !== 'published') return false;
  if (moderation?.removed || moderation?.held) return false;
  const rel = h.relations;
  if (rel?.blocked.has(note.authorId)) return false;
  const follows = rel?.following.has(note.authorId) ?? false;
  if (note.visibility === 'only_me') return false;
  if (note.visibility === 'followers' && !follows) return false;
  // A new account's public note reaches its followers only while on probation.
  if (moderation?.probationUntil != null && moderation.probationUntil > now && !follows) return false;
  if (ctx !== 'direct') {
    if (rel?.muting.has(note.authorId)) return false;
    if (h.mutedWords !== null && mutedBy(h.mutedWords, note)) return false;
    if (ctx === 'discovery' && moderation?.limited) return false;
  }
  return true;
}

/** Does a note hold one of the reader's muted words (in its title, text or tags) or muted #topics? */
export function mutedBy(words: MutedWords, note: NoteCore): boolean {
  if (words.tags.size > 0) for (const t of note.tags) if (words.tags.has(t.toLowerCase())) return true;
  if (words.phrases.length === 0) return false;
  const text = `${note.title}\n${note.body}`.toLowerCase();
  return words.phrases.some((w) => text.includes(w));
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
export function isPublic(h: Pick<Hydration, 'moderation' | 'authors'>, note: NoteCore, now = Date.now()): boolean {
  if (!h.authors.has(note.authorId)) return false;
  const m = h.moderation.get(note.id);
  return note.status === 'published' && note.visibility === 'public' && !m?.removed && !m?.held && !(m?.probationUntil != null && m.probationUntil > now);
}
