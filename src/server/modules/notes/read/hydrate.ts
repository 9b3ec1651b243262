// Hydration: everything a page of notes needs, in a fixed, small number of batched loads whatever
// the page size — note cores (cached by id and version), their counts (cached for a second), their
// authors (cached by accounts), the viewer's relations to those authors and marks on those notes
// (each cached by pair),
// and moderation states. Rules and presenters then work from this in memory.
import type { MediaView } from '../../../../shared/api/media.ts';
import type { Entity } from '../../../../shared/api/notes.ts';
import { type CacheBus, KeyedCache, VersionedCache } from '../../../platform/cache/index.ts';
import type { Person, Relations } from '../../accounts/index.ts';
import { langsOf } from '../../language/detect.ts';
import type { NotesStore } from '../store.ts';
import type { NoteRow } from '../tables.ts';

/** A note as the cache keeps it: all a reader may see but the counts. */
export interface NoteCore {
  id: string;
  authorId: string;
  kind: NoteRow['kind'];
  status: NoteRow['status'];
  title: string;
  body: string;
  lang: string;
  langs: string[];
  entities: { title: Entity[]; body: Entity[] };
  tags: string[];
  media: MediaView[];
  visibility: NoteRow['visibility'];
  placeName: string | null;
  commentsEnabled: boolean;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface NoteCounts {
  likes: number;
  collects: number;
  comments: number;
  views: number;
}

/**
 * What moderation decided about a note; the rules hide or mark it (the moderation module fills
 * this). `held`: waiting for a moderator, shown to its author only; `probationUntil` (epoch ms): a
 * new account's public note, shown to its author's followers only until then.
 */
export interface ModerationState {
  removed: boolean;
  held: boolean;
  limited: boolean;
  sensitive: boolean;
  probationUntil: number | null;
  /** the moderator's note to the author, for a removed note */
  reason: string | null;
  caseId: string | null;
}

export interface ModerationSource {
  /** the states of those among `noteIds` that have any (a note with none is simply absent) */
  states(noteIds: readonly string[]): Promise<Map<string, ModerationState>>;
}

/** Until the safety module exists nothing is moderated, at no cost. */
export const noModeration: ModerationSource = { states: async () => new Map() };

/** What hydration needs of its neighbours, as narrow functions the composition root fills. */
export interface HydrationSources {
  store: NotesStore;
  mediaViews(ids: readonly string[]): Promise<Map<string, MediaView>>;
  people(ids: readonly string[]): Promise<Map<string, Person>>;
  relations(viewerId: string, others: readonly string[]): Promise<Relations>;
  moderation: ModerationSource;
  /** the viewer's muted words and #topics (cached by accounts); null when they have none */
  mutedWords(viewerId: string): Promise<MutedWords | null>;
}

/** A reader's muted words, lower-cased: phrases matched in a note's title and text, #topics against its tags. */
export interface MutedWords {
  phrases: string[];
  tags: Set<string>;
}

export interface Hydration {
  viewerId: string | null;
  notes: Map<string, NoteCore>;
  counts: Map<string, NoteCounts>;
  authors: Map<string, Person>;
  /** null for an anonymous viewer */
  relations: Relations | null;
  liked: Set<string>;
  collected: Set<string>;
  moderation: Map<string, ModerationState>;
  /** the viewer's muted words, null when none (or anonymous) */
  mutedWords: MutedWords | null;
}

export interface HydrateOptions {
  /** load counts (cards and full views need them; rules do not) */
  counts?: boolean;
  /** load the viewer's likes and collects of these notes */
  marks?: boolean;
}

/** Counts may be served this old ("counts lag by at most a second"); a write in this process shows at once. */
export const COUNTS_FRESH_MS = 1_000;
const EMPTY = new Set<string>();
const LIKED = 1;
const COLLECTED = 2;
const markKey = (userId: string, noteId: string) => `${userId}>${noteId}`;

export class Hydrator {
  readonly cores: VersionedCache<NoteCore>;
  readonly counts: VersionedCache<NoteCounts>;
  /** whether a person liked / collected a note, by pair; dropped everywhere on every like, collect and their undoing */
  readonly marks: KeyedCache<number>;

  constructor(
    private readonly src: HydrationSources,
    bus: CacheBus,
    maxEntries: number,
  ) {
    this.cores = new VersionedCache({ name: 'notes', max: maxEntries }, bus, (ids) => this.loadCores(ids));
    this.counts = new VersionedCache({ name: 'notes.counts', max: maxEntries, freshMs: COUNTS_FRESH_MS }, bus, async (ids) => {
      const rows = await this.src.store.countsByIds(ids);
      return new Map(
        rows.map((r) => [r.id, { value: { likes: r.like_count, collects: r.collect_count, comments: r.comment_count, views: r.view_count }, version: 0 }]),
      );
    });
    this.marks = new KeyedCache({ name: 'notes.marks', max: maxEntries }, bus, (keys) => this.loadMarks(keys), 0);
  }

