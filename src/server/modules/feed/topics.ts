// Topics: a page for every hashtag (hot and new notes, views, participants, follow), and trending —
// topics used in the last hour far above their own usual rate, computed every minute.
import type { FeedPage, Topic, Trending } from '../../../shared/api/feed.ts';
import { normalizeTag, TAG } from '../../../shared/rules/tags.ts';
import { ValidationError } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor, pageOf } from '../../platform/routes.ts';
import type { FeedReader } from './service.ts';
import type { FeedStore } from './store.ts';

const WEEK_H = 7 * 24;
/** A topic trends with at least this many uses in the last hour… */
const MIN_USES = 3;
/** …at least this many times its usual hourly rate. */
const MIN_LIFT = 2;
const TRENDING_SIZE = 10;
/** Trending is served from memory for this long (it changes once a minute). */
const TRENDING_CACHE_MS = 10_000;

const invalidCursor = () =>
  new ValidationError(
    'The cursor is not one this list gave out.',
    [{ field: 'cursor', message: 'pass back the nextCursor of the previous page' }],
    'invalid_cursor',
  );

export function checkTag(raw: string): string {
  const tag = normalizeTag(raw.startsWith('#') ? raw.slice(1) : raw);
  if (!TAG.test(tag)) {
    throw new ValidationError(
      'That is not a hashtag.',
      [{ field: 'tag', message: '1–50 letters, marks, digits or _ of any script, without the "#"' }],
      'invalid_tag',
    );
  }
  return tag;
}

/** The trending list from hourly uses: `uses` maps tag → hour → uses. */
export function trendingOf(uses: ReadonlyMap<string, ReadonlyMap<number, number>>, nowS: number, size = TRENDING_SIZE) {
  const nowH = Math.floor(nowS / 3600);
  const into = (nowS % 3600) / 3600;
  const out: Array<{ tag: string; last_hour: number; baseline: number; score: number }> = [];
  for (const [tag, byHour] of uses) {
    // The last sixty minutes: this hour so far, and the part of the previous one still inside them.
    const last = (byHour.get(nowH) ?? 0) + (byHour.get(nowH - 1) ?? 0) * (1 - into);
    let before = 0;
    for (let h = nowH - WEEK_H; h <= nowH - 2; h++) before += byHour.get(h) ?? 0;
    const baseline = before / (WEEK_H - 1);
    if (last < MIN_USES || last < MIN_LIFT * baseline) continue;
    out.push({
      tag,
      last_hour: Math.round(last),
      baseline: Math.round(baseline * 100) / 100,
      score: Math.round(((last - baseline) / Math.sqrt(baseline + 1)) * 100) / 100,
    });
  }
  return out.sort((a, b) => b.score - a.score || a.tag.localeCompare(b.tag)).slice(0, size);
}

export class TopicsService {
  private cached: { at: number; value: Trending } | null = null;

  constructor(
    private readonly store: FeedStore,
    private readonly reader: FeedReader,
    private readonly now: () => number = Date.now,
    /** hashtags in the other script that mean the same (the language module's dictionary) */
    private readonly translations: (tag: string) => string[] | Promise<string[]> = () => [],
  ) {}

  async topic(viewerId: string | null, raw: string): Promise<Topic> {
    const tag = checkTag(raw);
    const t = await this.store.topic(tag);
    return {
      tag,
      views: t?.views ?? 0,
      participants: t?.participants ?? 0,
      notes: t?.notes ?? 0,
      following: viewerId ? await this.store.followsTopic(viewerId, tag) : false,
      // #火锅 ↔ #hotpot: the dictionary's translations that are topics too.
      related: (await this.store.existingTopics((await this.translations(tag)).map(normalizeTag))).slice(0, 5),
    };
  }

  async notes(viewerId: string | null, raw: string, sort: 'hot' | 'new', cursor: string | undefined, limit: number): Promise<FeedPage> {
    const tag = checkTag(raw);
    if (sort === 'new') {
      const ids = await this.store.topicNew(tag, decodeCursor(cursor, ['id'])?.[0] ?? null, limit + 1);
      return pageOf(
        ids,
        limit,
        (id) => [id],
        (page) => this.reader.cards(viewerId, page, 'discovery'),
      );
    }
    const rows = await this.store.topicHot(tag, decodeHot(cursor), limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: await this.reader.cards(
        viewerId,
        page.map((r) => r.note_id),
        'discovery',
      ),
      nextCursor: rows.length > limit && last ? encodeCursor([String(last.hot), last.note_id]) : null,
    };
  }

  async follow(viewerId: string, raw: string, on: boolean): Promise<void> {
    await this.store.setTopicFollow(viewerId, checkTag(raw), on);
  }

  async trending(): Promise<Trending> {
    const now = this.now();
    if (this.cached && now - this.cached.at < TRENDING_CACHE_MS) return this.cached.value;
    const rows = await this.store.trending();
    const value: Trending = {
      topics: rows.map((r) => ({ tag: r.tag, lastHour: r.last_hour, baseline: r.baseline, score: r.score })),
      computedAt: rows[0]?.computed_at ?? null,
    };
    this.cached = { at: now, value };
    return value;
  }

  /** The periodic job: recompute trending from the hourly uses of the tags used in the last two hours. */
  async refreshTrending(): Promise<void> {
    const nowS = this.now() / 1000;
    const nowH = Math.floor(nowS / 3600);
    const tags = await this.store.tagsUsedSince(nowH - 1, 500);
    const uses = new Map<string, Map<number, number>>();
    for (const r of await this.store.usesOf(tags, nowH - WEEK_H)) {
      const m = uses.get(r.tag) ?? new Map<number, number>();
      uses.set(r.tag, m);
      m.set(r.hour, r.uses);
    }
    const top = trendingOf(uses, nowS);
    await this.store.transaction((s) => s.setTrending(top, new Date(this.now()).toISOString()));
    this.cached = null;
  }
}

function decodeHot(cursor: string | undefined): { hot: number; id: string } | null {
  if (cursor === undefined || cursor === '') return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const m = /^(\d{1,12}(?:\.\d{1,20})?(?:e[+-]?\d{1,3})?)\|([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(text);
  if (encodeCursor([text]) !== cursor || !m || !Number.isFinite(Number(m[1]))) throw invalidCursor();
  return { hot: Number(m[1]), id: m[2] as string };
}
