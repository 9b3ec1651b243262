// The composer's files: picked, uploaded one at a time (each with its own progress), reordered and
// removed. The server keeps a photo only once a note is posted with it; leaving drops the rest.
// A failed file keeps its own reason; only a failure a retry can fix may be retried (a rate limit
// once its Retry-After has passed).
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { MediaView } from '../../../shared/api/media.ts';
import { NOTE_LIMITS } from '../../../shared/rules/notes.ts';
import { mediaKindOf, type UploadFailure, uploadFailure, uploadMedia } from '../../api/media.ts';

export const MAX_PHOTOS = NOTE_LIMITS.images;

export type UploadStatus = 'queued' | 'uploading' | 'processing' | 'done' | 'error';

export type UploadItem = {
  key: string;
  file: File;
  kind: 'image' | 'video';
  /** An object URL of the local file: instant preview, before and during the upload. */
  previewUrl: string;
  /** Fraction of bytes sent, 0–1. */
  progress: number;
  status: UploadStatus;
  media: MediaView | null;
  error: unknown;
  /** Why it failed and whether a retry can help (status 'error' only). */
  failure: UploadFailure | null;
  /** When a rate-limited upload may be retried (ms since epoch). */
  retryAt: number | null;
};

/** Why some picked files were not added. */
export type AddProblem = { kind: 'too_many'; count: number } | { kind: 'video_alone' } | { kind: 'unsupported'; name: string };

type Action =
  | { type: 'add'; items: UploadItem[] }
  | { type: 'remove'; key: string }
  | { type: 'move'; key: string; to: number }
  | { type: 'progress'; key: string; progress: number }
  | { type: 'status'; key: string; status: UploadStatus; media?: MediaView; error?: unknown; failure?: UploadFailure; retryAt?: number | null };

function reducer(items: UploadItem[], action: Action): UploadItem[] {
  switch (action.type) {
    case 'add':
      return [...items, ...action.items];
    case 'remove':
      return items.filter((i) => i.key !== action.key);
    case 'move': {
      const from = items.findIndex((i) => i.key === action.key);
      const to = Math.max(0, Math.min(items.length - 1, action.to));
      if (from < 0 || from === to) return items;
      const next = [...items];
      const [item] = next.splice(from, 1);
      next.splice(to, 0, item!);
      return next;
    }
    case 'progress':
      return items.map((i) => (i.key === action.key ? { ...i, progress: action.progress } : i));
    case 'status':
      return items.map((i) => {
        if (i.key !== action.key) return i;
        const failed = action.status === 'error';
        return {
          ...i,
          status: action.status,
          media: action.media ?? i.media,
          error: failed ? action.error : null,
          failure: failed ? (action.failure ?? uploadFailure(action.error)) : null,
          retryAt: failed ? (action.retryAt ?? null) : null,
          progress: action.status === 'queued' ? 0 : action.status === 'done' ? 1 : i.progress,
        };
      });
  }
}

let nextKey = 0;

/** Whether a failed file may be retried now. */
export function canRetry(item: UploadItem, now: number): boolean {
  return item.status === 'error' && (item.failure?.retryable ?? false) && (item.retryAt === null || item.retryAt <= now);
}

