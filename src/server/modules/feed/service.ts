// The feeds: Explore (ranked for the reader, or a fresh + popular mix for a visitor) and Following
// (newest first). The feed only makes skeletons — note ids in order; the shared read pipeline
// hydrates them, applies the rules (visibility, blocks, mutes, moderation) and presents the cards.
//
// Explore is paged over a ranked list made off the request path: a signed-in reader's next list is
// prepared by a job as soon as a session starts on the current one, so a fresh Explore reads a
// prepared list (one row) and the cards of its first page. A cursor names the list and the
// position in it, so every page of a session reads the same list, whichever process answers, and
// no card repeats in a session. A list that runs out is continued by a new one that excludes it.
import type { FeedPage } from '../../../shared/api/feed.ts';
import type { NoteCard } from '../../../shared/api/notes.ts';
import { boundedLru } from '../../platform/cache/lru.ts';
import { ValidationError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { JobQueue } from '../../platform/jobs/types.ts';
import { decodeCursor, encodeCursor, pageOf } from '../../platform/routes.ts';
import { affinityKey, type Candidate, DEFAULT_RANK, primaryLanguage, type ReaderProfile, rank, type Source, seededRandom } from './ranker.ts';
import type { FeedStore } from './store.ts';
import type { AffinityKind, FeedNoteRow } from './tables.ts';

/** What the feed needs of the read pipeline. */
export interface FeedReader {
  cards(viewerId: string | null, ids: readonly string[], ctx?: 'direct' | 'list' | 'discovery'): Promise<NoteCard[]>;
}

/** A visitor's page of Explore, shared by every visitor on it for a moment; `json` once it was serialized. */
export interface SharedPage {
  page: FeedPage;
  json?: string | ArrayBuffer | Buffer;
}

export interface FeedSettings {
  poolSizes: number[];
  bridgeShare: number;
  seenDays: number;
}

export interface FeedServiceDeps {
  store: FeedStore;
  reader: FeedReader;
  jobs: JobQueue;
  /** the languages a person said they read */
  languages(userId: string): Promise<string[]>;
  settings: FeedSettings;
  cacheMaxEntries: number;
  /** milliseconds since the epoch (the evaluation replays days through its own clock) */
  clock?: () => number;
}

interface RankedList {
  id: string;
  userId: string;
  ids: string[];
  createdS: number;
}

/** Affinities halve in two weeks: tastes move. */
export const AFFINITY_HALF_LIFE_S = 14 * 86_400;
/** A list holds this many ids; a session continues past it with a new list, up to MAX_SESSION. */
const LIST_SIZE = 200;
const MAX_SESSION = 2_000;
/** Visitors share one list for this long. */
const ANON_LIST_S = 300;
/** A prepared list older than this is not used: what is fresh has moved on (the shared list is fresher). */
const PREPARED_FRESH_S = 2 * 3600;
const CANDIDATE_DAYS = 14;
/** A reader's next list is ranked this long after a session starts on the current one. */
export const PREPARE_DELAY_S = 300;
/** A session that starts this soon after the last one goes on with what its list has not shown yet… */
const RESUME_S = 20 * 60;
/** …if that is at least this many cards (or half the list, on a small instance). */
const RESUME_MIN = 60;
/**
 * The candidates every reader shares (popular, in a traffic pool, newest) are read once in this
 * long by each process, and a tag's hottest notes likewise: they move slowly, and the read
 * pipeline applies visibility and the rules to every card served anyway.
 */
const SHARED_CANDIDATES_MS = 10_000;
/**
 * Visitors see the same cards (no viewer state, no blocks of their own): a page is built once and
 * served to every visitor for this long — counts a moment older at most — and dropped at once when
 * a note or a person changes anywhere (`visitorPagesChanged`).
 */
const VISITOR_PAGE_MS = 1_000;
const VISITOR_PAGES_MAX = 500;
const TAG_CANDIDATES_MS = 30_000;
/** Followed and favourite authors' newest notes that are candidates. */
const FOLLOWING_CANDIDATES = 150;
/** The most recent notes each taste neighbour engaged with that are candidates. */
const ENGAGED_EACH = 12;
/** A candidate's row (its counters for the score) is read again after this long. */
const ROW_MS = 30_000;
/**
 * Following reads an inbox (fan-out on write) holding the last month of a reader's followed notes;
 * older pages read the authors' notes directly. An inbox is built by a job, off the request path,
 * a few minutes after its reader first reads Following (for readers who come back, not for a
 * glance), from the newest `build` notes of the month (fifteen pages; a build costs milliseconds);
 * it is written to while its reader reads it at least every two weeks, and forgotten after that.
 */
export const INBOX = { keepS: 30 * 86_400, idleS: 14 * 86_400, build: 300, buildDelayS: 300 } as const;
/** An inbox's read time is written at most this often (it only has to be within INBOX.idleS). */
const INBOX_TOUCH_S = 86_400;
/** Whether a reader has an inbox, and from when it is complete, is read again after this long. */
const INBOX_STATE_S = 30;

interface InboxState {
  from_s: number;
  read_s: number;
}

interface SharedCandidates {
  atMs: number;
  popular: FeedNoteRow[];
  pool: FeedNoteRow[];
  fresh: FeedNoteRow[];
}

/** Whether a job for `userId` was asked for lately (due `delayS` later, and a minute's grace); if not, notes that it is now. */
function asked(memory: { get(k: string): number | undefined; set(k: string, v: number): unknown }, userId: string, nowS: number, delayS: number): boolean {
  const at = memory.get(userId);
  if (at !== undefined && at > nowS - delayS - 60 && at <= nowS) return true;
  memory.set(userId, nowS);
  return false;
}

/** Read at `atMs`, still good at `nowMs` for `ttlMs` (a clock moved back — the evaluation's, a test's — makes it stale). */
const fresh = (atMs: number, nowMs: number, ttlMs: number): boolean => atMs > nowMs - ttlMs && atMs <= nowMs;

/** A row's tags, parsed once per row object (the shared candidates are ranked for every reader). */
const parsedTags = new WeakMap<FeedNoteRow, string[]>();
function tagsOf(row: FeedNoteRow): string[] {
  let tags = parsedTags.get(row);
  if (!tags) {
    tags = JSON.parse(row.tags) as string[];
    parsedTags.set(row, tags);
  }
  return tags;
}

const invalidCursor = () =>
  new ValidationError(
    'The cursor is not one this list gave out.',
    [{ field: 'cursor', message: 'pass back the nextCursor of the previous page' }],
    'invalid_cursor',
  );

export class FeedService {
  private readonly store: FeedStore;
  private readonly reader: FeedReader;
  private readonly now: () => number;
  private readonly lists;
  private readonly languageCache;
  private readonly hiddenCache;
  /** the list visitors page through now, and when this process last looked for a newer one */
  private anonymous: { list: RankedList; checkedS: number } | null = null;
  /**
   * Readers whose next list (`preparing`) or inbox (`inboxBuilding`) this process asked a job for, and
   * when: not asked again until that job was due a while. Bounded and timed, since the job may run in
   * another process and never clear its entry here.
   */
  private readonly preparing;
  /** the candidates all readers share, and their read in flight (one at a time per process) */
  private shared: SharedCandidates | null = null;
  private sharedLoading: Promise<SharedCandidates> | null = null;
  private readonly tagCandidates;
  private readonly rowCache;
  /** visitors' pages by list, offset and size, each kept VISITOR_PAGE_MS (emptied by any note or person change) */
  private readonly visitorPages = new Map<string, { entry: SharedPage; atMs: number }>();
  /** the visitors' list being ranked now, so a burst of visitors waits for one ranking */
  private anonymousLoading: Promise<RankedList> | null = null;
  /** readers' inboxes as this process read them last (null: none) */
  private readonly inboxStates;
  private readonly inboxBuilding;

  constructor(private readonly deps: FeedServiceDeps) {
    this.store = deps.store;
    this.reader = deps.reader;
    this.now = deps.clock ?? Date.now;
    this.lists = boundedLru<string, RankedList>(Math.min(deps.cacheMaxEntries, 20_000));
    this.languageCache = boundedLru<string, { langs: Set<string>; atS: number }>(Math.min(deps.cacheMaxEntries, 50_000));
    this.hiddenCache = boundedLru<string, { ids: Set<string>; atS: number }>(Math.min(deps.cacheMaxEntries, 50_000));
    this.tagCandidates = boundedLru<string, { ids: string[]; atMs: number }>(Math.min(deps.cacheMaxEntries, 10_000));
    this.rowCache = boundedLru<string, { row: FeedNoteRow; atMs: number }>(Math.min(deps.cacheMaxEntries, 50_000));
    this.inboxStates = boundedLru<string, { state: InboxState | null; atS: number }>(Math.min(deps.cacheMaxEntries, 50_000));
    this.preparing = boundedLru<string, number>(Math.min(deps.cacheMaxEntries, 50_000));
    this.inboxBuilding = boundedLru<string, number>(Math.min(deps.cacheMaxEntries, 50_000));
  }

  private nowS(): number {
    return this.now() / 1000;
  }

  // ---- Explore

  /** A visitor's page: the shared one for this list and position, built now when there is none. */
  async exploreVisitor(cursor: string | undefined, limit: number): Promise<SharedPage> {
    const at = this.decodeListCursor(cursor);
    const listId = at ? at.listId : (await this.anonymousList()).id;
    const key = `${listId}|${at?.offset ?? 0}|${limit}`;
    const nowMs = this.now();
    const hit = this.visitorPages.get(key);
    if (hit && fresh(hit.atMs, nowMs, VISITOR_PAGE_MS)) return hit.entry;
    const entry: SharedPage = { page: await this.explore(null, cursor, limit) };
    if (this.visitorPages.size >= VISITOR_PAGES_MAX) this.visitorPages.clear();
    this.visitorPages.set(key, { entry, atMs: nowMs });
    return entry;
  }

  /** A note or a person changed (here or in another process): visitors' pages are built again. */
  visitorPagesChanged(): void {
    this.visitorPages.clear();
  }

  async explore(viewerId: string | null, cursor: string | undefined, limit: number): Promise<FeedPage> {
    let list: RankedList;
    let offset: number;
    const at = this.decodeListCursor(cursor);
    if (at) {
      const found = await this.list(at.listId);
      // A list is kept six hours (LIST_KEEP_S); a session older than that starts again.
      // A reader pages their own lists or the shared one; a visitor only the shared one.
      if (!found || (found.userId !== '' && found.userId !== viewerId)) throw invalidCursor();
      list = found;
      offset = at.offset;
      if (offset >= list.ids.length) {
        const next = await this.continueList(list, viewerId);
        // Nothing left the session has not shown: the end.
        if (next === list) return { items: [], nextCursor: null };
        list = next;
      }
    } else {
      list = viewerId ? await this.freshList(viewerId) : await this.anonymousList();
      offset = 0;
    }
    const items: NoteCard[] = [];
    let i = offset;
    // A list may predate a "not interested" (and the shared one knows nothing of it): those stay out.
    const hidden = viewerId ? await this.hiddenOf(viewerId) : null;
    // The rules may drop a card (a block, a mute, a note gone since): read on until the page is full.
    for (let round = 0; round < 4 && items.length < limit && i < list.ids.length; round++) {
      const chunk = list.ids.slice(i, i + (limit - items.length));
      i += chunk.length;
      items.push(
        ...(await this.reader.cards(viewerId, hidden ? chunk.filter((id) => !hidden.has(id)) : chunk, 'discovery')).filter((card) => !card.viewer.isAuthor), // the shared list holds the reader's own notes too
      );
    }
    // At the end of a list the cursor still points past it: the next page continues with a new list.
    const more = i < list.ids.length || (list.ids.length > 0 && list.ids.length < MAX_SESSION);
    return { items, nextCursor: more ? encodeCursor([list.id, String(i)]) : null };
  }

  private decodeListCursor(cursor: string | undefined): { listId: string; offset: number } | null {
    if (cursor === undefined || cursor === '') return null;
    const text = Buffer.from(cursor, 'base64url').toString('utf8');
    if (encodeCursor([text]) !== cursor) throw invalidCursor();
    const m = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\|(\d{1,5})$/.exec(text);
    if (!m || Number(m[2]) > MAX_SESSION) throw invalidCursor();
    return { listId: m[1] as string, offset: Number(m[2]) };
  }

  private async list(id: string): Promise<RankedList | null> {
    const hit = this.lists.get(id);
    if (hit) return hit;
    const row = await this.store.list(id);
    if (!row) return null;
    const list = { id: row.id, userId: row.user_id, ids: JSON.parse(row.ids) as string[], createdS: row.created_s };
    this.lists.set(id, list);
    return list;
  }

  private async saveList(userId: string, ids: string[], started: boolean): Promise<RankedList> {
    const list = { id: newId(), userId, ids, createdS: this.nowS() };
    await this.store.putList({ id: list.id, user_id: userId, ids: JSON.stringify(ids), created_s: list.createdS, started: started ? 1 : 0 });
    this.lists.set(list.id, list);
    return list;
  }

  /**
   * A signed-in reader's new session: the list a job prepared for them after their last one; back
   * within minutes, the last session's list less what it showed; else — their first Explore, or
   * back after hours — one ranked now (tens of milliseconds). Then the next is prepared, a few
   * minutes later (fresher, and not at all for a reader who never comes back).
   */
  private async freshList(userId: string): Promise<RankedList> {
    const nowS = this.nowS();
    const row = await this.store.latestList(userId);
    let list: RankedList | null = null;
    if (row && row.started === 0 && row.created_s > nowS - PREPARED_FRESH_S && (await this.store.startList(row.id))) {
      list = { id: row.id, userId, ids: JSON.parse(row.ids) as string[], createdS: row.created_s };
      this.lists.set(list.id, list);
    } else if (row && row.started === 1 && row.created_s > nowS - RESUME_S) {
      // Back soon after: the rest of the last list (ranked minutes ago), less the cards it showed.
      const seen = await this.store.seenSince(userId, row.created_s - 1, 5_000);
      const last = JSON.parse(row.ids) as string[];
      const rest = last.filter((id) => !seen.has(id));
      if (rest.length >= Math.min(RESUME_MIN, last.length / 2)) list = await this.saveList(userId, rest, true);
    }
    if (!list) {
      // None fresh: rank theirs now. (Starting them on the shared list instead kept ranking off the request but cost
      // the first session after a gap its personalisation: NDCG@20 fell from 1.74x to 0.76x most-popular in the eval.)
      // Only a list a session was shown is the last session's: a prepared list no one opened is not.
      const previous = row && row.started === 1 ? new Set(JSON.parse(row.ids) as string[]) : undefined;
      list = await this.saveList(userId, await this.rankFor(userId, new Set(), previous), true);
    }
    await this.prepareNext(userId);
    return list;
  }

  /** Asks a job to rank the reader's next list in a few minutes (once at a time per process). */
  private async prepareNext(userId: string): Promise<void> {
    if (asked(this.preparing, userId, this.nowS(), PREPARE_DELAY_S)) return;
    try {
      await this.deps.jobs.enqueue('feed.prepare', { userId }, { runAt: new Date(this.now() + PREPARE_DELAY_S * 1000) });
    } catch (err) {
      this.preparing.delete(userId);
      throw err;
    }
  }

  /** The job: ranks the next list, leaving out what the current session's list holds. */
  async prepare(userId: string): Promise<void> {
    try {
      const latest = await this.store.latestList(userId);
      if (latest && latest.started === 0 && latest.created_s > this.nowS() - PREPARED_FRESH_S) return;
      // Only a list a session was shown is the last session's: a prepared list no one opened is not.
      const previous = latest && latest.started === 1 ? new Set(JSON.parse(latest.ids) as string[]) : undefined;
      await this.saveList(userId, await this.rankFor(userId, new Set(), previous), false);
    } finally {
      this.preparing.delete(userId);
    }
  }

  /** The list visitors share for a few minutes (made by whichever process needs it first). */
  private anonymousList(): Promise<RankedList> {
    const nowS = this.nowS();
    // Checked against the database at most every few seconds: another process may have made a newer one.
    if (this.anonymous && this.anonymous.checkedS > nowS - 5 && this.anonymous.list.createdS > nowS - ANON_LIST_S) return Promise.resolve(this.anonymous.list);
    if (!this.anonymousLoading) {
      this.anonymousLoading = (async () => {
        const row = await this.store.latestList('');
        const list = row && row.created_s > nowS - ANON_LIST_S ? await this.list(row.id) : null;
        const current = list ?? (await this.saveList('', await this.rankFor(null, new Set()), true));
        this.anonymous = { list: current, checkedS: nowS };
        return current;
      })().finally(() => {
        this.anonymousLoading = null;
      });
    }
    return this.anonymousLoading;
  }

  /** A session scrolled to the end of its list: a new list carries on, holding the old ids so none comes back. */
  private async continueList(list: RankedList, viewerId: string | null): Promise<RankedList> {
    if (list.ids.length >= MAX_SESSION) return list;
    const more = await this.rankFor(viewerId, new Set(list.ids));
    if (more.length === 0) return list;
    return this.saveList(list.userId, [...list.ids, ...more].slice(0, MAX_SESSION), true);
  }

  // ---- ranking

  /** Ranks a list for the reader (null: a visitor), leaving out `exclude` and putting `avoid` last. */
  async rankFor(viewerId: string | null, exclude: ReadonlySet<string>, avoid?: ReadonlySet<string>): Promise<string[]> {
    const nowS = this.nowS();
    const reader = viewerId ? await this.profile(viewerId, nowS) : anonymousProfile();
    const candidates = new Map<string, Candidate>();
    const add = (row: FeedNoteRow, source: Source, cf = 0) => {
      const c = candidates.get(row.note_id);
      if (c) {
        c.sources.add(source);
        c.cf += cf;
      } else candidates.set(row.note_id, { row, tags: [], sources: new Set([source]), cf });
    };
    const shared = await this.sharedCandidates();
    for (const r of shared.popular) add(r, 'popular');
    for (const r of shared.pool) add(r, 'pool');
    for (const r of viewerId ? shared.fresh.slice(0, 60) : shared.fresh) add(r, 'fresh');

    if (viewerId) {
      const sinceS = nowS - CANDIDATE_DAYS * 86_400;
      const tagAff = [...reader.affinity].filter(([k, w]) => k.startsWith('t:') && w > 0).sort((a, b) => b[1] - a[1]);
      const tags = [...new Set([...reader.topics, ...tagAff.slice(0, 8).map(([k]) => k.slice(2))])].slice(0, 12);
      const authorAff = [...reader.affinity].filter(([k, w]) => k.startsWith('a:') && w > 0).sort((a, b) => b[1] - a[1]);
      const authors = [...new Set([...reader.followees, ...authorAff.slice(0, 12).map(([k]) => k.slice(2))])];
      const neighbours = await this.store.neighbours(viewerId);
      const byTag = await this.hotByTags(tags);
      const engaged = await this.store.engagedBy(
        neighbours.map((n) => n.neighbour_id),
        sinceS,
        ENGAGED_EACH,
      );
      const nWeight = new Map(neighbours.map((n) => [n.neighbour_id, n.weight]));
      const cf = new Map<string, number>();
      for (const e of engaged) cf.set(e.note_id, (cf.get(e.note_id) ?? 0) + ((nWeight.get(e.user_id) ?? 0) * e.weight) / 4);
      const missing = [...new Set([...byTag, ...cf.keys()])].filter((id) => !candidates.has(id));
      const rows = await this.rowsOf(missing);
      for (const id of byTag) {
        const r = rows.get(id) ?? candidates.get(id)?.row;
        if (r) add(r, 'interest');
      }
      for (const [id, w] of cf) {
        const r = rows.get(id) ?? candidates.get(id)?.row;
        if (r) add(r, 'collaborative', w);
      }
      // The last three days first (prolific authors fill it), the whole window only when that is not enough.
      let byAuthors = await this.store.recentByAuthors(authors, nowS - 3 * 86_400, FOLLOWING_CANDIDATES);
      if (byAuthors.length < FOLLOWING_CANDIDATES) byAuthors = await this.store.recentByAuthors(authors, sinceS, FOLLOWING_CANDIDATES);
      for (const r of byAuthors) add(r, 'following');
    }

    for (const c of candidates.values()) c.tags = tagsOf(c.row);

    const hidden = viewerId ? await this.store.hidden(viewerId, 2_000) : new Set<string>();
    const seen =
      viewerId && this.deps.settings.seenDays > 0
        ? await this.store.seenSince(viewerId, nowS - this.deps.settings.seenDays * 86_400, 5_000)
        : new Set<string>();
    const usable = [...candidates.values()].filter(
      (c) =>
        !exclude.has(c.row.note_id) &&
        !hidden.has(c.row.note_id) &&
        c.row.author_id !== viewerId &&
        (c.row.visibility === 'public' || reader.followees.has(c.row.author_id)),
    );
    // What the reader's last session listed goes after everything new to them, and what they saw lately after that.
    const tier = (id: string) => (seen.has(id) ? 2 : avoid?.has(id) ? 1 : 0);
    const options = {
      ...DEFAULT_RANK,
      size: LIST_SIZE,
      nowS,
      bridgeShare: this.deps.settings.bridgeShare,
      random: seededRandom(Math.floor(this.now()) ^ hashOf(viewerId ?? '')),
    };
    // A small instance runs out of new notes: rather than an empty Explore, the others follow, in that order.
    const ids: string[] = [];
    for (const level of [0, 1, 2]) {
      if (ids.length >= LIST_SIZE) break;
      const group = usable.filter((c) => tier(c.row.note_id) === level);
      ids.push(...rank(group, reader, { ...options, size: LIST_SIZE - ids.length }));
    }
    return ids;
  }

  /** Popular notes, notes in their traffic pools and the newest, as this process read them last (a few seconds ago at most). */
  private sharedCandidates(): Promise<SharedCandidates> {
    const nowMs = this.now();
    const hit = this.shared;
    if (hit && fresh(hit.atMs, nowMs, SHARED_CANDIDATES_MS)) return Promise.resolve(hit);
    if (!this.sharedLoading) {
      this.sharedLoading = (async () => {
        const popular = await this.store.hotPublic(300);
        const pool = await this.store.openPools(200);
        const fresh = await this.store.newestPublic(150);
        this.shared = { atMs: nowMs, popular, pool, fresh };
        return this.shared;
      })().finally(() => {
        this.sharedLoading = null;
      });
    }
    return this.sharedLoading;
  }

  /** Candidates' rows by id: those read in the last ROW_MS from this process's cache, the rest in one read. */
  private async rowsOf(ids: readonly string[]): Promise<Map<string, FeedNoteRow>> {
    const nowMs = this.now();
    const out = new Map<string, FeedNoteRow>();
    const missing: string[] = [];
    for (const id of ids) {
      const hit = this.rowCache.get(id);
      if (hit && fresh(hit.atMs, nowMs, ROW_MS)) out.set(id, hit.row);
      else missing.push(id);
    }
    for (const row of await this.store.rows(missing)) {
      out.set(row.note_id, row);
      this.rowCache.set(row.note_id, { row, atMs: nowMs });
    }
    return out;
  }

  /** The hottest public notes of each tag, read at most every half minute per tag by this process. */
  private async hotByTags(tags: readonly string[]): Promise<string[]> {
    const nowMs = this.now();
    const out: string[] = [];
    for (const tag of tags) {
      let hit = this.tagCandidates.get(tag);
      if (!hit || !fresh(hit.atMs, nowMs, TAG_CANDIDATES_MS)) {
        hit = { ids: await this.store.hotByTags([tag], 30), atMs: nowMs };
        this.tagCandidates.set(tag, hit);
      }
      out.push(...hit.ids);
    }
    return out;
  }

  /** What is known of a reader: declared languages, decayed affinities, whom and which topics they follow. */
  async profile(userId: string, nowS: number): Promise<ReaderProfile> {
    const affinity = new Map<string, number>();
    for (const a of await this.store.affinities(userId, 150)) {
      affinity.set(affinityKey(a.kind, a.key), a.weight * 0.5 ** ((nowS - a.updated_s) / AFFINITY_HALF_LIFE_S));
    }
    return {
      userId,
      languages: await this.languagesOf(userId, nowS),
      affinity,
      followees: new Set(await this.store.followees(userId, 2_000)),
      topics: new Set(await this.store.followedTopics(userId, 50)),
    };
  }

  private async languagesOf(userId: string, nowS: number): Promise<Set<string>> {
    const hit = this.languageCache.get(userId);
    if (hit && hit.atS > nowS - 600) return hit.langs;
    const langs = new Set((await this.deps.languages(userId)).map(primaryLanguage));
    this.languageCache.set(userId, { langs, atS: nowS });
    return langs;
  }

  /** The notes a reader said they are not interested in (kept a minute in this process; its own changes at once). */
  private async hiddenOf(userId: string): Promise<Set<string>> {
    const nowS = this.nowS();
    const hit = this.hiddenCache.get(userId);
    if (hit && hit.atS > nowS - 60) return hit.ids;
    const ids = await this.store.hidden(userId, 5_000);
    this.hiddenCache.set(userId, { ids, atS: nowS });
    return ids;
  }

  /** Forgets a person's cached languages (they changed them). */
  forgetLanguages(userId: string): void {
    this.languageCache.delete(userId);
  }

  // ---- Following

  async following(viewerId: string, cursor: string | undefined, limit: number): Promise<FeedPage> {
    const at = decodeCursor(cursor, ['time', 'id']);
    const before = at ? { s: Date.parse(at[0] as string) / 1000, id: at[1] as string } : null;
    const rows = await this.followingRows(viewerId, before, limit + 1, this.nowS());
    return pageOf(
      rows,
      limit,
      (r) => [new Date(Math.round(r.created_s * 1000)).toISOString(), r.note_id],
      (page) =>
        this.reader.cards(
          viewerId,
          page.map((r) => r.note_id),
          'list',
        ),
    );
  }

  /** Following's skeleton: from the reader's inbox while it reaches, then (and without one) from the followed authors' notes. */
  private async followingRows(
    userId: string,
    before: { s: number; id: string } | null,
    n: number,
    nowS: number,
  ): Promise<Array<{ note_id: string; created_s: number }>> {
    const state = await this.inboxOf(userId, nowS);
    if (!state) return this.store.followingPage(userId, before, n, nowS);
    const pastInbox = before !== null && before.s <= state.from_s;
    const rows = pastInbox ? [] : await this.store.inboxPage(userId, state.from_s, before, n);
    if (rows.length >= n) return rows;
    // The inbox is complete after from_s only: what is older comes from the authors' notes ('z' sorts after every id).
    const older = pastInbox ? before : { s: state.from_s, id: 'z' };
    return [...rows, ...(await this.store.followingPage(userId, older, n - rows.length, nowS))];
  }

  /** The reader's inbox if it is kept up; none (and a job asked to build it) otherwise. Its read time is kept fresh. */
  private async inboxOf(userId: string, nowS: number): Promise<InboxState | null> {
    const hit = this.inboxStates.get(userId);
    let state: InboxState | null;
    if (hit && hit.atS > nowS - INBOX_STATE_S && hit.atS <= nowS) state = hit.state;
    else {
      state = await this.store.inboxState(userId);
      this.inboxStates.set(userId, { state, atS: nowS });
    }
    if (!state || state.read_s < nowS - INBOX.idleS) {
      await this.buildInboxLater(userId);
      return null;
    }
    if (state.read_s < nowS - INBOX_TOUCH_S) {
      await this.store.touchInbox(userId, nowS);
      state.read_s = nowS;
    }
    return state;
  }

  private async buildInboxLater(userId: string): Promise<void> {
    if (asked(this.inboxBuilding, userId, this.nowS(), INBOX.buildDelayS)) return;
    try {
      await this.deps.jobs.enqueue('feed.inbox', { userId }, { runAt: new Date(this.now() + INBOX.buildDelayS * 1000) });
    } catch (err) {
      this.inboxBuilding.delete(userId);
      throw err;
    }
  }

  /** The job: builds a reader's inbox from the last month of their followed authors' notes (unless one is kept up already). */
  async buildInbox(userId: string): Promise<void> {
    try {
      const nowS = this.nowS();
      const current = await this.store.inboxState(userId);
      if (current && current.read_s >= nowS - INBOX.idleS) return;
      await this.store.transaction((s) => s.startInbox(userId, nowS));
      const state = await this.store.transaction((s) => s.fillInbox(userId, nowS - INBOX.keepS, INBOX.build, nowS));
      this.inboxStates.set(userId, { state, atS: nowS });
    } finally {
      this.inboxBuilding.delete(userId);
    }
  }

  // ---- signals

  /** Cards seen and time on note pages: exposure for the pools, and what the reader leans towards. */
  async signals(
    viewerId: string | null,
    input: { impressions?: Array<{ noteId: string; ms: number }>; dwell?: Array<{ noteId: string; ms: number }> },
  ): Promise<void> {
    const nowS = this.nowS();
    const impressions = [...new Set((input.impressions ?? []).map((i) => i.noteId))];
    const dwell = new Map<string, number>();
    for (const d of input.dwell ?? []) dwell.set(d.noteId, Math.max(dwell.get(d.noteId) ?? 0, d.ms));
    await this.store.transaction(async (store) => {
      // A reader counts once per note while the impression log remembers them; a visitor each time.
      const already = viewerId ? await store.seenSince(viewerId, nowS - Math.max(this.deps.settings.seenDays, 1) * 86_400, 5_000) : new Set<string>();
      const fresh = impressions.filter((id) => !already.has(id));
      for (const id of fresh) await store.engage(id, { impressions: 1 });
      if (viewerId && impressions.length > 0) await store.markSeen(viewerId, impressions, nowS);
      for (const [id, ms] of dwell) {
        // Opening a card is a click-through; reading it a while is engagement.
        const known = await store.engage(id, { clicks: 1, engagement: 0.2 + (ms >= 10_000 ? 0.3 : 0) });
        if (!known || !viewerId || ms < 3_000) continue;
        const note = await store.note(id);
        if (!note || note.author_id === viewerId) continue;
        const w = Math.min(ms / 20_000, 2);
        await this.learn(store, viewerId, note, JSON.parse(note.tags) as string[], w, nowS);
        if (ms >= 15_000) await store.addEngaged(viewerId, id, w, nowS);
      }
    });
  }

  /** "Not interested": the note never comes back, and its tags and author weigh less. */
  async notInterested(viewerId: string, noteId: string): Promise<void> {
    const nowS = this.nowS();
    await this.store.transaction(async (store) => {
      if (!(await store.hide(viewerId, noteId))) return;
      this.hiddenCache.get(viewerId)?.ids.add(noteId);
      const note = await store.note(noteId);
      if (!note) return;
      await store.engage(noteId, { engagement: -2 });
      await this.learn(store, viewerId, note, JSON.parse(note.tags) as string[], -6, nowS);
    });
  }

  /** Moves a reader's affinities towards (or away from) a note's tags, author and language. */
  async learn(
    store: FeedStore,
    userId: string,
    note: Pick<FeedNoteRow, 'author_id' | 'lang'>,
    tags: readonly string[],
    w: number,
    nowS: number,
  ): Promise<void> {
    const perTag = w / Math.sqrt(Math.max(1, tags.length));
    const items: Array<{ kind: AffinityKind; key: string; delta: number }> = tags.map((t) => ({ kind: 't', key: t, delta: perTag }));
    items.push({ kind: 'a', key: note.author_id, delta: w });
    if (w > 0) items.push({ kind: 'l', key: primaryLanguage(note.lang), delta: w * 0.3 });
    await store.addAffinity(userId, items, nowS, AFFINITY_HALF_LIFE_S);
  }

  /** Taste neighbours: people who engaged with the same notes lately, the rarer the note the more it says. */
  async refreshNeighbours(userId: string): Promise<void> {
    const notes = await this.store.recentEngaged(userId, 40);
    const counts = await this.store.coEngagers(userId, notes, 50);
    const top = [...counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 30)
      .map(([id, weight]) => ({ id, weight }));
    await this.store.transaction((s) => s.setNeighbours(userId, top));
  }
}

function anonymousProfile(): ReaderProfile {
  return { userId: null, languages: new Set(), affinity: new Map(), followees: new Set(), topics: new Set() };
}

function hashOf(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
