// The moderation module as the composition root wires it: reports, the queue and its actions, the
// audit log, the content policy every writing module asks (word lists, waves, probation,
// suspensions), note states for the shared read rules, and the image check in the job queue.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { PersonRef, ReportTargetType } from '../../../shared/api/moderation.ts';
import type { Config } from '../../config.ts';
import type { CacheBus } from '../../platform/cache/index.ts';
import { type Db, scoped } from '../../platform/db/index.ts';
import type { EventBus } from '../../platform/events/index.ts';
import type { DbJobQueue } from '../../platform/jobs/queue.ts';
import type { PersonalData } from '../../platform/personal-data.ts';
import type { RateLimiter } from '../../platform/ratelimit/index.ts';
import type { RouteKit } from '../../platform/routes.ts';
import type { Standing } from '../accounts/index.ts';
import { filterRoutes } from './filters/routes.ts';
import { FilterService } from './filters/service.ts';
import type { ReadImage } from './images/service.ts';
import { ImageSafety, type ImageScored } from './images/service.ts';
import { createModerationPersonalData } from './personal-data.ts';
import type { PersonalTables } from './personal-store.ts';
import { CasePresenter, type ContentSource } from './present.ts';
import { moderationRoutes } from './routes.ts';
import { SafetyScreen } from './screen.ts';
import { ModerationService, type ModerationTargets } from './service.ts';
import { ModerationStates } from './states.ts';
import { ModerationStore } from './store.ts';
import type { ModerationTables } from './tables.ts';

export interface ModerationModuleDeps {
  db: Db;
  events: EventBus;
  cache: CacheBus;
  jobs: DbJobQueue;
  kit: RouteKit;
  config: Pick<Config, 'safety' | 'cacheMaxEntries'>;
  /** counts repeated texts across processes; independent of RATE_LIMITS */
  counter: RateLimiter;
  standing: { get(userId: string): Promise<Standing | null>; restrict(userId: string, r: { suspendedUntil?: string | null; banned?: boolean }): Promise<void> };
  /** lazily: the owning modules are built after this one */
  targets: () => ModerationReach;
  people(ids: readonly string[]): Promise<Map<string, PersonRef>>;
  history(userId: string): Promise<{ handle: string; role: string; createdAt: string; suspendedUntil: string | null; banned: boolean } | null>;
  idByHandle(handle: string): Promise<string>;
  uiLanguage(userId: string): Promise<'en' | 'zh'>;
  probationPeople(
    ids: readonly string[],
  ): Promise<Map<string, { handle: string; displayName: string; avatar: { url: string; placeholder?: string } | null; createdAt: string }>>;
  translate?: (text: string, lang: string, target: 'en' | 'zh') => Promise<string | null>;
  readImage: ReadImage;
  /** where a media item is attached now ('<noteId>', 'message:<id>', …; null: not yet) */
  attachedTo(mediaId: string): Promise<string | null>;
  log: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void; error(obj: object, msg?: string): void };
  now?: () => number;
}

/** What moderation reaches of the things people report, through the owning modules' services. */
export type ModerationReach = ModerationTargets & {
  content: ContentSource;
  /** a note's author and pictures (for the image check), null when gone */
  noteMedia(noteId: string): Promise<{ authorId: string; mediaIds: string[] } | null>;
};

export interface ModerationModule {
  service: ModerationService;
  screen: SafetyScreen;
  states: ModerationStates;
  filters: FilterService;
  images: ImageSafety;
  routes: FastifyPluginAsyncTypebox;
  personalData: PersonalData;
  /** compiles the word lists (so no request pays for it) */
  ready(): Promise<void>;
}