/** A clock that ticks each second while some rate-limited file waits to be retried. */
function useRetryClock(items: readonly UploadItem[]): number {
  const [now, setNow] = useState(() => Date.now());
  const waiting = items.some((i) => i.status === 'error' && i.retryAt !== null && i.retryAt > now);
  useEffect(() => {
    if (!waiting) return;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [waiting]);
  return now;
}

export function useUploads() {
  const [items, dispatch] = useReducer(reducer, []);
  const now = useRetryClock(items);
  const itemsRef = useRef(items);
  itemsRef.current = items;
  const running = useRef<{ key: string; abort: AbortController } | null>(null);

  /** Adds what fits the rules (1–18 photos, or one video alone); says what it left out. */
  const add = useCallback((files: readonly File[]): AddProblem[] => {
    const problems: AddProblem[] = [];
    const current = itemsRef.current;
    const picked: { file: File; kind: 'image' | 'video' }[] = [];
    for (const file of files) {
      const kind = mediaKindOf(file);
      if (kind) picked.push({ file, kind });
      else problems.push({ kind: 'unsupported', name: file.name });
    }
    let accepted: typeof picked;
    const videos = picked.filter((p) => p.kind === 'video');
    if (videos.length > 0) {
      if (current.length === 0 && picked.length === 1) accepted = picked;
      else {
        problems.push({ kind: 'video_alone' });
        accepted = current.some((i) => i.kind === 'video') ? [] : picked.filter((p) => p.kind === 'image');
      }
    } else if (current.some((i) => i.kind === 'video')) {
      if (picked.length > 0) problems.push({ kind: 'video_alone' });
      accepted = [];
    } else {
      accepted = picked;
    }
    const room = accepted[0]?.kind === 'video' ? 1 : Math.max(0, MAX_PHOTOS - current.length);
    if (accepted.length > room) {
      problems.push({ kind: 'too_many', count: accepted.length - room });
      accepted = accepted.slice(0, room);
    }
    if (accepted.length > 0) {
      dispatch({
        type: 'add',
        items: accepted.map(({ file, kind }) => ({
          key: `u${++nextKey}`,
          file,
          kind,
          previewUrl: URL.createObjectURL(file),
          progress: 0,
          status: 'queued',
          media: null,
          error: null,
          failure: null,
          retryAt: null,
        })),
      });
    }
    return problems;
  }, []);

  const remove = useCallback((key: string) => {
    const item = itemsRef.current.find((i) => i.key === key);
    if (running.current?.key === key) {
      // Free the line first: the removal's re-render starts the next upload.
      running.current.abort.abort();
      running.current = null;
    }
    if (item) URL.revokeObjectURL(item.previewUrl);
    dispatch({ type: 'remove', key });
  }, []);

  const move = useCallback((key: string, to: number) => dispatch({ type: 'move', key, to }), []);
  const retry = useCallback((key: string) => {
    const item = itemsRef.current.find((i) => i.key === key);
    if (item && canRetry(item, Date.now())) dispatch({ type: 'status', key, status: 'queued' });
  }, []);

  // One upload at a time, in the order shown: the cover is ready first, and a slow line isn't split.
  useEffect(() => {
    if (running.current) return;
    const next = items.find((i) => i.status === 'queued');
    if (!next) return;
    const abort = new AbortController();
    running.current = { key: next.key, abort };
    dispatch({ type: 'status', key: next.key, status: 'uploading' });
    // The line is freed before the last status goes in, so that re-render starts the next upload.
    const settle = (action: Action) => {
      if (running.current?.key !== next.key) return; // removed (aborted) meanwhile
      running.current = null;
      dispatch(action);
    };
    uploadMedia(next.file, {
      purpose: 'note',
      signal: abort.signal,
      onProgress: (fraction) => {
        dispatch({ type: 'progress', key: next.key, progress: fraction });
        if (fraction >= 1) dispatch({ type: 'status', key: next.key, status: 'processing' });
      },
    })
      .then((media) => settle({ type: 'status', key: next.key, status: 'done', media }))
      .catch((error: unknown) => {
        if (abort.signal.aborted) return;
        const failure = uploadFailure(error);
        const retryAt = failure.retryAfterMs === null ? null : Date.now() + failure.retryAfterMs;
        settle({ type: 'status', key: next.key, status: 'error', error, failure, retryAt });
      });
  }, [items]);

  // Leaving the composer: stop the upload in flight and free the previews.
  useEffect(
    () => () => {
      running.current?.abort.abort();
      running.current = null;
      for (const item of itemsRef.current) URL.revokeObjectURL(item.previewUrl);
    },
    [],
  );

  return { items, add, remove, move, retry, now };
}
