// The media module's background jobs: names, payloads and their one idempotent handler each.
import type { JobQueue } from '../../platform/jobs/types.ts';
import type { MediaService } from './service.ts';

declare module '../../platform/jobs/types.ts' {
  interface JobTypes {
    /** Transcode an uploaded video to H.264/AAC MP4; the media row becomes ready. */
    'media.transcode': { mediaId: string };
    /** Delete the files of everything attached to a note (or person) and mark the rows deleted. */
    'media.delete': { attachedTo: string };
    /** Deletes uploads never attached to a note or avatar within a day (hourly). */
    'media.sweep': Record<string, never>;
  }
}

export function registerMediaJobs(queue: JobQueue, service: MediaService): void {
  queue.register('media.transcode', (payload, job) => service.transcodeJob(payload.mediaId, job));
  queue.register('media.delete', (payload) => service.deleteJob(payload.attachedTo));
  queue.register('media.sweep', async () => void (await service.sweepUnattached()));
  queue.every('media.sweep', 3_600_000, {});
}
