// Media uploads. fetch() cannot report upload progress, so this one request goes through
// XMLHttpRequest: same origin, the session cookie and Origin header sent by the browser as for fetch.

import type { Problem } from '../../shared/api/common.ts';
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

function problemFrom(xhr: XMLHttpRequest): ApiError {
  let body: Partial<Problem> | null = null;
  try {
    body = JSON.parse(xhr.responseText) as Partial<Problem>;
  } catch {
    // not JSON (a proxy's error page): fall through
  }
  return new ApiError({
    type: body?.type ?? 'about:blank',
    title: body?.title ?? (xhr.statusText || 'Error'),
    status: xhr.status,
    code: typeof body?.code === 'string' ? body.code : `http_${xhr.status}`,
    detail: body?.detail ?? xhr.statusText,
    requestId: body?.requestId,
    errors: Array.isArray(body?.errors) ? body.errors : undefined,
  });
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
    xhr.onerror = () => reject(new ApiError({ type: 'about:blank', title: 'Network error', status: 0, code: NETWORK_ERROR, detail: 'upload failed' }));
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
