// Keeps the index in step with what notes and people are, from domain events (the notes and accounts
// modules do not know search exists), and rebuilds it from scratch for `npm run reindex`. A note is
// read through the shared read pipeline as it is now — so a redelivered or late event writes the
// current state, never an old one — and is searchable while it is published and public or
// followers-only; anything else takes it out.
import { type Analyzer, CHINESE_STOP, ENGLISH_STOP } from './analyze.ts';
import type { SearchStore } from './store.ts';

/** A note as the read pipeline has it now (null: gone). */
export interface IndexSource {
  id: string;
  authorId: string;
  status: 'processing' | 'published' | 'failed';
  visibility: 'public' | 'followers' | 'only_me';
  kind: 'images' | 'video';
  title: string;
  body: string;
  tags: string[];
  lang: string;
  createdAt: string;
  version: number;
  counts: { likes: number; collects: number; comments: number };
}

export interface IndexSources {
  notes(ids: readonly string[]): Promise<Map<string, IndexSource>>;
  /** likes, collects and comments as they are now */
  counts(ids: readonly string[]): Promise<Map<string, IndexSource['counts']>>;
  /** how many notes exist */
  noteCount(): Promise<number>;
  /** every note that exists, in id order, a batch at a time */
  noteIdsAfter(afterId: string | null, limit: number): Promise<string[]>;
  people(ids: readonly string[]): Promise<Map<string, { handle: string; displayName: string; bio: string; region: string | null }>>;
  followerCounts(ids: readonly string[]): Promise<Map<string, number>>;
  userIdsAfter(afterId: string | null, limit: number): Promise<string[]>;
}

const engagement = (c: IndexSource['counts']) => c.likes + 2 * c.collects + 2 * c.comments;
const searchable = (n: IndexSource | undefined): n is IndexSource & { visibility: 'public' | 'followers' } =>
  !!n && n.status === 'published' && n.visibility !== 'only_me';
const tagsOf = (json: string | undefined): string[] => (json ? (JSON.parse(json) as string[]) : []);

export interface RebuildProgress {
  phase: 'notes' | 'people';
  done: number;
  /** notes to go through (people: unknown) */
  total: number | null;
}

const BATCH = 500;

export class SearchIndexer {
  constructor(
    private readonly store: SearchStore,
    private readonly analyzer: () => Promise<Analyzer>,
    private readonly sources: IndexSources,
  ) {}

  /** (Re)indexes notes from what they are now; drops those no one may find. */
  async notes(ids: readonly string[]): Promise<void> {
    const [found, a] = await Promise.all([this.sources.notes(ids), this.analyzer()]);
    await this.store.transaction(async (store) => {
      for (const id of ids) await this.write(store, a, id, found.get(id));
    });
  }

  private async write(store: SearchStore, a: Analyzer, id: string, n: IndexSource | undefined): Promise<void> {
    const known = await store.note(id);
    const before = known && known.visibility === 'public' ? tagsOf(known.tags) : [];
    if (!searchable(n)) {
      if (known) {
        await store.dropNote(known.doc_id);
        await store.adjustTopics([], before, (t) => a.keysOf(t));
      }
      return;
    }
    const doc = a.document(n.title, n.body, n.tags);
    await store.putNote(
      {
        note_id: n.id,
        author_id: n.authorId,
        visibility: n.visibility,
        lang: n.lang,
        media: n.kind === 'video' ? 'video' : 'photo',
        created_s: Date.parse(n.createdAt) / 1000,
        likes: n.counts.likes,
        engagement: engagement(n.counts),
        tags: JSON.stringify(n.tags),
        title_words: doc.title,
        tag_words: doc.tags,
        body_words: doc.body,
        chars: doc.chars,
        version: n.version,
      },
      known?.doc_id,
    );
    const after = n.visibility === 'public' ? n.tags : [];
    await store.adjustTopics(
      after.filter((t) => !before.includes(t)),
      before.filter((t) => !after.includes(t)),
      (t) => a.keysOf(t),
    );
  }

  /**
   * Takes notes out of the index whatever they are now (their author is being erased: the notes still
   * exist until the notes module's turn), with their topics' counts, as for a note no one may find.
   */
  async forgetNotes(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const a = await this.analyzer();
    await this.store.transaction(async (store) => {
      for (const id of ids) await this.write(store, a, id, undefined);
    });
  }

  /** Takes people out of people search (their account is being deleted); `people` puts them back. */
  async forgetPeople(ids: readonly string[]): Promise<void> {
    await this.store.transaction(async (store) => {
      for (const id of ids) await store.dropUser(id);
    });
  }

  /** A note's likes, collects and comments moved: its ranking figures follow. */
  async counts(noteId: string): Promise<void> {
    const c = (await this.sources.counts([noteId])).get(noteId);
    if (c) await this.store.setCounts(noteId, c.likes, engagement(c));
  }

  /** A person joined or changed their handle or name. */
  async people(ids: readonly string[]): Promise<void> {
    const [found, counts, a] = await Promise.all([this.sources.people(ids), this.sources.followerCounts(ids), this.analyzer()]);
    await this.store.transaction(async (store) => {
      for (const id of ids) {
        const p = found.get(id);
        if (!p) continue;
        // Found by handle (and its parts: ohio_cat_mom → cat), name (script, words, pinyin) and the words of the bio and region.
        const handle = p.handle.toLowerCase();
        const about = a.words(a.normalize(`${p.bio} ${p.region ?? ''}`), 'index').filter((w) => !ENGLISH_STOP.has(w.surface) && !CHINESE_STOP.has(w.surface));
        const keys = new Set([
          handle,
          ...handle.split(/[_\d]+/).filter((x) => x.length >= 2),
          ...a.keysOf(p.displayName),
          ...about.map((w) => w.surface).slice(0, 60),
        ]);
        await store.putUser({ user_id: id, handle: p.handle, name: p.displayName, followers: counts.get(id) ?? 0 }, [...keys]);
      }
    });
  }

  async followers(userId: string): Promise<void> {
    const n = (await this.sources.followerCounts([userId])).get(userId);
    if (n !== undefined) await this.store.setFollowers(userId, n);
  }

  /** Everything again from the sources: notes, topics and people. */
  async rebuild(progress: (p: RebuildProgress) => void = () => {}): Promise<{ notes: number; people: number }> {
    await this.store.clearNotes();
    const total = await this.sources.noteCount();
    let after: string | null = null;
    let notes = 0;
    for (;;) {
      const ids: string[] = await this.sources.noteIdsAfter(after, BATCH);
      if (ids.length === 0) break;
      await this.notes(ids);
      notes += ids.length;
      after = ids[ids.length - 1] as string;
      progress({ phase: 'notes', done: notes, total });
    }
    await this.store.clearUsers();
    after = null;
    let people = 0;
    for (;;) {
      const ids: string[] = await this.sources.userIdsAfter(after, BATCH);
      if (ids.length === 0) break;
      await this.people(ids);
      people += ids.length;
      after = ids[ids.length - 1] as string;
      progress({ phase: 'people', done: people, total: null });
    }
    return { notes, people };
  }
}
