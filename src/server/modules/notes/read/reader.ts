// The shared read pipeline for notes: skeleton → hydrate → rules → present. A caller (a route of
// notes, boards, notifications; later feeds and search) brings the skeleton — note ids in the order
// it wants — and gets back what the reader may see, presented, in that order.
import type { Note, NoteCard } from '../../../../shared/api/notes.ts';
import type { NotificationSubject } from '../../../../shared/api/notify.ts';
import { fallbackSrc, NOTE_PAGE_PHOTO_SIZES, srcSetOf } from '../../../../shared/photo-sources.ts';
import { AppError, NotFoundError } from '../../../platform/errors.ts';
import type { ShareCard } from '../../../platform/web.ts';
import type { Hydration, Hydrator, NoteCore, NoteCounts } from './hydrate.ts';
import { excerptOf, presentCard, presentNote, presentSubject } from './present.ts';
import { canSee, isPublic, type ReadContext, visibleIds } from './rules.ts';

const notFound = () => new NotFoundError('No such note.');

/** Its author asking for a note moderators removed: a 410 with their reason (others get the 404). */
function gone(h: Hydration, n: NoteCore): AppError | null {
  const m = h.moderation.get(n.id);
  if (!m?.removed || h.viewerId !== n.authorId) return null;
  return new AppError(
    410,
    'removed',
    `Moderators removed this note${m.reason ? `: ${m.reason}` : '.'}${m.caseId ? ` (case ${m.caseId}; you may appeal once)` : ''}`,
  );
}

/** What another module may ask before acting on a note: the minimum it needs to decide. */
export interface NoteAccess {
  id: string;
  authorId: string;
  visibility: NoteCore['visibility'];
  commentsEnabled: boolean;
  status: NoteCore['status'];
}

export const accessOf = (n: NoteCore): NoteAccess => ({
  id: n.id,
  authorId: n.authorId,
  visibility: n.visibility,
  commentsEnabled: n.commentsEnabled,
  status: n.status,
});

/**
 * A note page, serialised: the same bytes for every reader whose three flags (liked, collected, is
 * the author) are the same, until the note, its counts or its author change.
 */
interface NoteJson {
  counts: object | undefined;
  author: object | undefined;
  moderation: object | undefined;
  /** by the reader's flags: liked 1 | collected 2 | author 4 */
  byFlags: Array<Buffer | undefined>;
}

export class NotesReader {
  /** keyed by the cached note itself: an entry goes when the cache lets the note go */
  private readonly json = new WeakMap<NoteCore, NoteJson>();

  constructor(private readonly hydrator: Hydrator) {}

  /** Everything about these notes for this reader, loaded in a fixed number of batched queries. */
  hydrate(viewerId: string | null, ids: readonly string[], opts: { counts?: boolean; marks?: boolean } = {}): Promise<Hydration> {
    return this.hydrator.hydrate(viewerId, ids, opts);
  }

  /** A note page: the full view, or a 404 when the reader may not see it (or it does not exist). */
  /** Counts of notes as they are now, past the second-long counts cache (for indexes written from events). */
  exactCounts(ids: readonly string[]): Promise<Map<string, NoteCounts>> {
    return this.hydrator.exactCounts(ids);
  }

  async note(viewerId: string | null, id: string): Promise<Note> {
    const h = await this.hydrate(viewerId, [id], { counts: true, marks: true });
    const n = h.notes.get(id);
    if (!n || !canSee(h, n, 'direct')) throw notFound();
    const g = gone(h, n);
    if (g) throw g;
    return presentNote(h, n);
  }

  /**
   * A note page as the JSON the route sends. What a note page shows differs between readers only
   * in three flags (liked, collected, is the author), so it is presented and serialised once for
   * each version of the note, its counts (refreshed within a second), its author and those flags;
   * the reader's relations and marks come from their caches. A 404 as `note` gives it.
   */
  async noteJson(viewerId: string | null, id: string, serialize: (note: Note) => Buffer): Promise<{ status: NoteCore['status']; json: Buffer }> {
    const h = await this.hydrate(viewerId, [id], { counts: true, marks: viewerId !== null });
    const n = h.notes.get(id);
    if (!n || !canSee(h, n, 'direct')) throw notFound();
    const g = gone(h, n);
    if (g) throw g;
    const counts = h.counts.get(id);
    const author = h.authors.get(n.authorId);
    const moderation = h.moderation.get(id);
    const flags = (h.liked.has(id) ? 1 : 0) | (h.collected.has(id) ? 2 : 0) | (viewerId !== null && viewerId === n.authorId ? 4 : 0);
    let entry = this.json.get(n);
    if (!entry || entry.counts !== counts || entry.author !== author || entry.moderation !== moderation) {
      entry = { counts, author, moderation, byFlags: [] };
      this.json.set(n, entry);
    }
    const hit = entry.byFlags[flags];
    if (hit !== undefined) return { status: n.status, json: hit };
    const json = serialize(presentNote(h, n));
    entry.byFlags[flags] = json;
    return { status: n.status, json };
  }

