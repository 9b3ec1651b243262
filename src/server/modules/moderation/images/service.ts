// Image safety: every uploaded image (a video: its poster frame) is classified and hashed in the job
// queue, never in a request. The score is stored; whoever wired `onScored` decides what a flagged
// image does (mark its note sensitive, hold it) and uses the hash to see duplicate waves.
import type { AnyDb, Db } from '../../../platform/db/index.ts';
import { scoped } from '../../../platform/db/index.ts';
import { nowIso } from '../../../platform/ids.ts';
import type { DbJobQueue } from '../../../platform/jobs/queue.ts';
import { type ImageClassifier, sharedClassifier } from './classifier.ts';
import { dhash, hamming, isDhash, SIMILAR_BITS } from './dhash.ts';
import { MediaSafetyStore, type MediaSafetyTables, type StoredScore } from './store.ts';

declare module '../../../platform/jobs/types.ts' {
  interface JobTypes {
    /** Classify and hash one uploaded image (a video's poster), store the result, then report it. */
    'moderation.classify-image': { mediaId: string };
  }
}

export const CLASSIFY_IMAGE_JOB = 'moderation.classify-image';

/** The bytes to check for a media item: an image's stored rendition, a video's poster frame. */
export interface ImageToCheck {
  data: Buffer;
  ownerId: string;
  attachedTo: string | null;
  kind: 'image' | 'video';
}

export type ReadImage = (mediaId: string) => Promise<ImageToCheck | null>;

export interface ImageScored {
  mediaId: string;
  ownerId: string;
  attachedTo: string | null;
  score: number;
  flagged: boolean;
  /** null for a flat, single-colour picture (it has no useful hash) */
  dhash: string | null;
}

export interface ImageSafetySettings {
  /** false: enqueue does nothing and queued jobs finish without classifying */
  enabled: boolean;
  /** flagged when the score is at least this; 1 flags nothing */
  threshold: number;
}

export interface ImageSafetyLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface ImageSafetyDeps {
  db: Db;
  jobs: DbJobQueue;
  readImage: ReadImage;
  /** Read on every use: a settings object changed in place takes effect at once. */
  settings: ImageSafetySettings;
  /** Called after the row is stored; a job may run twice, so this may be called twice for one image. */
  onScored: (r: ImageScored) => Promise<void>;
  log: ImageSafetyLog;
  /** Default: the process's shared worker-thread classifier. */
  classifier?: ImageClassifier;
}

/** How many recent hashes countSimilar compares at most (beyond the exact-match index lookup). */
export const NEAR_SCAN_LIMIT = 2000;

export const isFlagged = (score: number, threshold: number): boolean => threshold < 1 && score >= threshold;

const round = (v: number): number => Math.round(v * 1e6) / 1e6;

export class ImageSafety {
  readonly store: MediaSafetyStore;
  private readonly classifier: ImageClassifier;

  constructor(private readonly deps: ImageSafetyDeps) {
    this.store = new MediaSafetyStore(scoped<MediaSafetyTables>(deps.db));
    this.classifier = deps.classifier ?? sharedClassifier();
    deps.jobs.register(CLASSIFY_IMAGE_JOB, (payload) => this.classifyJob(payload.mediaId));
  }

  /** Queues the check of one media item (in the caller's transaction when given); nothing when disabled. */
  async enqueue(mediaId: string, opts: { trx?: AnyDb } = {}): Promise<void> {
    if (!this.deps.settings.enabled) return;
    await this.deps.jobs.enqueue(CLASSIFY_IMAGE_JOB, { mediaId }, { maxAttempts: 3, ...(opts.trx ? { trx: opts.trx } : {}) });
  }

  /** What the check found for these media (those checked so far). */
  scores(mediaIds: readonly string[]): Promise<Map<string, StoredScore>> {
    return mediaIds.length === 0 ? Promise.resolve(new Map()) : this.store.byIds(mediaIds);
  }

  /**
   * How many media checked since `sinceIso` look like this hash (within `maxDistance` bits), the
   * one just checked included. Exact copies are counted by index however many; near copies among the
   * latest NEAR_SCAN_LIMIT media of the window only, so a huge window costs a bounded scan.
   */
  async countSimilar(hash: string, sinceIso: string, maxDistance = SIMILAR_BITS): Promise<number> {
    if (!isDhash(hash)) return 0;
    const exact = await this.store.countExact(hash, sinceIso);
    if (maxDistance <= 0) return exact;
    let near = 0;
    for (const other of await this.store.recentHashes(sinceIso, NEAR_SCAN_LIMIT)) {
      const d = hamming(hash, other);
      if (d > 0 && d <= maxDistance) near++;
    }
    return exact + near;
  }

  /** The job: idempotent (the row is replaced, onScored told again). Public for tests and scripts. */
  async classifyJob(mediaId: string): Promise<void> {
    const { settings, log } = this.deps;
    if (!settings.enabled) return;
    const image = await this.deps.readImage(mediaId);
    if (!image) {
      log.info({ mediaId }, 'image check: the media is gone; nothing to check');
      return;
    }
    const started = Date.now();
    const [result, hash] = await Promise.all([this.classifier.classify(image.data), dhash(image.data)]);
    const flagged = isFlagged(result.score, settings.threshold);
    const score = round(result.score);
    const scores = Object.fromEntries(Object.entries(result.scores).map(([k, v]) => [k, round(v)]));
    await this.store.upsert({
      media_id: mediaId,
      owner_id: image.ownerId,
      scores: JSON.stringify(scores),
      score,
      flagged: flagged ? 1 : 0,
      dhash: hash,
      created_at: nowIso(),
    });
    if (flagged) log.warn({ mediaId, ownerId: image.ownerId, score, kind: image.kind }, 'image check: flagged');
    else log.info({ mediaId, score, ms: Date.now() - started }, 'image check: scored');
    await this.deps.onScored({ mediaId, ownerId: image.ownerId, attachedTo: image.attachedTo, score, flagged, dhash: hash });
  }
}