export function createModerationModule(deps: ModerationModuleDeps): ModerationModule {
  const db = scoped<ModerationTables>(deps.db);
  const store = new ModerationStore(db);
  const states = new ModerationStates(db, deps.cache, deps.config.cacheMaxEntries);
  const targets: ModerationTargets = {
    visibleTo: (viewerId, type, id) => deps.targets().visibleTo(viewerId, type, id),
    remove: (type, id) => deps.targets().remove(type, id),
  };
  const service = new ModerationService(store, deps.events, states, targets, deps.standing, deps.now);
  const filters = new FilterService({ db: deps.db, cache: deps.cache, audit: (e) => service.record(e) });
  const safety = deps.config.safety;

  /** A flagged image marks its note sensitive or holds it, and opens a case for a moderator. */
  const imageFlagged = async (noteId: string, authorId: string, flags: string[]) => {
    await service.markNote(noteId, authorId, safety.imageAction === 'hold' ? { held: true } : { sensitive: true });
    await service.flag({ type: 'note', id: noteId, ownerId: authorId }, 'image', flags);
  };
  const images = new ImageSafety({
    db: deps.db,
    jobs: deps.jobs,
    readImage: deps.readImage,
    settings: { enabled: safety.imageCheck, threshold: safety.imageThreshold },
    log: deps.log,
    onScored: async (r: ImageScored) => {
      if (!r.flagged) return;
      const flag = `image:${r.score.toFixed(2)}`;
      // Where it is now: the note may have been posted while the picture was being checked.
      const at = await deps.attachedTo(r.mediaId);
      if (at === null) return; // not in a note yet: the note's own check below finds the score
      if (!at.includes(':')) await imageFlagged(at, r.ownerId, [flag]);
      else if (at.startsWith('message:')) await service.flag({ type: 'message', id: at.slice('message:'.length), ownerId: r.ownerId }, 'image', [flag]);
      else await service.flag({ type: 'user', id: r.ownerId, ownerId: r.ownerId }, 'image', [flag]);
    },
  });
  // Every upload is checked in the job queue, never in the request (a video by its poster frame).
  deps.events.on('media.stored', 'moderation.images', async (p) => images.enqueue(p.mediaId));
  // A note whose pictures were checked before it was posted: their verdict reaches it now.
  const noteImages = async (p: { noteId: string }) => {
    const n = await deps.targets().noteMedia(p.noteId);
    if (!n || n.mediaIds.length === 0) return;
    const flagged = [...(await images.scores(n.mediaIds)).values()].filter((s) => s.flagged);
    if (flagged.length > 0)
      await imageFlagged(
        p.noteId,
        n.authorId,
        flagged.map((s) => `image:${s.score.toFixed(2)}`),
      );
  };
  deps.events.on('note.created', 'moderation.images', noteImages);
  deps.events.on('note.published', 'moderation.images', noteImages);

  const screen = new SafetyScreen({
    settings: safety,
    standing: (userId) => deps.standing.get(userId),
    approved: (userId) => service.isApproved(userId),
    filters: safety.filters ? filters : null,
    images: {
      hashes: async (ids) => {
        const out = new Map<string, string>();
        for (const [id, s] of await images.scores(ids)) if (s.dhash) out.set(id, s.dhash);
        return out;
      },
      countSimilar: (h, since) => images.countSimilar(h, since),
    },
    counter: deps.counter,
    markNote: (noteId, authorId, mark) => service.markNote(noteId, authorId, mark),
    openCase: async (target, source, flags) => {
      const type: ReportTargetType = target.type === 'bio' || target.type === 'display_name' || target.type === 'board_name' ? 'user' : target.type;
      await service.flag({ type, id: type === 'user' ? target.authorId : target.id, ownerId: target.authorId }, source, flags);
    },
    ...(deps.now ? { now: deps.now } : {}),
  });

  const present = new CasePresenter({
    store,
    people: deps.people,
    content: (type, id) => deps.targets().content(type, id),
    noteStates: (ids) => states.states(ids),
    history: deps.history,
    ...(deps.translate ? { translate: deps.translate } : {}),
  });
  const routes = moderationRoutes({
    service,
    present,
    kit: deps.kit,
    idByHandle: deps.idByHandle,
    uiLanguage: deps.uiLanguage,
    probationPeople: deps.probationPeople,
  });
  const filterApi = filterRoutes(filters, deps.kit);
  return {
    service,
    screen,
    states,
    filters,
    images,
    routes: async (app) => {
      await app.register(routes);
      await app.register(filterApi);
    },
    ready: () => filters.ready(),
    personalData: createModerationPersonalData({ db: scoped<PersonalTables>(deps.db), noteChanged: (id) => states.changed(id) }),
  };
}

export type { ModerationTargets } from './service.ts';
