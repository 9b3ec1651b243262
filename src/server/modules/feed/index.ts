// The feed module (discovery) as the composition root wires it: Explore and Following, signals,
// topics and trending. It learns everything from domain events — the notes module never calls it —
// and reads notes only through the shared read pipeline.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Config, RateRule } from '../../config.ts';
import type { CacheBus } from '../../platform/cache/index.ts';
import { type Db, scoped } from '../../platform/db/index.ts';
import type { EventBus } from '../../platform/events/index.ts';
import type { JobQueue } from '../../platform/jobs/types.ts';
import type { PersonalData } from '../../platform/personal-data.ts';
import type { RateLimiter } from '../../platform/ratelimit/index.ts';
import type { RouteKit } from '../../platform/routes.ts';
import './events.ts';
import { FeedLearner, type NoteSource } from './learn.ts';
import { createFeedPersonalData } from './personal-data.ts';
import { feedRoutes } from './routes.ts';
import { type FeedReader, FeedService, INBOX } from './service.ts';
import { FeedStore } from './store.ts';
import type { FeedTables } from './tables.ts';
import { TopicsService } from './topics.ts';

export interface FeedModuleDeps {
  db: Db;
  events: EventBus;
  /** the read caches' invalidations: visitors' shared pages go when a note or a person changes */
  cache?: CacheBus;
  jobs: JobQueue;
  kit: RouteKit;
  limiter: RateLimiter;
  config: Pick<Config, 'feed' | 'cacheMaxEntries'>;
  reader: FeedReader;
  /** a note as its author sees it, from the read pipeline (null when gone) */
  note: NoteSource;
  canSee(viewerId: string, noteId: string): Promise<boolean>;
  languages(userId: string): Promise<string[]>;
  /** hashtags in the other script that mean the same (#火锅 ↔ #hotpot), from the language module */
  relatedTags?: (tag: string) => string[] | Promise<string[]>;
  /** milliseconds since the epoch; the offline evaluation replays days through its own */
  clock?: () => number;
}

export interface FeedModule {
  service: FeedService;
  topics: TopicsService;
  learner: FeedLearner;
  routes: FastifyPluginAsyncTypebox;
  personalData: PersonalData;
}

const ANONYMOUS_SIGNALS: RateRule = { limit: 120, windowMs: 60_000 };

export function createFeedModule(deps: FeedModuleDeps): FeedModule {
  const db = scoped<FeedTables>(deps.db);
  const store = new FeedStore(db);
  const clock = deps.clock ?? Date.now;
  const service = new FeedService({
    store,
    reader: deps.reader,
    jobs: deps.jobs,
    languages: deps.languages,
    settings: deps.config.feed,
    cacheMaxEntries: deps.config.cacheMaxEntries,
    clock,
  });
  const topics = new TopicsService(store, deps.reader, clock, deps.relatedTags);
  // Taste neighbours move with what a reader engages with; one recomputation a minute is plenty.
  const lastNeighbours = new Map<string, number>();
  const neighbours = async (userId: string) => {
    const now = clock();
    if ((lastNeighbours.get(userId) ?? 0) > now - 60_000) return;
    if (lastNeighbours.size > 100_000) lastNeighbours.clear();
    lastNeighbours.set(userId, now);
    await deps.jobs.enqueue('feed.neighbours', { userId });
  };
  const learner = new FeedLearner(store, service, deps.note, deps.config.feed.poolSizes, clock, neighbours);

  const { events } = deps;
  events.on('note.created', 'feed', async (p) => learner.index(p.authorId, p.noteId, { newlyPosted: true }));
  events.on('note.published', 'feed', async (p) => learner.index(p.authorId, p.noteId, { newlyPosted: true }));
  events.on('note.edited', 'feed', async (p) => learner.index(p.authorId, p.noteId, { newlyPosted: false }));
  events.on('note.visibility_changed', 'feed', async (p) => learner.index(p.authorId, p.noteId, { newlyPosted: false }));
  events.on('note.failed', 'feed', async (p) => learner.drop(p.noteId));
  events.on('note.deleted', 'feed', async (p) => learner.drop(p.noteId));
  events.on('note.liked', 'feed', async (p) => learner.act('like', p.userId, p.noteId));
  events.on('note.unliked', 'feed', async (p) => learner.act('like', p.userId, p.noteId, true));
  events.on('note.collected', 'feed', async (p) => learner.act('collect', p.userId, p.noteId));
  events.on('note.uncollected', 'feed', async (p) => learner.act('collect', p.userId, p.noteId, true));
  events.on('comment.created', 'feed', async (p) => learner.act('comment', p.authorId, p.noteId));
  events.on('comment.deleted', 'feed', async (p) => learner.act('comment', p.authorId, p.noteId, true));
  events.on('user.followed', 'feed', async (p) => learner.follow(p.followerId, p.followeeId, true));
  events.on('user.unfollowed', 'feed', async (p) => learner.follow(p.followerId, p.followeeId, false));
  events.on('account.changed', 'feed', async (p) => service.forgetLanguages(p.userId));
  events.on('note.viewed', 'feed', async (p) => learner.viewed(p.views));

  // Counts need no watching: a page lives a second, as long as counts may lag.
  for (const name of ['notes', 'people']) deps.cache?.watch(name, () => service.visitorPagesChanged());

  deps.jobs.register('feed.prepare', ({ userId }) => service.prepare(userId), { keepDone: false });
  deps.jobs.register('feed.inbox', ({ userId }) => service.buildInbox(userId), { keepDone: false });
  deps.jobs.register('feed.neighbours', ({ userId }) => service.refreshNeighbours(userId), { keepDone: false });
  deps.jobs.register('feed.pools', async () => void (await learner.judgePools()));
  deps.jobs.register('feed.trending', () => topics.refreshTrending());
  deps.jobs.register('feed.purge', () => store.purge(clock() / 1000, deps.config.feed.seenDays, INBOX));
  deps.jobs.every('feed.pools', 60_000, {});
  deps.jobs.every('feed.trending', 60_000, {});
  deps.jobs.every('feed.purge', 3_600_000, {});

  return {
    service,
    topics,
    learner,
    personalData: createFeedPersonalData({
      db,
      store,
      forget: (userId) => {
        service.forgetLanguages(userId);
        service.visitorPagesChanged();
      },
    }),
    routes: feedRoutes({ feed: service, topics, kit: deps.kit, limiter: deps.limiter, anonymousSignals: ANONYMOUS_SIGNALS, canSee: deps.canSee }),
  };
}

export { FeedService } from './service.ts';
export { TopicsService } from './topics.ts';
