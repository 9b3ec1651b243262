// Search: notes (ranked, newest or most liked; filtered by media, language and time), people and
// topics, suggestions as you type, a person's history, related and trending searches. The index
// yields note ids (the skeleton); the shared read pipeline hydrates them and its rules decide what
// the searcher may see — so a note made private, deleted, removed, or by someone either side blocked,
// is gone from results at once, whatever the index still holds.
import { LRUCache } from 'lru-cache';
import type { NoteCard } from '../../../shared/api/notes.ts';
import { SEARCH_QUERY_MAX, type SearchHit, type SearchQuery, type SearchResult, type SearchUser, type Suggestions } from '../../../shared/api/search.ts';
import { ValidationError } from '../../platform/errors.ts';
import { sha256 } from '../../platform/ids.ts';
import { decodeCursor, encodeCursor } from '../../platform/routes.ts';
import { type Analyzer, CHINESE_STOP, ENGLISH_STOP } from './analyze.ts';
import type { Asker, Plan, QueryPlanner } from './query.ts';
import { matchedWords, rank } from './rank.ts';
import type { Candidate, NoteFilters, SearchStore } from './store.ts';

export interface SearchServiceDeps {
  store: SearchStore;
  planner(): Promise<QueryPlanner>;
  analyzer(): Promise<Analyzer>;
  /** note cards through the read pipeline (its rules drop what the viewer may not see in a list) */
  cards(viewerId: string | null, ids: readonly string[]): Promise<NoteCard[]>;
  /** people as the viewer may see them (those blocked either way are left out) */
  people(viewerId: string | null, ids: readonly string[]): Promise<Map<string, Omit<SearchUser, 'followers'>>>;
  clock?: () => number;
}

/** Candidates ranked per query: deeper pages than this end the list (a search is read from the top). */
const RELEVANCE_DEPTH = 120;
const LIST_DEPTH = 1_000;
/** Fewer full matches than this, and notes matching only some of the words fill in after them. */
const RELAX_BELOW = 5;
const HISTORY_KEEP = 50;
/** A search's ranked list is kept this long (a new note shows in it after that; a hidden or deleted one never shows: the rules read now). */
const RANKED_TTL_MS = 30_000;
/** Suggestions may be this old (a new topic or person shows after it). */
const SUGGEST_TTL_MS = 30_000;

type Ranked = Array<{ c: Candidate; matched: string[] }>;

interface SuggestRows {
  topics: Array<{ tag: string; notes: number }>;
  users: Array<{ user_id: string; handle: string; followers: number }>;
  queries: string[];
}
const FLUSH_MS = 5_000;
const TIME_S = { day: 86_400, week: 7 * 86_400, month: 30 * 86_400, year: 365 * 86_400 } as const;

export class SearchService {
  private readonly now: () => number;
  private counts = new Map<string, number>();
  private counted = new Set<string>();
  private countedHour = 0;
  private remembered: Array<{ user_id: string; q: string; at: string }> = [];
  private timer: NodeJS.Timeout | null = null;
  /** suggestion candidates by what was typed, for SUGGEST_TTL_MS */
  private readonly suggested = new LRUCache<string, Promise<SuggestRows>>({ max: 20_000, ttl: SUGGEST_TTL_MS });
  /** ranked candidates by search, for RANKED_TTL_MS */
  private readonly ranked = new LRUCache<string, Promise<Ranked>>({ max: 2_000, ttl: RANKED_TTL_MS });

  constructor(private readonly d: SearchServiceDeps) {
    this.now = d.clock ?? Date.now;
  }

  /** The query as given, checked: trimmed, not empty, not too long. */
  private text(q: string): string {
    const t = q.trim();
    if (t.length === 0) throw new ValidationError('Type something to search for.', [{ field: 'q', message: 'must not be empty' }]);
    if (t.length > SEARCH_QUERY_MAX) throw new ValidationError('The search is too long.', [{ field: 'q', message: `at most ${SEARCH_QUERY_MAX} characters` }]);
    return t;
  }

