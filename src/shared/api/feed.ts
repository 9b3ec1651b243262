// Discovery: the Explore and Following feeds, the signals readers send them, topic pages and
// trending. Schemas shared by the server (validation, serialisation, OpenAPI) and the web client.
import { type Static, Type } from 'typebox';
import { NoteCard } from './notes.ts';

/** A feed page: cards in the order to show them, and the cursor of the next page (null: no more). */
export const FeedPage = Type.Object({ items: Type.Array(NoteCard), nextCursor: Type.Union([Type.String(), Type.Null()]) });
export type FeedPage = Static<typeof FeedPage>;

export const FeedQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 200, pattern: '^[A-Za-z0-9_-]*$', description: 'the nextCursor of the previous page' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
  },
  { additionalProperties: false },
);
export type FeedQuery = Static<typeof FeedQuery>;

const NoteRef = Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' });
const Seen = Type.Object(
  {
    noteId: NoteRef,
    ms: Type.Integer({ minimum: 0, maximum: 3_600_000, description: 'how long, in milliseconds' }),
  },
  { additionalProperties: false },
);

/** What the client saw: cards on screen (≥ 50% visible for ≥ 1 s) and time spent on note pages, in batches. */
export const SignalsBody = Type.Object(
  {
    impressions: Type.Optional(Type.Array(Seen, { maxItems: 200, description: 'cards seen: at least half on screen for at least a second' })),
    dwell: Type.Optional(Type.Array(Seen, { maxItems: 50, description: 'time spent reading a note page' })),
  },
  { additionalProperties: false },
);
export type SignalsBody = Static<typeof SignalsBody>;

export const TOPIC_TAG_PATTERN = '^[^\\s#]{1,200}$';
export const TopicParams = Type.Object(
  { tag: Type.String({ minLength: 1, maxLength: 200, description: '1–50 letters, marks, digits or _ of any script, without the "#"' }) },
  { additionalProperties: false },
);
export type TopicParams = Static<typeof TopicParams>;

export const Topic = Type.Object(
  {
    /** normalised (NFKC, lower-case) */
    tag: Type.String(),
    /** views of the topic's notes */
    views: Type.Integer(),
    /** people who posted a note with the tag */
    participants: Type.Integer(),
    /** public notes carrying it */
    notes: Type.Integer(),
    /** does the reader follow this topic (false when signed out) */
    following: Type.Boolean(),
    /** topics in the other script that the dictionary says mean the same (#火锅 ↔ #hotpot) */
    related: Type.Array(Type.String()),
  },
  { $id: 'Topic' },
);
export type Topic = Static<typeof Topic>;

export const TopicNotesQuery = Type.Object(
  {
    sort: Type.Optional(Type.Union([Type.Literal('hot'), Type.Literal('new')], { default: 'hot' })),
    cursor: Type.Optional(Type.String({ maxLength: 200, pattern: '^[A-Za-z0-9_-]*$' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
  },
  { additionalProperties: false },
);
export type TopicNotesQuery = Static<typeof TopicNotesQuery>;

export const TrendingTopic = Type.Object({
  tag: Type.String(),
  /** uses (posts and engagements) in the last hour */
  lastHour: Type.Integer(),
  /** its usual hourly rate over the past week */
  baseline: Type.Number(),
  /** how far above its baseline it runs (higher: more surprising) */
  score: Type.Number(),
});
export type TrendingTopic = Static<typeof TrendingTopic>;

export const Trending = Type.Object({
  topics: Type.Array(TrendingTopic),
  /** when the list was computed (it is refreshed every minute) */
  computedAt: Type.Union([Type.String(), Type.Null()]),
});
export type Trending = Static<typeof Trending>;

export { NoteCard };