  /** Full views of the notes the reader may see among `ids`, in that order. */
  async notes(viewerId: string | null, ids: readonly string[], ctx: ReadContext): Promise<Note[]> {
    const h = await this.hydrate(viewerId, ids, { counts: true, marks: true });
    return visibleIds(h, ids, ctx).map((id) => presentNote(h, h.notes.get(id) as NoteCore));
  }

  /** Card views of the notes the reader may see among `ids`, in that order (lists, boards, feeds, search). */
  async cards(viewerId: string | null, ids: readonly string[], ctx: ReadContext = 'list'): Promise<NoteCard[]> {
    const h = await this.hydrate(viewerId, ids, { counts: true, marks: true });
    // A card is never the note's link: a removed note is not one even on its author's own profile (read 'direct' for mutes' sake).
    return visibleIds(h, ids, ctx)
      .filter((id) => !h.moderation.get(id)?.removed)
      .map((id) => presentCard(h, h.notes.get(id) as NoteCore));
  }

  /** What notifications show of the notes they are about, for the ones the reader may still see. */
  async subjects(viewerId: string, ids: readonly string[]): Promise<Map<string, NotificationSubject>> {
    const h = await this.hydrate(viewerId, ids);
    return new Map(visibleIds(h, ids, 'direct').map((id) => [id, presentSubject(h.notes.get(id) as NoteCore)]));
  }

  /** The ids among `ids` the reader may see. */
  async visible(viewerId: string | null, ids: readonly string[], ctx: ReadContext = 'direct'): Promise<Set<string>> {
    return new Set(visibleIds(await this.hydrate(viewerId, ids), ids, ctx));
  }

  /** The note, if the reader may see it by its link; null otherwise. */
  async access(viewerId: string | null, id: string): Promise<NoteAccess | null> {
    const h = await this.hydrate(viewerId, [id]);
    const n = h.notes.get(id);
    return n && canSee(h, n, 'direct') ? accessOf(n) : null;
  }

  /** May the viewer see the note this media belongs to, and may everyone? (Media files of non-public notes.) */
  async canSeeMediaOf(viewerId: string | null, noteId: string): Promise<{ visible: boolean; public: boolean }> {
    const h = await this.hydrate(viewerId, [noteId]);
    const n = h.notes.get(noteId);
    if (!n) return { visible: false, public: false };
    return { visible: canSee(h, n, 'direct'), public: isPublic(h, n) };
  }

  /** A link preview of a note anyone may see; null for any other. */
  async shareCard(id: string): Promise<ShareCard | null> {
    const h = await this.hydrate(null, [id]);
    const n = h.notes.get(id);
    if (!n || !isPublic(h, n) || !canSee(h, n, 'direct')) return null;
    const a = h.authors.get(n.authorId);
    const m = n.media[0];
    const image = m ? (m.urls['1440'] ?? m.urls['720'] ?? m.urls.poster ?? m.urls.original ?? null) : null;
    const title = n.title || excerptOf(n.body, 60) || (a ? a.displayName : 'Biji');
    // The page's first photo as its carousel draws it; not under a sensitive-content cover, nor a video's poster.
    const first = m?.kind === 'image' && m.status === 'ready' && !h.moderation.get(id)?.sensitive ? m : null;
    const src = first ? fallbackSrc(first.urls) : undefined;
    const hero = first && src ? { src, srcset: srcSetOf(first.urls), sizes: NOTE_PAGE_PHOTO_SIZES } : null;
    return { title, description: excerptOf(n.body, 200) || (a ? `${a.displayName} (@${a.handle})` : ''), image, path: `/n/${n.id}`, hero };
  }
}
