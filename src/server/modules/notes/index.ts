// The notes module as the composition root wires it: `createNotesModule(deps)` gives the service
// (writes, and access checks for other modules), the shared read pipeline (`reader`) and the routes.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { MediaView } from '../../../shared/api/media.ts';
import type { Config } from '../../config.ts';
import type { CacheBus } from '../../platform/cache/index.ts';
import { type Db, scoped } from '../../platform/db/index.ts';
import type { EventBus } from '../../platform/events/index.ts';
import type { JobQueue } from '../../platform/jobs/types.ts';
import type { PersonalData } from '../../platform/personal-data.ts';
import type { ContentPolicy } from '../../platform/policy.ts';
import type { RouteKit } from '../../platform/routes.ts';
import type { AccountsService } from '../accounts/index.ts';
import { createNotesPersonalData } from './personal-data.ts';
import { Hydrator, type ModerationSource, type MutedWords, noModeration } from './read/hydrate.ts';
import { NotesReader } from './read/reader.ts';
import { notesRoutes } from './routes.ts';
import { type NotesMedia, NotesService } from './service.ts';
import { NotesStore } from './store.ts';
import type { NotesTables } from './tables.ts';
import { ViewCounter } from './views.ts';

export interface NotesModuleDeps {
  db: Db;
  events: EventBus;
  jobs: JobQueue;
  cache: CacheBus;
  kit: RouteKit;
  config: Pick<Config, 'notes' | 'cacheMaxEntries' | 'publicUrl'>;
  accounts: AccountsService;
  media: NotesMedia & { views(ids: readonly string[]): Promise<Map<string, MediaView>> };
  /** the per-instance secret for anonymous view counting */
  viewSalt: string;
  moderation?: ModerationSource;
  /** a reader's muted words and #topics (personal controls); none when not given */
  mutedWords?: (viewerId: string) => Promise<MutedWords | null>;
  /** the content policy every note is screened by (none: everything allowed) */
  policy?: ContentPolicy;
  log?: { warn(obj: object, msg?: string): void };
}

export interface NotesModule {
  service: NotesService;
  reader: NotesReader;
  routes: FastifyPluginAsyncTypebox;
  /** the person's notes, likes, collects and views: exported and erased */
  personalData: PersonalData;
  /** writes pending views; called on shutdown */
  close(): Promise<void>;
}

export function createNotesModule(deps: NotesModuleDeps): NotesModule {
  const db = scoped<NotesTables>(deps.db);
  const store = new NotesStore(db);
  const hydrator = new Hydrator(
    {
      store,
      mediaViews: (ids) => deps.media.views(ids),
      people: (ids) => deps.accounts.summaries(ids),
      relations: (viewerId, others) => deps.accounts.relations(viewerId, others),
      moderation: deps.moderation ?? noModeration,
      mutedWords: deps.mutedWords ?? (async () => null),
    },
    deps.cache,
    deps.config.cacheMaxEntries,
  );
  const reader = new NotesReader(hydrator);
  const views = new ViewCounter(
    async (rows) => {
      // Topic view counts (discovery) learn of new views from the event, written with them.
      await deps.events.transaction(db, async (tx) => {
        const gained = await new NotesStore(tx.db).addViews(rows);
        if (gained.size > 0) await tx.emit('note.viewed', { views: [...gained].map(([noteId, count]) => ({ noteId, count })) });
      });
      const moved = [...new Set(rows.map((r) => r.note_id))];
      for (const id of moved) hydrator.counts.forget(id);
      return moved;
    },
    { salt: deps.viewSalt, ...(deps.log ? { log: deps.log } : {}) },
  );
  const service = new NotesService({
    db,
    events: deps.events,
    reader,
    hydrator,
    views,
    accounts: deps.accounts,
    media: deps.media,
    limits: deps.config.notes,
    ...(deps.policy ? { policy: deps.policy } : {}),
  });

  // Every process drops its copy of a note whose text, visibility or status changed, or that went.
  const invalidate = async (p: { noteId: string; version: number }) => hydrator.cores.invalidate(p.noteId, p.version);
  deps.events.on('note.edited', 'notes.cache', invalidate);
  deps.events.on('note.visibility_changed', 'notes.cache', invalidate);
  deps.events.on('note.deleted', 'notes.cache', invalidate);
  deps.events.on('note.published', 'notes.cache', invalidate);
  deps.events.on('note.failed', 'notes.cache', invalidate);
  // …and its copy of whether someone liked or collected a note, when they do or undo it.
  const mark = async (p: { noteId: string; userId: string }) => hydrator.markChanged(p.userId, p.noteId);
  deps.events.on('note.liked', 'notes.marks', mark);
  deps.events.on('note.unliked', 'notes.marks', mark);
  deps.events.on('note.collected', 'notes.marks', mark);
  deps.events.on('note.uncollected', 'notes.marks', mark);
  // A video note goes live, or is marked failed, when media says so.
  deps.events.on('media.ready', 'notes', async ({ attachedTo }) => {
    if (attachedTo) await service.mediaReady(attachedTo);
  });
  deps.events.on('media.failed', 'notes', async ({ attachedTo }) => {
    if (attachedTo) await service.mediaFailed(attachedTo);
  });

  // A view counts once per viewer per day: who viewed what is only needed for today (and yesterday, around midnight).
  deps.jobs.register('notes.purge-views', async () => {
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await store.purgeViewsBefore(yesterday);
  });
  deps.jobs.every('notes.purge-views', 3_600_000, {});

  const personalData = createNotesPersonalData({
    db,
    hydrator,
    mediaViews: (ids) => deps.media.views(ids),
    handleOf: async (userId) => (await deps.accounts.me(userId).catch(() => null))?.handle ?? null,
    publicUrl: deps.config.publicUrl,
  });

  return { service, reader, routes: notesRoutes(service, deps.kit), personalData, close: () => views.flush() };
}

export type { ModerationSource, ModerationState, MutedWords } from './read/hydrate.ts';
export type { NoteAccess } from './read/reader.ts';
export { NotesReader } from './read/reader.ts';
export type { NoteAction } from './service.ts';
export { NotesService } from './service.ts';
export type { Viewer } from './views.ts';
