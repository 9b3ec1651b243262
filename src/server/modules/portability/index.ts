// The portability module as the composition root wires it: TikTok imports, exports and the
// erasure of deleted accounts. It reads other modules only through what they hand it: their
// PersonalData (export and erase), and narrow service calls (people, boards, notes).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Config } from '../../config.ts';
import { type Db, scoped } from '../../platform/db/index.ts';
import type { EventBus } from '../../platform/events/index.ts';
import type { JobInfo, JobQueue } from '../../platform/jobs/types.ts';
import type { PersonalData } from '../../platform/personal-data.ts';
import type { RouteKit } from '../../platform/routes.ts';
import type { Storage } from '../../platform/storage/types.ts';
import { type DraftNotes, DraftsService, type FriendJoined } from './drafts.ts';
import { ErasureService } from './erasure.ts';
import { ExportsService } from './exports.ts';
import { type ImportBoards, type ImportPeople, ImportsService } from './imports.ts';
import { createPortabilityPersonalData } from './personal-data.ts';
import { portabilityRoutes } from './routes.ts';
import { PortabilityStore } from './store.ts';
import type { PortabilityTables } from './tables.ts';

declare module '../../platform/jobs/types.ts' {
  interface JobTypes {
    'portability.sweep': Record<string, never>;
  }
}

export interface PortabilityModuleDeps {
  db: Db;
  events: EventBus;
  jobs: JobQueue;
  storage: Storage;
  kit: RouteKit;
  config: Pick<Config, 'portability' | 'publicUrl' | 'dataDir'>;
  people: ImportPeople & { handleOf(userId: string): Promise<string>; pendingErasure(userId: string): Promise<string | null> };
  boards: ImportBoards;
  notes: DraftNotes;
  /** every other module's personal data (this module adds its own) */
  personalData: () => readonly PersonalData[];
  friendJoined?: FriendJoined;
  now?: () => number;
}

export interface PortabilityModule {
  imports: ImportsService;
  drafts: DraftsService;
  exports: ExportsService;
  erasure: ErasureService;
  personalData: PersonalData;
  /** every module's personal data, this one's included: what an export writes and an erasure erases */
  allPersonalData: () => readonly PersonalData[];
  routes: FastifyPluginAsyncTypebox;
}

/** On a job's last attempt, the failure is the person's to see. */
const lastAttempt = (job: JobInfo) => job.attempts >= job.maxAttempts;

export function createPortabilityModule(deps: PortabilityModuleDeps): PortabilityModule {
  const store = new PortabilityStore(scoped<PortabilityTables>(deps.db));
  const own = createPortabilityPersonalData(store, deps.storage);
  const all = () => [...deps.personalData(), own];
  const clock = deps.now ? { now: deps.now } : {};
  const imports = new ImportsService({
    store,
    storage: deps.storage,
    jobs: deps.jobs,
    config: deps.config,
    people: deps.people,
    boards: deps.boards,
    ...clock,
  });
  const drafts = new DraftsService(store, deps.notes, deps.people, deps.friendJoined ?? null);
  const exports = new ExportsService({
    store,
    storage: deps.storage,
    jobs: deps.jobs,
    config: deps.config,
    modules: all,
    handleOf: (id) => deps.people.handleOf(id),
    ...clock,
  });
  const erasure = new ErasureService({ jobs: deps.jobs, modules: all, pendingErasure: (id) => deps.people.pendingErasure(id), ...clock });

  deps.jobs.register('portability.apply-import', async ({ importId }, job) => {
    try {
      await imports.run(importId);
    } catch (err) {
      if (lastAttempt(job)) await imports.failed(importId, err instanceof Error ? err.message : String(err));
      throw err;
    }
  });
  deps.jobs.register('portability.export', async ({ exportId }, job) => {
    try {
      await exports.run(exportId);
    } catch (err) {
      if (lastAttempt(job)) await exports.failed(exportId, err instanceof Error ? err.message : String(err));
      throw err;
    }
  });
  // A done erasure job would keep the erased person's id in its payload for a week: it is deleted at once.
  deps.jobs.register('portability.erase', async ({ userId }) => void (await erasure.run(userId)), { keepDone: false });
  deps.jobs.register('portability.sweep', async () => {
    await imports.sweep();
    await exports.sweep();
  });
  deps.jobs.every('portability.sweep', 3_600_000, {});

  deps.events.on('account.deletion_requested', 'portability', async ({ userId, erasesAt }) => erasure.schedule(userId, erasesAt));
  deps.events.on('account.tiktok_declared', 'portability', async ({ userId, tiktokUsername }) => drafts.declared(userId, tiktokUsername));

  return {
    imports,
    drafts,
    exports,
    erasure,
    personalData: own,
    allPersonalData: all,
    routes: portabilityRoutes({ imports, drafts, exports, kit: deps.kit, maxUploadBytes: deps.config.portability.importMaxBytes }),
  };
}
