// Media uploads. fetch() cannot report upload progress, so this one request goes through
// XMLHttpRequest: same origin, the session cookie and Origin header sent by the browser as for fetch.

import type { Problem } from '../../shared/api/common.ts';
import { isErrorCode } from '../../shared/api/errors.ts';
import type { MediaView } from '../../shared/api/media.ts';
import { ApiError, NETWORK_ERROR } from './client.ts';

export type UploadPurpose = 'note' | 'avatar';

export type UploadOptions = {
  purpose?: UploadPurpose;
  /** Fraction of the file's bytes sent so far, 0–1. At 1 the server is still processing. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
};

/** Photos and videos the server accepts (it checks the bytes; this only filters the file picker). */
export const MEDIA_ACCEPT = 'image/jpeg,image/png,image/webp,image/avif,image/gif,video/mp4,video/quicktime,video/webm';

export function mediaKindOf(file: File): 'image' | 'video' | null {
  if (file.type.startsWith('image/')) return 'image';
  if (file.type.startsWith('video/')) return 'video';
  // Some systems leave the type empty (e.g. .mov on Linux): decide by name; the server re-checks.
  if (/\.(jpe?g|png|webp|avif|gif|heic)$/i.test(file.name)) return 'image';
  if (/\.(mp4|mov|m4v|webm)$/i.test(file.name)) return 'video';
  return null;
}

/** An upload's failure: the problem, and how long the server asked us to wait (429's Retry-After). */
export class UploadError extends ApiError {
  readonly retryAfterMs: number | null;

  constructor(problem: ConstructorParameters<typeof ApiError>[0], retryAfterMs: number | null) {
    super(problem);
    this.name = 'UploadError';
    this.retryAfterMs = retryAfterMs;
  }
}

/** Retry-After in seconds (the only form our server sends; an HTTP date is read too). */
function retryAfterMs(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

function problemFrom(xhr: XMLHttpRequest): UploadError {
  let body: Partial<Problem> | null = null;
  try {
    body = JSON.parse(xhr.responseText) as Partial<Problem>;
  } catch {
    // not JSON (a proxy's error page): fall through
  }
  return new UploadError(
    {
      type: body?.type ?? 'about:blank',
      title: body?.title ?? (xhr.statusText || 'Error'),
      status: xhr.status,
      code: isErrorCode(body?.code) ? body.code : `http_${xhr.status}`,
      detail: body?.detail ?? xhr.statusText,
      requestId: body?.requestId,
      errors: Array.isArray(body?.errors) ? body.errors : undefined,
    },
    retryAfterMs(xhr.getResponseHeader('retry-after')),
  );
}

/** Uploads one file to POST /api/v1/media; resolves with the stored media, rejects with an ApiError. */
export function uploadMedia(file: File, { purpose = 'note', onProgress, signal }: UploadOptions = {}): Promise<MediaView> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/media');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.responseType = 'text';
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress?.(event.loaded / event.total);
    };
    xhr.upload.onload = () => onProgress?.(1);
    xhr.onload = () => {
      if (xhr.status === 201 || xhr.status === 200) {
        try {
          resolve(JSON.parse(xhr.responseText) as MediaView);
        } catch {
          reject(problemFrom(xhr));
        }
      } else {
        reject(problemFrom(xhr));
      }
    };
    xhr.onerror = () => reject(new UploadError({ type: 'about:blank', title: 'Network error', status: 0, code: NETWORK_ERROR, detail: 'upload failed' }, null));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    if (signal) {
      if (signal.aborted) return reject(new DOMException('The upload was cancelled.', 'AbortError'));
      signal.addEventListener('abort', () => xhr.abort(), { once: true });
    }
    const form = new FormData();
    // The purpose first, so the server knows it before the (large) file streams in.
    form.append('purpose', purpose);
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/** Why one file failed, as the composer says it (uploadErrors.<reason> and <reason>Long). */
export type UploadFailureReason =
  | 'tooLarge'
  | 'unsupported'
  | 'tooManyPixels'
  | 'videoTooLong'
  | 'corrupt'
  | 'noVideo'
  | 'codec'
  | 'empty'
  | 'network'
  | 'server'
  | 'rateLimited'
  | 'signedOut'
  | 'refused';

export type UploadFailure = {
  reason: UploadFailureReason;
  /** Only what a retry can fix: the network, the server's trouble (5xx), a rate limit once it has passed. */
  retryable: boolean;
  /** For a rate limit: how long to wait before retrying. */
  retryAfterMs: number | null;
  /** The limit the file went over, from the server's words ("20 MB", "40", "300"), when it said. */
  limit: string | null;
  /** The server's own sentence, for a refusal we have no words for. */
  detail: string | null;
};

const REASON_BY_CODE: Record<string, UploadFailureReason> = {
  file_too_large: 'tooLarge',
  unsupported_type: 'unsupported',
  unsupported_media_type: 'unsupported',
  too_many_pixels: 'tooManyPixels',
  video_too_long: 'videoTooLong',
  corrupt_image: 'corrupt',
  corrupt_video: 'corrupt',
  no_video_stream: 'noVideo',
  unsupported_codec: 'codec',
  empty_file: 'empty',
  rate_limited: 'rateLimited',
  unauthenticated: 'signedOut',
};

/** The figure a refusal names: "at most 20 MB", "at most 40 megapixels", "at most 300 s". */
function limitOf(reason: UploadFailureReason, detail: string): string | null {
  const pattern =
    reason === 'tooLarge'
      ? /at most (\d+(?:\.\d+)? ?[KMG]B)/i
      : reason === 'tooManyPixels'
        ? /at most (\d+) megapixels/i
        : reason === 'videoTooLong'
          ? /at most (\d+) s/i
          : null;
  return pattern?.exec(detail)?.[1] ?? null;
}

/** Reads a failed upload's problem (its stable `code`, status and Retry-After) into what the composer shows. */
export function uploadFailure(error: unknown): UploadFailure {
  if (!(error instanceof ApiError)) return { reason: 'network', retryable: true, retryAfterMs: null, limit: null, detail: null };
  const wait = error instanceof UploadError ? error.retryAfterMs : null;
  let reason: UploadFailureReason = REASON_BY_CODE[error.code] ?? 'refused';
  if (error.code === NETWORK_ERROR || error.status === 0) reason = 'network';
  else if (error.status >= 500) reason = 'server';
  else if (error.status === 429) reason = 'rateLimited';
  else if (error.status === 413 && reason === 'refused') reason = 'tooLarge';
  const retryable = reason === 'network' || reason === 'server' || reason === 'rateLimited';
  return {
    reason,
    retryable,
    retryAfterMs: reason === 'rateLimited' ? (wait ?? 1000) : null,
    limit: limitOf(reason, error.detail),
    detail: reason === 'refused' && error.status >= 400 && error.status < 500 && error.detail ? error.detail : null,
  };
}