  /** Counts as they are in the database now (an index written from an event must not keep a second-old figure). */
  async exactCounts(ids: readonly string[]): Promise<Map<string, NoteCounts>> {
    const rows = await this.src.store.countsByIds(ids);
    return new Map(rows.map((r) => [r.id, { likes: r.like_count, collects: r.collect_count, comments: r.comment_count, views: r.view_count }]));
  }

  /** A person liked, collected or undid either: their mark on the note is dropped in every process. */
  markChanged(userId: string, noteId: string): Promise<void> {
    return this.marks.invalidate(markKey(userId, noteId));
  }

  private async viewerMarks(viewerId: string, noteIds: readonly string[]): Promise<{ liked: Set<string>; collected: Set<string> }> {
    const bits = await this.marks.getMany(noteIds.map((id) => markKey(viewerId, id)));
    const out = { liked: new Set<string>(), collected: new Set<string>() };
    for (const id of noteIds) {
      const b = bits.get(markKey(viewerId, id)) ?? 0;
      if (b & LIKED) out.liked.add(id);
      if (b & COLLECTED) out.collected.add(id);
    }
    return out;
  }

  private async loadMarks(keys: string[]): Promise<Map<string, number>> {
    const byViewer = new Map<string, string[]>();
    for (const k of keys) {
      const [viewer, note] = k.split('>') as [string, string];
      const list = byViewer.get(viewer);
      if (list) list.push(note);
      else byViewer.set(viewer, [note]);
    }
    const out = new Map<string, number>();
    for (const [viewer, notes] of byViewer) {
      const m = await this.src.store.marks(viewer, notes);
      for (const n of notes) out.set(markKey(viewer, n), (m.liked.has(n) ? LIKED : 0) | (m.collected.has(n) ? COLLECTED : 0));
    }
    return out;
  }

  async hydrate(viewerId: string | null, ids: readonly string[], opts: HydrateOptions = {}): Promise<Hydration> {
    const [notes, counts, moderation] = await Promise.all([
      this.cores.getMany(ids),
      opts.counts ? this.counts.getMany(ids) : Promise.resolve(new Map<string, NoteCounts>()),
      this.src.moderation.states(ids),
    ]);
    const authorIds = [...new Set([...notes.values()].map((n) => n.authorId))];
    const others = viewerId ? authorIds.filter((a) => a !== viewerId) : [];
    const liveIds = [...notes.keys()];
    const [authors, relations, marks, mutedWords] = await Promise.all([
      this.src.people(authorIds),
      viewerId ? this.src.relations(viewerId, others) : Promise.resolve(null),
      viewerId && opts.marks && liveIds.length > 0 ? this.viewerMarks(viewerId, liveIds) : Promise.resolve({ liked: EMPTY, collected: EMPTY }),
      viewerId ? this.src.mutedWords(viewerId) : Promise.resolve(null),
    ]);
    return { viewerId, notes, counts, authors, relations, liked: marks.liked, collected: marks.collected, moderation, mutedWords };
  }

  private async loadCores(ids: string[]): Promise<Map<string, { value: NoteCore; version: number }>> {
    const rows = await this.src.store.coresByIds(ids);
    const mediaOf = await this.src.store.mediaOf(rows.map((r) => r.id));
    const media = await this.src.mediaViews([...mediaOf.values()].flat());
    const out = new Map<string, { value: NoteCore; version: number }>();
    for (const r of rows) {
      const entities = JSON.parse(r.entities) as NoteCore['entities'];
      out.set(r.id, {
        version: r.version,
        value: {
          id: r.id,
          authorId: r.author_id,
          kind: r.kind,
          status: r.status,
          title: r.title,
          body: r.body,
          lang: r.lang,
          langs: langsOf(r.lang, r.langs),
          entities,
          tags: [...new Set([...entities.title, ...entities.body].flatMap((e) => (e.type === 'hashtag' ? [e.tag] : [])))],
          media: (mediaOf.get(r.id) ?? []).flatMap((m) => {
            const v = media.get(m);
            return v ? [v] : [];
          }),
          visibility: r.visibility,
          placeName: r.place_name,
          commentsEnabled: r.comments_enabled === 1,
          createdAt: r.created_at,
          updatedAt: r.updated_at,
          version: r.version,
        },
      });
    }
    return out;
  }
}
