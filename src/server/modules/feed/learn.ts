// What the feed learns from domain events, off the request path: which notes it may rank (indexed
// from the read pipeline when they are posted, published, edited, re-scoped or deleted), how they
// do (likes, collects, comments), what each reader leans towards, whom they follow, topic views
// and uses — and the traffic pools, judged every minute.
//
// Delivery is at least once: a redelivered engagement counts twice in a ranking signal, which moves
// an order slightly and never a stored count anyone reads.

import { median } from './ranker.ts';
import { type FeedService, INBOX } from './service.ts';
import type { FeedStore, NoteIndex } from './store.ts';

/** What the learner needs of the read pipeline: a note as its author sees it (null when it is gone). */
export type NoteSource = (
  authorId: string,
  noteId: string,
) => Promise<(Omit<NoteIndex, 'visibility'> & { status: 'processing' | 'published' | 'failed'; visibility: 'public' | 'followers' | 'only_me' }) | null>;

/** A note is in its first audiences for this long; after that it competes on what it earned. */
export const POOL_DAYS = 3;

/** Engagement credits on a note, and the affinity a reader gains by each act. */
const ACTS = {
  like: { engagement: 1, affinity: 3, uses: 1 },
  collect: { engagement: 2, affinity: 4, uses: 1 },
  comment: { engagement: 2, affinity: 3, uses: 1 },
} as const;
export type Act = keyof typeof ACTS;

export class FeedLearner {
  constructor(
    private readonly store: FeedStore,
    private readonly feed: FeedService,
    private readonly source: NoteSource,
    private readonly poolSizes: readonly number[],
    private readonly now: () => number = Date.now,
    private readonly neighbours: (userId: string) => Promise<void> = async () => {},
  ) {}

  private nowS(): number {
    return this.now() / 1000;
  }

  /** (Re)indexes a note from what the read pipeline says of it; forgets it when no reader may find it. */
  async index(authorId: string, noteId: string, opts: { newlyPosted: boolean }): Promise<void> {
    const n = await this.source(authorId, noteId);
    await this.store.transaction(async (store) => {
      if (n?.status !== 'published' || n.visibility === 'only_me') {
        await store.dropNote(noteId);
        return;
      }
      const known = await store.note(noteId);
      const fresh = n.createdS > this.nowS() - POOL_DAYS * 86_400;
      await store.putNote({ ...n, visibility: n.visibility }, { poolOpen: fresh && !known });
      // New to the feed (posted, or visible again): into the inboxes of the author's followers who read theirs.
      if (!known) await store.fanOut({ note_id: n.noteId, author_id: authorId, created_s: n.createdS }, this.nowS() - INBOX.idleS);
      // A new public note is a use of each of its tags (trending).
      if (!known && opts.newlyPosted && n.visibility === 'public' && n.tags.length > 0) await store.addTopicUses(n.tags, this.hour(), 3);
    });
  }

  async drop(noteId: string): Promise<void> {
    await this.store.transaction((store) => store.dropNote(noteId));
  }

  /** A reader liked, collected or commented (or undid it: `undo`). */
  async act(act: Act, userId: string, noteId: string, undo = false): Promise<void> {
    const a = ACTS[act];
    const nowS = this.nowS();
    let learned = false;
    await this.store.transaction(async (store) => {
      if (!(await store.engage(noteId, { engagement: undo ? -a.engagement : a.engagement }))) return;
      if (undo) return;
      const note = await store.note(noteId);
      if (!note || note.author_id === userId) return;
      const tags = JSON.parse(note.tags) as string[];
      await this.feed.learn(store, userId, note, tags, a.affinity, nowS);
      await store.addEngaged(userId, noteId, a.affinity, nowS);
      if (note.visibility === 'public' && tags.length > 0) await store.addTopicUses(tags, this.hour(), a.uses);
      learned = true;
    });
    if (learned) await this.neighbours(userId);
  }

  async follow(followerId: string, followeeId: string, on: boolean): Promise<void> {
    await this.store.transaction(async (store) => {
      await store.setFollow(followerId, followeeId, on);
      await store.inboxFollow(followerId, followeeId, on);
      if (on) await store.addAffinity(followerId, [{ kind: 'a', key: followeeId, delta: 2 }], this.nowS(), 14 * 86_400);
    });
  }

  async viewed(views: ReadonlyArray<{ noteId: string; count: number }>): Promise<void> {
    await this.store.transaction((store) => store.addTopicViews(views));
  }

  /**
   * Traffic pools: a note that has had its level's audience is judged on its engagement per
   * impression there against the median of the notes judged at that level lately; above it, it
   * graduates to the next, larger audience; below, its pool closes and it competes on what it earned.
   */
  async judgePools(): Promise<{ graduated: number; closed: number }> {
    const nowS = this.nowS();
    let graduated = 0;
    let closed = await this.store.closeOldPools(nowS - POOL_DAYS * 86_400);
    for (let level = 0; level < this.poolSizes.length; level++) {
      const size = this.poolSizes[level] as number;
      const due = await this.store.poolDue(level, size, 500);
      if (due.length === 0) continue;
      const history = await this.store.recentRates(level, 200);
      const bar = median(history);
      await this.store.transaction(async (store) => {
        for (const n of due) {
          const shown = Math.max(1, n.impressions - n.pool_base_impressions);
          const rate = (n.engagement - n.pool_base_engagement) / shown;
          // Until a level has a history, anything that engaged anyone goes on.
          const up = history.length < 5 ? rate > 0 : rate >= bar && rate > 0;
          await store.judge(n, rate, up, level === this.poolSizes.length - 1, nowS);
          if (up) graduated++;
          else closed++;
        }
      });
    }
    return { graduated, closed };
  }

  private hour(): number {
    return Math.floor(this.nowS() / 3600);
  }
}
