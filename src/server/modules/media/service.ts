// The rules of media: what may be uploaded, how it becomes stored files and a row, who may see it,
// and when its files go away. No HTTP here; the routes stream uploads to a temp file and call ingest.
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../../config.ts';
import type { AnyDb } from '../../platform/db/index.ts';
import type { EventBus } from '../../platform/events/index.ts';
import './events.ts';
import { AppError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { newId, nowIso, sha256 } from '../../platform/ids.ts';
import type { JobQueue } from '../../platform/jobs/types.ts';
import type { ByteRange, Storage } from '../../platform/storage/types.ts';
import { type FfmpegTools, resolveFfmpeg } from './ffmpeg.ts';
import { type ImageOutput, processImage } from './images.ts';
import type { MediaView } from './schemas.ts';
import { type Sniffed, sniffFile } from './sniff.ts';
import { type AnyTrx, type MediaStore, parseVariants } from './store.ts';
import type { MediaPurpose, MediaRow, MediaVariant } from './tables.ts';
import { runTranscode } from './transcode.ts';
import { checkProbe, extractPoster, probeVideo } from './video.ts';

export type { MediaView } from './schemas.ts';

/** Who may see media attached to something (a note): the notes module answers, injected at start. */
export type CanView = (viewerId: string | null, media: { ownerId: string; attachedTo: string | null; purpose: MediaPurpose }) => Promise<boolean>;

export interface MediaLog {
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface MediaServiceDeps {
  store: MediaStore;
  storage: Storage;
  queue: JobQueue;
  config: Pick<Config, 'media'>;
  events: EventBus;
  /** Defaults to resolveFfmpeg(config.media.ffmpegPath); null: no video on this server. */
  ffmpeg?: FfmpegTools | null;
  log?: MediaLog;
  /** Where uploads and work files go while processed (default: the OS temp directory). */
  tmpDir?: string;
}

/** A file about to be served: where it is and how it may be cached. */
export interface ServedFile {
  key: string;
  contentType: string;
  bytes: number;
  etag: string;
  /** true when anyone may see it (shared caches may keep it); false: only some people may */
  isPublic: boolean;
}

const silent: MediaLog = { warn() {}, error() {} };
const fileName = (key: string): string => key.slice(key.lastIndexOf('/') + 1);
const invalidMedia = (detail: string, message: string): ValidationError => new ValidationError(detail, [{ field: 'mediaIds', message }], 'invalid_media');
const unsupportedType = (detail = 'Upload a JPEG, PNG, WebP, AVIF or GIF photo, or an MP4, MOV or WebM video.'): AppError =>
  new AppError(415, 'unsupported_type', detail);
const fileTooLarge = (limit: number, what: string): AppError =>
  new AppError(413, 'file_too_large', `${what} may be at most ${Math.floor(limit / (1024 * 1024))} MB.`);

/** What processing an upload produced, before anything is stored. */
interface Built {
  kind: MediaRow['kind'];
  status: MediaRow['status'];
  width: number;
  height: number;
  durationMs: number | null;
  dominantColor: string;
  placeholder: string;
  files: ImageOutput[];
}

export class MediaService {
  readonly ffmpeg: FfmpegTools | null;
  readonly tmpDir: string;
  private readonly log: MediaLog;

  constructor(private readonly deps: MediaServiceDeps) {
    this.ffmpeg = deps.ffmpeg === undefined ? resolveFfmpeg(deps.config.media.ffmpegPath) : deps.ffmpeg;
    this.log = deps.log ?? silent;
    this.tmpDir = deps.tmpDir ?? os.tmpdir();
  }

  /** The largest upload any type may be: the multipart limit; each type's own is checked after sniffing. */
  get maxUploadBytes(): number {
    return Math.max(this.deps.config.media.maxImageBytes, this.deps.config.media.maxVideoBytes);
  }

  /** The byte limit for a sniffed type (the upload route stops a stream early with it). */
  limitFor(kind: Sniffed['kind']): number {
    return kind === 'image' ? this.deps.config.media.maxImageBytes : this.deps.config.media.maxVideoBytes;
  }

  fileTooLarge(kind: Sniffed['kind']): AppError {
    return fileTooLarge(this.limitFor(kind), kind === 'image' ? 'A photo' : 'A video');
  }

  // ---- ingest

  /**
   * Turns the file at `file.path` (the caller's; left in place) into stored outputs and a media row.
   * All or nothing: on any failure, whatever was stored is deleted again and no row exists.
   */
  async ingest(ownerId: string, purpose: MediaPurpose, file: { path: string; filename?: string }): Promise<MediaView> {
    const st = await fsp.stat(file.path);
    if (st.size === 0) throw new ValidationError('The file is empty.', [{ field: 'file', message: 'is empty' }], 'empty_file');
    const type = await sniffFile(file.path);
    if (!type) throw unsupportedType();
    if (st.size > this.limitFor(type.kind)) throw this.fileTooLarge(type.kind);
    if (purpose === 'avatar' && type.kind !== 'image') throw unsupportedType('An avatar must be a photo.');
    if (type.kind === 'video' && !this.ffmpeg) throw unsupportedType('This server cannot process video (no ffmpeg).');

    const id = newId();
    const work = await fsp.mkdtemp(path.join(this.tmpDir, 'biji-media-'));
    const stored: string[] = [];
    try {
      const built = type.kind === 'image' ? await this.buildImage(file.path, purpose, work) : await this.buildVideo(file.path, type, work);
      const variants: MediaVariant[] = built.files.map((f) => ({
        name: f.name,
        key: `media/${id}/${f.fileName}`,
        width: f.width,
        height: f.height,
        contentType: f.contentType,
        bytes: f.bytes,
      }));
      // allSettled, not all: on a failure no put may still be running when we delete what was put.
      const puts = await Promise.allSettled(
        variants.map((v, i) => {
          stored.push(v.key); // before the put: a put that fails half-way is deleted too
          return this.deps.storage.putFile(v.key, (built.files[i] as ImageOutput).file, v.contentType);
        }),
      );
      const failedPut = puts.find((p): p is PromiseRejectedResult => p.status === 'rejected');
      if (failedPut) throw failedPut.reason;
      const now = nowIso();
      const row: MediaRow = {
        id,
        owner_id: ownerId,
        purpose,
        kind: built.kind,
        status: built.status,
        width: built.width,
        height: built.height,
        duration_ms: built.durationMs,
        bytes: st.size,
        dominant_color: built.dominantColor,
        placeholder: built.placeholder,
        variants: JSON.stringify(variants),
        error: null,
        attached_to: null,
        deleted_at: null,
        created_at: now,
        updated_at: now,
      };
      // The row, its transcode job and its event commit together: no video waits for a job that
      // never comes, and every upload is checked (moderation) in the job queue, never here.
      await this.deps.events.transaction(this.deps.store.db, async (tx) => {
        const trx = tx.db as unknown as AnyDb;
        await this.deps.store.insert(row, trx);
        if (built.status === 'processing') await this.deps.queue.enqueue('media.transcode', { mediaId: id }, { trx });
        await tx.emit('media.stored', { mediaId: id, ownerId, kind: row.kind, purpose });
      });
      return this.present(row);
    } catch (err) {
      await this.deps.storage.delete(stored).catch((e: unknown) => this.log.error({ err: e, mediaId: id }, 'could not delete the files of a failed upload'));
      throw err;
    } finally {
      await fsp.rm(work, { recursive: true, force: true });
    }
  }

  private async buildImage(input: string, purpose: MediaPurpose, work: string): Promise<Built> {
    const img = await processImage(input, work, { purpose, maxPixels: this.deps.config.media.maxImagePixels });
    return { kind: 'image', status: 'ready', durationMs: null, ...img, files: img.outputs };
  }

  private async buildVideo(input: string, type: Extract<Sniffed, { kind: 'video' }>, work: string): Promise<Built> {
    const tools = this.ffmpeg as FfmpegTools;
    const probe = await probeVideo(tools, input, type.demuxer);
    checkProbe(probe, this.deps.config.media.maxVideoSeconds);
    const posterFile = path.join(work, 'poster-frame.png');
    await extractPoster(tools, input, type.demuxer, probe.durationSec, posterFile);
    const poster = await processImage(posterFile, work, {
      purpose: 'note',
      maxPixels: this.deps.config.media.maxImagePixels,
      filePrefix: 'poster-',
      originalBase: 'poster',
    });
    const source = {
      name: 'source',
      fileName: `source.${type.format}`,
      file: input,
      width: probe.width,
      height: probe.height,
      contentType: type.mime,
      bytes: (await fsp.stat(input)).size,
    };
    return {
      kind: 'video',
      status: 'processing',
      width: poster.width,
      height: poster.height,
      durationMs: probe.durationSec === null ? null : Math.round(probe.durationSec * 1000),
      dominantColor: poster.dominantColor,
      placeholder: poster.placeholder,
      files: [...poster.outputs, source],
    };
  }

  // ---- what the notes module uses

  async byIds(ids: readonly string[]): Promise<Map<string, MediaRow>> {
    const rows = await this.deps.store.byIds([...new Set(ids)]);
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** Refuses (400 invalid_media) unless every id is the owner's own, unused, usable note media. */
  async checkAttachable(ownerId: string, ids: readonly string[]): Promise<MediaRow[]> {
    if (new Set(ids).size !== ids.length) throw invalidMedia('The same photo or video is listed twice.', 'lists the same media twice');
    const found = await this.byIds(ids);
    return ids.map((id) => {
      const row = found.get(id);
      // Someone else's media and media that does not exist look the same: nothing is revealed.
      if (!row || row.owner_id !== ownerId || row.deleted_at !== null || row.purpose !== 'note') {
        throw invalidMedia(`Media ${id} does not exist.`, `${id} does not exist`);
      }
      if (row.attached_to !== null) throw invalidMedia(`Media ${id} is already used by another note.`, `${id} is already used`);
      if (row.status === 'failed') throw invalidMedia(`Media ${id} could not be processed.`, `${id} could not be processed`);
      return row;
    });
  }

  /** Attaches inside the caller's transaction; a concurrent attach of the same media makes it throw. */
  async attach(ids: readonly string[], attachedTo: string, trx?: AnyDb): Promise<void> {
    const unique = [...new Set(ids)];
    // All or none: the throw rolls back the caller's transaction, or our own when there is none.
    const take = async (q: AnyTrx): Promise<void> => {
      const n = await this.deps.store.attach(unique, attachedTo, q);
      if (n !== unique.length) throw invalidMedia('A photo or video was just used by another note.', 'is already used');
    };
    await (trx ? take(trx) : this.deps.store.transaction((own) => take(own)));
  }

  present(row: MediaRow): MediaView {
    const urls: Record<string, string> = {};
    for (const v of parseVariants(row)) if (v.name !== 'source') urls[v.name] = `/media/${row.id}/${fileName(v.key)}`;
    // A video's "original" is its full-size poster frame: an image any client can always show.
    if (row.kind === 'video' && urls.original) urls.poster = urls.original;
    return {
      id: row.id,
      kind: row.kind,
      width: row.width,
      height: row.height,
      aspectRatio: row.height > 0 ? Math.round((row.width / row.height) * 10_000) / 10_000 : 1,
      status: row.status,
      placeholder: row.placeholder,
      dominantColor: row.dominant_color,
      durationMs: row.duration_ms,
      urls: urls as MediaView['urls'],
    };
  }

  /** Queues the removal of everything attached to `attachedTo` (files, then rows marked deleted). */
  async scheduleDelete(attachedTo: string, trx?: AnyDb): Promise<void> {
    await this.deps.queue.enqueue('media.delete', { attachedTo }, trx ? { trx } : {});
  }

  // ---- avatars (for the accounts module, in its transaction)

  /** Takes the person's own ready avatar upload for their profile; a 400 for anything else. */
  async claimAvatar(trx: AnyDb, userId: string, mediaId: string): Promise<void> {
    // Read through the caller's transaction: on SQLite its one connection is held until it ends.
    const row = await this.deps.store.byId(mediaId, trx);
    if (!row || row.owner_id !== userId || row.purpose !== 'avatar' || row.status !== 'ready' || row.deleted_at || row.attached_to) {
      throw new ValidationError(
        'That is not an avatar upload of yours.',
        [{ field: 'mediaId', message: 'upload a photo with purpose "avatar" first' }],
        'invalid_media',
      );
    }
    await this.attach([mediaId], `avatar:${mediaId}`, trx);
  }

  /** The files of an avatar no longer used go, once the profile change commits. */
  releaseAvatar(trx: AnyDb, mediaId: string): Promise<void> {
    return this.scheduleDelete(`avatar:${mediaId}`, trx);
  }

  /** Avatar display URLs (256 px) with their placeholders, by media id. */
  async avatarViews(ids: readonly string[]): Promise<Map<string, { url: string; placeholder?: string }>> {
    const rows = await this.byIds(ids);
    return new Map(
      [...rows].map(([id, row]) => {
        const v = this.present(row);
        return [id, { url: v.urls['256'] ?? v.urls.original ?? '', ...(v.placeholder ? { placeholder: v.placeholder } : {}) }];
      }),
    );
  }

  /** Media views by id, for notes. */
  async views(ids: readonly string[]): Promise<Map<string, MediaView>> {
    const rows = await this.byIds(ids);
    return new Map([...rows].map(([id, row]) => [id, this.present(row)]));
  }

  // ---- serving

  /**
   * The file to serve, or 404 — for unknown media, unknown files and media the viewer may not see
   * alike. Who may see media attached to a note is the notes module's answer (`canView`).
   */
  async locate(viewerId: string | null, id: string, name: string, canView: CanView): Promise<ServedFile> {
    const row = await this.deps.store.byId(id);
    const variant = row && row.deleted_at === null ? parseVariants(row).find((v) => v.name !== 'source' && fileName(v.key) === name) : undefined;
    const access = row && variant ? await this.access(viewerId, row, canView) : null;
    if (!variant || !access) throw new NotFoundError('No such media.');
    return {
      key: variant.key,
      contentType: variant.contentType,
      bytes: variant.bytes,
      etag: `"${sha256(`${variant.key}:${variant.bytes}`).slice(0, 32)}"`,
      isPublic: access === 'public',
    };
  }

  read(key: string, range?: ByteRange) {
    return this.deps.storage.get(key, range);
  }

  /** 'public' when anyone may see it, 'private' when this viewer may, null when not. */
  private async access(viewerId: string | null, row: MediaRow, canView: CanView): Promise<'public' | 'private' | null> {
    if (row.purpose === 'avatar') return 'public';
    if (row.attached_to === null) return viewerId !== null && viewerId === row.owner_id ? 'private' : null;
    const media = { ownerId: row.owner_id, attachedTo: row.attached_to, purpose: row.purpose };
    if (await canView(null, media)) return 'public';
    if (viewerId !== null && (viewerId === row.owner_id || (await canView(viewerId, media)))) return 'private';
    return null;
  }

  // ---- background jobs (registered by registerMediaJobs)

  /** media.transcode: idempotent; the last failed attempt marks the media failed. */
  async transcodeJob(mediaId: string, job: { attempts: number; maxAttempts: number }): Promise<void> {
    const row = await this.deps.store.byId(mediaId);
    if (!row || row.deleted_at !== null || row.status === 'failed') return;
    if (row.status === 'processing') {
      try {
        const tools = this.ffmpeg;
        if (!tools) throw new Error('no ffmpeg on this worker');
        await runTranscode(
          { store: this.deps.store, storage: this.deps.storage, tools, maxSeconds: this.deps.config.media.maxVideoSeconds, tmpDir: this.tmpDir },
          row,
        );
      } catch (err) {
        if (job.attempts >= job.maxAttempts) {
          const error = err instanceof Error ? err.message : String(err);
          await this.deps.events.transaction(this.deps.store.db, async (tx) => {
            if (await this.deps.store.markFailed(mediaId, error, tx.db)) {
              await tx.emit('media.failed', { mediaId, ownerId: row.owner_id, attachedTo: row.attached_to });
            }
          });
        }
        throw err;
      }
    }
    // Also when a previous attempt got this far and the event did not go out: its handlers are idempotent.
    const now = await this.deps.store.byId(mediaId);
    if (now?.status !== 'ready' || now.deleted_at !== null) return;
    await this.deps.events.transaction(this.deps.store.db, (tx) => tx.emit('media.ready', { mediaId, ownerId: now.owner_id, attachedTo: now.attached_to }));
  }

  /** Tries a failed video again (its author asked): back to processing, with a fresh transcode job. */
  async retry(ownerId: string, mediaId: string, trx?: AnyDb): Promise<boolean> {
    const row = await this.deps.store.byId(mediaId, trx);
    if (!row || row.owner_id !== ownerId || row.status !== 'failed' || row.deleted_at !== null || row.kind !== 'video') return false;
    const go = async (q: AnyDb) => {
      if (!(await this.deps.store.markRetrying(mediaId, q))) return false;
      await this.deps.queue.enqueue('media.transcode', { mediaId }, { trx: q });
      return true;
    };
    return trx ? go(trx) : this.deps.store.transaction((own) => go(own as AnyDb));
  }

  /**
   * media.sweep: uploads nobody attached within a day (a composer closed half-way, a failed post)
   * lose their files and rows. Their owners had a day to use them. Idempotent; a batch at a time.
   */
  async sweepUnattached(olderThanMs = 86_400_000, batch = 500): Promise<number> {
    const rows = await this.deps.store.unattachedBefore(new Date(Date.now() - olderThanMs).toISOString(), batch);
    if (rows.length === 0) return 0;
    const keys = rows.flatMap((r) => [...parseVariants(r).map((v) => v.key), `media/${r.id}/video.mp4`]);
    await this.deps.storage.delete([...new Set(keys)]);
    await this.deps.store.markDeleted(rows.map((r) => r.id));
    return rows.length;
  }

  /** media.delete: idempotent; files first, so a crash between the two is finished by the retry. */
  async deleteJob(attachedTo: string): Promise<void> {
    const rows = await this.deps.store.byAttachedTo(attachedTo);
    const keys = rows.flatMap((r) => [...parseVariants(r).map((v) => v.key), `media/${r.id}/video.mp4`]);
    await this.deps.storage.delete([...new Set(keys)]);
    await this.deps.store.markDeleted(rows.map((r) => r.id));
  }
}