  async search(viewerId: string | null, asker: Asker, query: SearchQuery): Promise<SearchResult> {
    const q = this.text(query.q);
    const type = query.type ?? 'notes';
    const limit = query.limit ?? 20;
    // As typed: a last word still being typed (no space after it) is also a prefix, so it is another search.
    const key = fingerprint(query.q, query);
    const at = decodeCursor(query.cursor, ['count', 'word']);
    if (at && at[1] !== key)
      throw new ValidationError(
        'The cursor belongs to another search.',
        [{ field: 'cursor', message: 'pass back the nextCursor of this search' }],
        'invalid_cursor',
      );
    const offset = at ? Number(at[0]) : 0;
    if (type === 'users') return this.users(viewerId, q, offset, limit, key);
    if (type === 'topics') return this.topics(q, offset, limit, key);

    // Every page plans alike (a machine translation is cached by the translator), so pages rank alike.
    const plan = await (await this.d.planner()).plan(query.q, asker);
    if (offset === 0) this.record(viewerId, asker, plan.normalized);
    const empty: SearchResult = { type, items: [], nextCursor: null, expansions: plan.expansions, related: [] };
    if (plan.groups.length === 0) return empty;
    const filters: NoteFilters = {
      followers: viewerId !== null,
      ...(query.media ? { media: query.media } : {}),
      ...(query.lang ? { lang: query.lang } : {}),
      ...(query.time ? { sinceS: this.now() / 1000 - TIME_S[query.time] } : {}),
    };
    const sort = query.sort ?? 'relevance';
    // The ranked list (before the rules) is the same for every visitor, and for every signed-in
    // searcher: the next page, and the next person asking the same, read it again for a while.
    const listKey = `${filters.followers ? 'in' : 'out'}|${key}`;
    let ranking = this.ranked.get(listKey);
    if (!ranking) {
      ranking = this.rankNotes(plan, filters, sort);
      this.ranked.set(listKey, ranking);
      ranking.catch(() => this.ranked.delete(listKey));
    }
    const ranked = await ranking;
    const { items, next } = await this.page(viewerId, ranked, offset, limit);
    const shown = new Set(items.map((h) => h.note?.id));
    return {
      type,
      items,
      nextCursor: next === null ? null : encodeCursor([String(next), key]),
      expansions: plan.expansions,
      // From the results shown (never from notes the rules left out: their tags are theirs).
      related:
        offset === 0
          ? await this.related(
              plan,
              ranked.filter((r) => shown.has(r.c.note_id)),
            )
          : [],
    };
  }

  private async rankNotes(plan: Plan, filters: NoteFilters, sort: 'relevance' | 'new' | 'likes'): Promise<Array<{ c: Candidate; matched: string[] }>> {
    const { store } = this.d;
    const depth = sort === 'relevance' ? RELEVANCE_DEPTH : LIST_DEPTH;
    let rows = await store.candidates(plan.groups, plan.alternative, filters, sort, depth);
    // Few matches: the costlier, looser variants too (characters in order, sub-words, rarer translations);
    // then a typed phrase's words apart (hot … pot); then notes with any of the words. The fuller matches
    // stay first in relevance (rank() sorts by groups matched).
    let groups = plan.groups;
    if (rows.length < RELAX_BELOW) {
      const seen = new Set(rows.map((r) => r.doc_id));
      const add = (more: readonly Candidate[]) => {
        for (const r of more) if (!seen.has(r.doc_id)) seen.add(r.doc_id) && rows.push(r);
      };
      const wider = { fallback: true };
      if (plan.groups.some((g) => g.variants.some((v) => v.fallback))) add(await store.candidates(plan.groups, plan.alternative, filters, sort, depth, wider));
      const apart = plan.groups.flatMap((g) => g.parts ?? [g]);
      if (rows.length < RELAX_BELOW && apart.length > plan.groups.length) {
        groups = apart;
        add(await store.candidates(apart, [], filters, sort, depth, wider));
      }
      if (rows.length < RELAX_BELOW && apart.length > 1) add(await store.candidates(apart, [], filters, sort, depth, { fallback: true, any: true }));
      rows = rows.slice(0, depth);
    }
    if (sort === 'relevance') return rank(rows, groups, plan.alternative, plan.phrase, this.now() / 1000).map((s) => ({ c: s.candidate, matched: s.matched }));
    const key = sort === 'new' ? (c: Candidate) => c.created_s : (c: Candidate) => c.likes;
    return rows.sort((a, b) => key(b) - key(a) || b.doc_id - a.doc_id).map((c) => ({ c, matched: matchedWords(c, groups, plan.alternative) }));
  }

  /** Cards from `offset` on, through the read pipeline, until `limit` are visible; the offset to go on from. */
  private async page(
    viewerId: string | null,
    ranked: ReadonlyArray<{ c: Candidate; matched: string[] }>,
    offset: number,
    limit: number,
  ): Promise<{ items: SearchHit[]; next: number | null }> {
    const items: SearchHit[] = [];
    let at = offset;
    for (let round = 0; round < 4 && items.length < limit && at < ranked.length; round++) {
      const slice = ranked.slice(at, at + limit - items.length + (round === 0 ? 4 : limit));
      const cards = new Map(
        (
          await this.d.cards(
            viewerId,
            slice.map((r) => r.c.note_id),
          )
        ).map((c) => [c.id, c]),
      );
      for (const r of slice) {
        at += 1;
        const note = cards.get(r.c.note_id);
        if (note) items.push({ note, matched: r.matched });
        if (items.length === limit) break;
      }
    }
    return { items, next: at < ranked.length ? at : null };
  }

