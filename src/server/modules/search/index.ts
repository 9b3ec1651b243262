// The search module as the composition root wires it: a bilingual search engine over notes, people
// and topics. It learns everything from domain events — the notes and accounts modules never call
// it — keeps its own index (FTS5 on SQLite, tsvector on PostgreSQL), and reads notes only through
// the shared read pipeline.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { NoteCard } from '../../../shared/api/notes.ts';
import type { SearchUser } from '../../../shared/api/search.ts';
import type { RateRule } from '../../config.ts';
import { type Db, scoped } from '../../platform/db/index.ts';
import type { EventBus } from '../../platform/events/index.ts';
import type { JobQueue } from '../../platform/jobs/types.ts';
import type { PersonalData } from '../../platform/personal-data.ts';
import type { RateLimiter } from '../../platform/ratelimit/index.ts';
import type { RouteKit } from '../../platform/routes.ts';
import type { TextTools } from '../language/service.ts';
import { Analyzer } from './analyze.ts';
import './events.ts';
import { type IndexSources, SearchIndexer } from './indexer.ts';
import { createSearchPersonalData } from './personal-data.ts';
import { type Asker, QueryPlanner } from './query.ts';
import { searchRoutes } from './routes.ts';
import { SearchService } from './service.ts';
import { SearchStore } from './store.ts';
import type { SearchTables } from './tables.ts';

export interface SearchModuleDeps {
  db: Db;
  events: EventBus;
  jobs: JobQueue;
  kit: RouteKit;
  limiter: RateLimiter;
  /** what the language module lends: cutting and folding, the dictionary both ways, English words */
  language: {
    textTools(): Promise<TextTools>;
    translationsOf(term: string): Promise<string[]>;
    englishVocabulary(): Promise<ReadonlyMap<string, number>>;
    wordsForPinyin(typed: string): Promise<string[]>;
  };
  sources: IndexSources;
  /** note cards through the read pipeline, as listed to the viewer */
  cards(viewerId: string | null, ids: readonly string[]): Promise<NoteCard[]>;
  /** people as the viewer may see them (blocked either way: left out) */
  people(viewerId: string | null, ids: readonly string[]): Promise<Map<string, Omit<SearchUser, 'followers'>>>;
  /** the configured translation provider for a query (absent: the gloss is all there is) */
  machine?(text: string, target: 'en' | 'zh', asker: Asker): Promise<string | null>;
  clock?: () => number;
}

export interface SearchModule {
  service: SearchService;
  indexer: SearchIndexer;
  routes: FastifyPluginAsyncTypebox;
  personalData: PersonalData;
  /** writes what is counted in memory (searches, history): on shutdown */
  close(): Promise<void>;
}

/** Searches and suggestion requests a person or an address may make a minute (typing asks often). */
const PER_ASKER: RateRule = { limit: 300, windowMs: 60_000 };

export function createSearchModule(deps: SearchModuleDeps): SearchModule {
  const store = new SearchStore(scoped<SearchTables>(deps.db), deps.db.kind);
  let analyzer: Promise<Analyzer> | null = null;
  const loadAnalyzer = () => {
    analyzer ??= Promise.all([deps.language.textTools(), deps.language.englishVocabulary()]).then(([tools, vocab]) => new Analyzer(tools, vocab));
    return analyzer;
  };
  let planner: Promise<QueryPlanner> | null = null;
  const loadPlanner = () => {
    planner ??= Promise.all([loadAnalyzer(), deps.language.englishVocabulary()]).then(
      ([a, vocabulary]) =>
        new QueryPlanner({
          analyzer: a,
          vocabulary,
          translations: (t) => deps.language.translationsOf(t),
          topicsByPinyin: async (key) => (await store.topicsByKey(key, 3, true)).map((t) => t.tag).filter((t) => /\p{Script=Han}/u.test(t)),
          wordsForPinyin: (key) => deps.language.wordsForPinyin(key),
          ...(deps.machine ? { machine: deps.machine } : {}),
        }),
    );
    return planner;
  };
  const indexer = new SearchIndexer(store, loadAnalyzer, deps.sources);
  const service = new SearchService({
    store,
    planner: loadPlanner,
    analyzer: loadAnalyzer,
    cards: deps.cards,
    people: deps.people,
    ...(deps.clock ? { clock: deps.clock } : {}),
  });

  const { events } = deps;
  for (const name of ['note.created', 'note.published', 'note.edited', 'note.visibility_changed', 'note.failed', 'note.deleted'] as const)
    events.on(name, 'search', async (p) => indexer.notes([p.noteId]));
  for (const name of ['note.liked', 'note.unliked', 'note.collected', 'note.uncollected', 'comment.created', 'comment.deleted'] as const)
    events.on(name, 'search', async (p) => indexer.counts(p.noteId));
  events.on('account.created', 'search', async (p) => indexer.people([p.userId]));
  events.on('account.changed', 'search', async (p) => indexer.people([p.userId]));
  // A person whose account is to be deleted leaves people search at once; logging in again brings them back.
  events.on('account.deletion_requested', 'search', async (p) => {
    await indexer.forgetPeople([p.userId]);
    service.dropCaches();
  });
  events.on('account.deletion_cancelled', 'search', async (p) => indexer.people([p.userId]));
  events.on('user.followed', 'search', async (p) => indexer.followers(p.followeeId));
  events.on('user.unfollowed', 'search', async (p) => indexer.followers(p.followeeId));

  deps.jobs.register('search.trending', () => service.refreshTrending(), { keepDone: false });
  deps.jobs.every('search.trending', 60_000, {});

  return {
    service,
    indexer,
    routes: searchRoutes({ search: service, kit: deps.kit, limiter: deps.limiter, perAsker: PER_ASKER }),
    personalData: createSearchPersonalData({
      db: scoped<SearchTables>(deps.db),
      indexer,
      flush: () => service.flush(),
      dropCaches: () => service.dropCaches(),
    }),
    close: () => service.flush(),
  };
}

export { SearchService } from './service.ts';
