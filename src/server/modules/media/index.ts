// The media module's public face for the composition root:
//   const media = createMediaModule({ db, storage, queue, events, config });
//   await app.register(media.routes({ canView, kit }));
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Config } from '../../config.ts';
import { type Db, scoped } from '../../platform/db/index.ts';
import type { EventBus } from '../../platform/events/index.ts';
import type { JobQueue } from '../../platform/jobs/types.ts';
import type { PersonalData } from '../../platform/personal-data.ts';
import type { RouteKit } from '../../platform/routes.ts';
import type { Storage } from '../../platform/storage/types.ts';
import type { FfmpegTools } from './ffmpeg.ts';
import { registerMediaJobs } from './jobs.ts';
import { createMediaPersonalData } from './personal-data.ts';
import { mediaRoutes } from './routes.ts';
import { type CanView, type MediaLog, MediaService } from './service.ts';
import { MediaStore } from './store.ts';
import type { MediaTables } from './tables.ts';

export { archivePathOfView } from './archive.ts';
export { MediaView as MediaViewSchema } from './schemas.ts';
export { type CanView, MediaService, type MediaView, type ServedFile } from './service.ts';
export type { MediaKind, MediaPurpose, MediaRow, MediaStatus } from './tables.ts';

export interface MediaModuleDeps {
  db: Db;
  storage: Storage;
  queue: JobQueue;
  events: EventBus;
  config: Pick<Config, 'media'>;
  log?: MediaLog;
  /** Override the ffmpeg found from config (tests); null: refuse video. */
  ffmpeg?: FfmpegTools | null;
  tmpDir?: string;
}

export interface MediaModule {
  service: MediaService;
  /** The HTTP surface; who may see a note's media is the notes module's answer, given here. */
  routes(deps: { canView: CanView; kit: RouteKit }): FastifyPluginAsyncTypebox;
  /** the person's uploads: rows and files, exported and erased */
  personalData: PersonalData;
}

/** Builds the service and registers its job handlers on the queue; routes are registered by the caller. */
export function createMediaModule(deps: MediaModuleDeps): MediaModule {
  const store = new MediaStore(scoped<MediaTables>(deps.db));
  const service = new MediaService({
    store,
    storage: deps.storage,
    queue: deps.queue,
    events: deps.events,
    config: deps.config,
    ...(deps.log ? { log: deps.log } : {}),
    ...(deps.ffmpeg !== undefined ? { ffmpeg: deps.ffmpeg } : {}),
    ...(deps.tmpDir ? { tmpDir: deps.tmpDir } : {}),
  });
  registerMediaJobs(deps.queue, service);
  return {
    service,
    routes: ({ canView, kit }) => mediaRoutes({ media: service, canView, kit }),
    personalData: createMediaPersonalData({ store, storage: deps.storage }),
  };
}