  /** Related searches: the topics the best results share, and popular searches with the same words. */
  private async related(plan: Plan, top: ReadonlyArray<{ c: Candidate }>): Promise<string[]> {
    const asked = new Set(plan.phrase);
    const tally = new Map<string, number>();
    for (const { c } of top) for (const tag of JSON.parse(c.tags) as string[]) if (!asked.has(tag)) tally.set(tag, (tally.get(tag) ?? 0) + 1);
    const tags = [...tally]
      .filter(([, n]) => n >= 2)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([t]) => `#${t}`);
    const words = plan.groups.map((g) => g.word).filter((w) => !w.startsWith('#'));
    const popular = (await this.d.store.popularWith(words, 6, 2)).filter((q) => q !== plan.normalized);
    return [...new Set([...popular, ...tags])].slice(0, 8);
  }

  private async users(viewerId: string | null, q: string, offset: number, limit: number, key: string): Promise<SearchResult> {
    const a = await this.d.analyzer();
    const typed = q.replace(/^@/, '');
    const prefix = compact(a, typed);
    if (!prefix) return { type: 'users', items: [], nextCursor: null, expansions: [], related: [] };
    // One word (or a handle): by prefix; several: people matching every word (history teacher).
    const words = a.words(a.normalize(typed), 'query').filter((w) => !ENGLISH_STOP.has(w.surface) && !CHINESE_STOP.has(w.surface));
    const rows =
      words.length > 1 && !typed.includes('_')
        ? await this.d.store.usersByKeys(
            words.map((w) => w.surface),
            limit + 1,
            offset,
          )
        : await this.d.store.usersByKey(prefix, limit + 1, offset);
    const people = await this.d.people(
      viewerId,
      rows.slice(0, limit).map((r) => r.user_id),
    );
    const items: SearchHit[] = rows.slice(0, limit).flatMap((r) => {
      const p = people.get(r.user_id);
      return p ? [{ user: { ...p, followers: r.followers }, matched: [q.replace(/^@/, '')] }] : [];
    });
    return { type: 'users', items, nextCursor: rows.length > limit ? encodeCursor([String(offset + limit), key]) : null, expansions: [], related: [] };
  }

  private async topics(q: string, offset: number, limit: number, key: string): Promise<SearchResult> {
    const a = await this.d.analyzer();
    const prefix = compact(a, q.replace(/^#/, ''));
    if (!prefix) return { type: 'topics', items: [], nextCursor: null, expansions: [], related: [] };
    const { store } = this.d;
    // The topic as typed, and (first page) the topics its dictionary translations name: hotpot → #火锅.
    const plan = offset === 0 ? await (await this.d.planner()).plan(q.replace(/^#/, '')) : null;
    const also = plan
      ? plan.expansions
          .filter((e) => e.via !== 'spelling')
          .map((e) => compact(a, e.term))
          .filter((t) => t.length > 0)
      : [];
    const found = await store.topicsByKey(prefix, offset + limit + 1);
    const translated = (await Promise.all(also.map((t) => store.topicsByKey(t, 3, true)))).flat();
    const all = [...new Map([...found, ...translated].map((t) => [t.tag, t])).values()];
    const page = all.slice(offset, offset + limit);
    return {
      type: 'topics',
      items: page.map((t) => ({ topic: t, matched: [q.replace(/^#/, '')] })),
      nextCursor: found.length > offset + limit ? encodeCursor([String(offset + limit), key]) : null,
      expansions: plan?.expansions ?? [],
      related: [],
    };
  }

  /** Suggestions for what has been typed so far: topics and people by prefix, script or pinyin, and popular searches. */
  async suggest(viewerId: string | null, q: string): Promise<Suggestions> {
    const typed = q.trim().slice(0, SEARCH_QUERY_MAX);
    const a = await this.d.analyzer();
    const prefix = compact(a, typed.replace(/^[#@]/, ''));
    const popular = a.normalize(typed).replace(/\s+/g, ' ');
    // Everyone typing the same letters gets the same candidates for a while; only who they see is theirs.
    const key = `${typed.startsWith('#') ? '#' : typed.startsWith('@') ? '@' : ''}${prefix}|${popular}`;
    let found = this.suggested.get(key);
    if (!found) {
      const { store } = this.d;
      found = Promise.all([
        prefix && !typed.startsWith('@') ? store.topicsByKey(prefix, 5) : Promise.resolve([]),
        prefix && !typed.startsWith('#') ? store.usersByKey(prefix, 5) : Promise.resolve([]),
        store.popular(popular, 5, 2),
      ]).then(([topics, users, queries]) => ({ topics, users, queries }));
      this.suggested.set(key, found);
      found.catch(() => this.suggested.delete(key));
    }
    const { topics, users: rows, queries } = await found;
    const people =
      rows.length > 0
        ? await this.d.people(
            viewerId,
            rows.map((r) => r.user_id),
          )
        : new Map();
    const users = rows.flatMap((r) => {
      const p = people.get(r.user_id);
      return p ? [{ ...p, followers: r.followers }] : [];
    });
    return { topics, users, queries };
  }

  history(userId: string): Promise<Array<{ q: string; at: string }>> {
    return this.flush().then(() => this.d.store.history(userId, 20));
  }

  async forget(userId: string, q?: string): Promise<void> {
    await this.flush();
    await this.d.store.forget(userId, q?.trim());
  }

  async trending(): Promise<Array<{ q: string; lastHour: number; score: number }>> {
    return (await this.d.store.trending()).map((r) => ({ q: r.q, lastHour: r.last_hour, score: r.score }));
  }

  /**
   * Searches whose rate in the last hour runs far above their usual one (the past week's hourly
   * mean), at least three searches from different people; every minute.
   */
  async refreshTrending(): Promise<void> {
    await this.flush();
    const hour = Math.floor(this.now() / 3_600_000);
    const into = (this.now() % 3_600_000) / 3_600_000;
    const rows = await this.d.store.countsSince(hour - 24 * 7);
    const per = new Map<string, { last: number; before: number }>();
    for (const r of rows) {
      const e = per.get(r.q) ?? { last: 0, before: 0 };
      if (r.hour === hour) e.last += r.n;
      else if (r.hour === hour - 1) e.last += r.n * (1 - into);
      else e.before += r.n;
      per.set(r.q, e);
    }
    const trending = [...per]
      .map(([q, e]) => {
        const baseline = e.before / (24 * 7 - 2);
        return { q, last_hour: Math.round(e.last), score: (e.last - baseline) / Math.sqrt(baseline + 1) };
      })
      .filter((t) => t.last_hour >= 3 && t.score >= 2)
      .sort((a, b) => b.score - a.score)
      .slice(0, 10);
    await this.d.store.setTrending(trending, new Date(this.now()).toISOString());
    await this.d.store.purgeCounts(hour - 24 * 8);
  }

  /** Counts a search once per person (or address) per hour, and keeps it in a signed-in person's history. */
  private record(viewerId: string | null, asker: Asker, normalized: string): void {
    if (normalized.length === 0 || normalized.length > 60) return;
    const hour = Math.floor(this.now() / 3_600_000);
    if (hour !== this.countedHour || this.counted.size > 200_000) {
      this.counted = new Set();
      this.countedHour = hour;
    }
    const who = 'userId' in asker ? `u:${asker.userId}` : `ip:${asker.ip}`;
    if (!this.counted.has(`${who}|${normalized}`)) {
      this.counted.add(`${who}|${normalized}`);
      this.counts.set(normalized, (this.counts.get(normalized) ?? 0) + 1);
    }
    if (viewerId) this.remembered.push({ user_id: viewerId, q: normalized, at: new Date(this.now()).toISOString() });
    this.timer ??= setTimeout(() => void this.flush().catch(() => {}), FLUSH_MS).unref();
  }

  /**
   * Forgets this process's ranked candidates and suggestions (someone's notes and name left the
   * index); other processes' copies live RANKED_TTL_MS at most, and cards are read through the
   * pipeline, which never shows a deleted note or person.
   */
  dropCaches(): void {
    this.ranked.clear();
    this.suggested.clear();
  }

  /** Writes counted searches and history (batched: a search is a read, not a write per request). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const counts = this.counts;
    const remembered = new Map(this.remembered.map((e) => [`${e.user_id}|${e.q}`, e]));
    this.counts = new Map();
    this.remembered = [];
    if (counts.size === 0 && remembered.size === 0) return;
    await this.d.store.transaction(async (store) => {
      await store.count(counts, Math.floor(this.now() / 3_600_000));
      await store.remember([...remembered.values()], HISTORY_KEEP);
    });
  }
}

/** A search's identity for its cursors: the same words and filters. */
function fingerprint(q: string, query: SearchQuery): string {
  return sha256(JSON.stringify([q, query.type ?? 'notes', query.sort ?? 'relevance', query.media ?? '', query.lang ?? '', query.time ?? '']))
    .replace(/[^a-z0-9]/gi, '')
    .slice(0, 16);
}

/** What a prefix key is compared with: normalised, spaces and punctuation gone. */
function compact(a: Analyzer, text: string): string {
  return [...a.normalize(text).matchAll(/[\p{L}\p{M}\p{N}_]+/gu)].map((m) => m[0]).join('');
}
