// Search: one box for notes, people and topics, in Chinese, English and across the two; suggestions
// as you type, a per-person history and trending searches. Schemas shared by the server
// (validation, serialisation, OpenAPI) and the web client.
import { type Static, type TSchemaOptions, Type } from 'typebox';
import { UserSummary } from './accounts.ts';
import { NoteCard } from './notes.ts';

/** A query's length cap (characters, after trimming); longer is a 400. */
export const SEARCH_QUERY_MAX = 200;

const Cursor = Type.String({ maxLength: 400, pattern: '^[A-Za-z0-9_-]*$', description: 'the nextCursor of the previous page' });

const searchTypes = (opts: TSchemaOptions = {}) => Type.Union([Type.Literal('notes'), Type.Literal('users'), Type.Literal('topics')], opts);
export const SearchType = searchTypes();
export type SearchType = Static<typeof SearchType>;
const searchSorts = (opts: TSchemaOptions = {}) => Type.Union([Type.Literal('relevance'), Type.Literal('new'), Type.Literal('likes')], opts);
export const SearchSort = searchSorts();
export type SearchSort = Static<typeof SearchSort>;
const searchMedia = (opts: TSchemaOptions = {}) => Type.Union([Type.Literal('photo'), Type.Literal('video')], opts);
export const SearchMedia = searchMedia();
export type SearchMedia = Static<typeof SearchMedia>;
const searchTimes = (opts: TSchemaOptions = {}) => Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month'), Type.Literal('year')], opts);
export const SearchTime = searchTimes();
export type SearchTime = Static<typeof SearchTime>;

export const SearchQuery = Type.Object(
  {
    q: Type.String({
      maxLength: 2 * SEARCH_QUERY_MAX,
      description: `what to look for: words in any script, #tags, pinyin (at most ${SEARCH_QUERY_MAX} characters after trimming)`,
    }),
    type: Type.Optional(searchTypes({ default: 'notes' })),
    sort: Type.Optional(searchSorts({ default: 'relevance', description: 'notes only: relevance (text, engagement, freshness), newest or most liked' })),
    media: Type.Optional(searchMedia({ description: 'notes only: photo notes or video notes' })),
    lang: Type.Optional(Type.String({ pattern: '^(en|zh)$', description: 'notes only: notes in this language (en or zh)' })),
    time: Type.Optional(searchTimes({ description: 'notes only: posted within the last day, week, month or year' })),
    cursor: Type.Optional(Cursor),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
  },
  { additionalProperties: false },
);
export type SearchQuery = Static<typeof SearchQuery>;

/** A word the query was widened with, and the query word it came from (hotpot ← 火锅). */
export const Expansion = Type.Object({
  term: Type.String(),
  from: Type.String(),
  /** dictionary: CC-CEDICT; translation: the configured provider; script: traditional → simplified; pinyin: a topic it reads as; spelling: a likely typo's fix */
  via: Type.Union([Type.Literal('dictionary'), Type.Literal('translation'), Type.Literal('script'), Type.Literal('pinyin'), Type.Literal('spelling')]),
});
export type Expansion = Static<typeof Expansion>;

export const SearchTopic = Type.Object({
  tag: Type.String(),
  /** public notes carrying it */
  notes: Type.Integer(),
});
export type SearchTopic = Static<typeof SearchTopic>;

export const SearchUser = Type.Object({ ...UserSummary.properties, followers: Type.Integer() });
export type SearchUser = Static<typeof SearchUser>;

/**
 * One result: `note`, `user` or `topic` as the search's type says, and the words that matched it —
 * as they are written in the result (so the client can highlight them), query words and expansions alike.
 */
export const SearchHit = Type.Object({
  note: Type.Optional(NoteCard),
  user: Type.Optional(SearchUser),
  topic: Type.Optional(SearchTopic),
  matched: Type.Array(Type.String()),
});
export type SearchHit = Static<typeof SearchHit>;

export const SearchResult = Type.Object({
  type: SearchType,
  items: Type.Array(SearchHit),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  /** the words the query was widened with ("also showing results for 火锅") */
  expansions: Type.Array(Expansion),
  /** related searches (first page only; empty on later pages) */
  related: Type.Array(Type.String()),
});
export type SearchResult = Static<typeof SearchResult>;

export const SuggestQuery = Type.Object(
  { q: Type.String({ maxLength: 2 * SEARCH_QUERY_MAX, description: 'what has been typed so far' }) },
  { additionalProperties: false },
);
export type SuggestQuery = Static<typeof SuggestQuery>;

/** Suggestions as you type: topics and people (by prefix, script or pinyin: huoguo, hg → 火锅) and popular queries. */
export const Suggestions = Type.Object({
  topics: Type.Array(SearchTopic),
  users: Type.Array(SearchUser),
  queries: Type.Array(Type.String()),
});
export type Suggestions = Static<typeof Suggestions>;

export const SearchHistoryEntry = Type.Object({ q: Type.String(), at: Type.String() });
export const SearchHistory = Type.Object({ items: Type.Array(SearchHistoryEntry) });
export type SearchHistory = Static<typeof SearchHistory>;
export const SearchHistoryDeleteQuery = Type.Object(
  { q: Type.Optional(Type.String({ maxLength: 2 * SEARCH_QUERY_MAX, description: 'forget this one search (else the whole history)' })) },
  { additionalProperties: false },
);
export type SearchHistoryDeleteQuery = Static<typeof SearchHistoryDeleteQuery>;

export const TrendingQuery = Type.Object({
  q: Type.String(),
  /** searches for it in the last hour */
  lastHour: Type.Integer(),
  /** how far above its usual rate */
  score: Type.Number(),
});
export const TrendingSearches = Type.Object({ queries: Type.Array(TrendingQuery) });
export type TrendingSearches = Static<typeof TrendingSearches>;
