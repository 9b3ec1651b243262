// The rooms module as the composition root sees it: one call builds the service, its per-tick
// outbox and live member counts, declares the `room:<id>` topic and its frames, schedules the
// retention clean-up and gives the routes.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Config } from '../../config.ts';
import { type Db, scoped } from '../../platform/db/index.ts';
import type { JobQueue } from '../../platform/jobs/types.ts';
import type { PersonalData } from '../../platform/personal-data.ts';
import { allowAll, type ContentPolicy } from '../../platform/policy.ts';
import type { PubSub } from '../../platform/pubsub/types.ts';
import type { RateLimiter } from '../../platform/ratelimit/index.ts';
import type { Gateway } from '../../platform/realtime/gateway.ts';
import type { RouteKit } from '../../platform/routes.ts';
import { type OutboxLog, RoomOutbox } from './outbox.ts';
import { createRoomsPersonalData } from './personal-data.ts';
import { RoomPresence } from './presence.ts';
import type { AuthorsFn } from './present.ts';
import { roomsRoutes } from './routes.ts';
import { RoomsService } from './service.ts';
import { RoomsStore } from './store.ts';
import { wireRoomStream } from './stream.ts';
import type { RoomsTables } from './tables.ts';

declare module '../../platform/jobs/types.ts' {
  interface JobTypes {
    'rooms.purge': Record<string, never>;
  }
}

export interface RoomsModuleDeps {
  db: Db;
  jobs: JobQueue;
  gateway: Gateway;
  pubsub: PubSub;
  limiter: RateLimiter;
  kit: RouteKit;
  settings: Config['rooms'];
  authors: AuthorsFn;
  isAdmin(userId: string): Promise<boolean>;
  /** the content policy every message is screened by (none: everything allowed) */
  policy?: ContentPolicy;
  idByHandle(handle: string): Promise<string>;
  log?: OutboxLog;
  now?: () => number;
}

export interface RoomsModule {
  service: RoomsService;
  routes: FastifyPluginAsyncTypebox;
  personalData: PersonalData;
  /** Starts the live member counts (subscribes to the other processes' reports). */
  start(): Promise<void>;
  /** Sends what waits in the outbox and stops reporting presence. */
  close(): Promise<void>;
}

/** How often retention runs: often enough that the window is kept within a few minutes. */
const PURGE_EVERY_MS = 10 * 60_000;
/** How long a process gathers the batches other processes published on the same tick. */
const COALESCE_MS = 40;

export function createRoomsModule(deps: RoomsModuleDeps): RoomsModule {
  const s = deps.settings;
  const db = scoped<RoomsTables>(deps.db);
  const presence = new RoomPresence(deps.pubsub, deps.gateway, s.presenceMs, deps.now);
  const outbox = new RoomOutbox(
    (roomId, frame) => deps.gateway.publish(`room:${roomId}`, frame),
    s.tickMs,
    deps.log,
    (roomId) => presence.total(roomId),
  );
  const service = new RoomsService(
    {
      store: new RoomsStore(db),
      outbox,
      liveMembers: (roomId) => presence.total(roomId),
      publish: (roomId, frame) => deps.gateway.publish(`room:${roomId}`, frame),
      limiter: deps.limiter,
      authors: deps.authors,
      isAdmin: deps.isAdmin,
      idByHandle: deps.idByHandle,
      policy: deps.policy ?? allowAll,
    },
    {
      recentMessages: s.recentMessages,
      retentionHours: s.retentionHours,
      retentionMessages: s.retentionMessages,
      sendPerUser: s.sendPerUser,
      sendPerRoom: s.sendPerRoom,
      ...(deps.now ? { now: deps.now } : {}),
    },
  );
  // Scaled: every process flushes a room on the same clock ticks; gathering for a few milliseconds
  // makes their batches one frame per member.
  wireRoomStream(deps.gateway, service, deps.pubsub.kind === 'redis' ? COALESCE_MS : null);
  deps.jobs.register('rooms.purge', async () => void (await service.purge()), { keepDone: false });
  deps.jobs.every('rooms.purge', PURGE_EVERY_MS, {});
  return {
    service,
    routes: roomsRoutes(service, deps.kit),
    personalData: createRoomsPersonalData({ db, ...(deps.now ? { now: deps.now } : {}) }),
    start: () => presence.start(),
    close: async () => {
      await outbox.close();
      await presence.stop();
    },
  };
}

export { RoomsService } from './service.ts';
