// The media module's public face for the composition root:
//   const media = createMediaModule({ db, storage, queue, config, limiter, canView });
//   await app.register(media.routes, media.routeOptions);
import type { Config } from '../../config.ts';
import { type Db, scoped } from '../../platform/db/index.ts';
import type { JobQueue } from '../../platform/jobs/types.ts';
import type { RateLimiter } from '../../platform/ratelimit/index.ts';
import type { Storage } from '../../platform/storage/types.ts';
import type { FfmpegTools } from './ffmpeg.ts';
import { registerMediaJobs } from './jobs.ts';
import { type MediaRouteDeps, mediaRoutes } from './routes.ts';
import { type CanView, type MediaLog, MediaService } from './service.ts';
import { MediaStore } from './store.ts';
import type { MediaTables } from './tables.ts';

export { registerMediaJobs } from './jobs.ts';
export { type MediaRouteDeps, mediaRoutes } from './routes.ts';
export { MediaView as MediaViewSchema } from './schemas.ts';
export { type CanView, MediaService, type MediaView, type ReadyListener, type ServedFile } from './service.ts';
export type { MediaKind, MediaPurpose, MediaRow, MediaStatus } from './tables.ts';

export interface MediaModuleDeps {
  db: Db;
  storage: Storage;
  queue: JobQueue;
  config: Pick<Config, 'media' | 'rateLimits'>;
  limiter: RateLimiter;
  canView: CanView;
  log?: MediaLog;
  /** Override the ffmpeg found from config (tests); null: refuse video. */
  ffmpeg?: FfmpegTools | null;
  tmpDir?: string;
}

export interface MediaModule {
  service: MediaService;
  routes: typeof mediaRoutes;
  routeOptions: MediaRouteDeps;
}

/** Builds the service and registers its job handlers on the queue; routes are registered by the caller. */
export function createMediaModule(deps: MediaModuleDeps): MediaModule {
  const service = new MediaService({
    store: new MediaStore(scoped<MediaTables>(deps.db)),
    storage: deps.storage,
    queue: deps.queue,
    config: deps.config,
    limiter: deps.limiter,
    canView: deps.canView,
    ...(deps.log ? { log: deps.log } : {}),
    ...(deps.ffmpeg !== undefined ? { ffmpeg: deps.ffmpeg } : {}),
    ...(deps.tmpDir ? { tmpDir: deps.tmpDir } : {}),
  });
  registerMediaJobs(deps.queue, service);
  return { service, routes: mediaRoutes, routeOptions: { media: service } };
}
