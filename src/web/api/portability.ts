// "Your data": TikTok imports (upload with progress, preview, apply, poll), friends found through them,
// drafts and the comments archive, exports (poll, download), deleting the account, and the links a
// board keeps. Query keys and hooks, as the other resources do.
import { type QueryClient, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BoardLink } from '../../shared/api/boards.ts';
import type { PageOf, Problem } from '../../shared/api/common.ts';
import { isErrorCode } from '../../shared/api/errors.ts';
import type {
  ApplyImportBody,
  CreatedImport,
  DeletionScheduled,
  Draft,
  ExportView,
  FriendSuggestions,
  ImportStatus,
  ImportView,
  PublishDraftBody,
} from '../../shared/api/portability.ts';
import { accountKeys } from './accounts.ts';
import { ApiError, apiFetch, NETWORK_ERROR } from './client.ts';
import { noteKeys } from './notes.ts';

export type ArchivedComment = { id: string; text: string; writtenAt: string | null; postUrl: string | null };

export const dataKeys = {
  all: ['data'] as const,
  imports: () => [...dataKeys.all, 'imports'] as const,
  import: (id: string) => [...dataKeys.imports(), id] as const,
  friends: (id: string) => [...dataKeys.imports(), id, 'friends'] as const,
  drafts: () => [...dataKeys.all, 'drafts'] as const,
  comments: () => [...dataKeys.all, 'comments'] as const,
  exports: () => [...dataKeys.all, 'exports'] as const,
  boardLinks: (boardId: string) => [...dataKeys.all, 'board-links', boardId] as const,
};

/** While a job is waiting or working, its view is asked for again every second. */
const POLL_MS = 1000;
const isActive = (status: string | undefined) => status === 'queued' || status === 'running';

// --- imports -----------------------------------------------------------------------------------

function problemOf(xhr: XMLHttpRequest): ApiError {
  let body: Partial<Problem> | null = null;
  try {
    body = JSON.parse(xhr.responseText) as Partial<Problem>;
  } catch {
    // A proxy's error page (e.g. its own 413): the status alone speaks.
  }
  return new ApiError({
    type: body?.type ?? 'about:blank',
    title: body?.title ?? (xhr.statusText || 'Error'),
    status: xhr.status,
    code: isErrorCode(body?.code) ? body.code : `http_${xhr.status}`,
    detail: body?.detail ?? xhr.statusText,
    requestId: body?.requestId,
  });
}

/**
 * Uploads an export to POST /api/v1/imports/tiktok. fetch() cannot report upload progress, so this
 * goes through XMLHttpRequest (same origin: the session cookie and Origin header go with it).
 * `onProgress` gets the fraction of bytes sent; at 1 the server is still reading the file.
 */
export function uploadTikTokExport(file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<CreatedImport> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/imports/tiktok');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.upload.onload = () => onProgress(1);
    xhr.onload = () => {
      if (xhr.status === 201 || xhr.status === 200) {
        try {
          resolve(JSON.parse(xhr.responseText) as CreatedImport);
        } catch {
          reject(problemOf(xhr));
        }
      } else reject(problemOf(xhr));
    };
    xhr.onerror = () => reject(new ApiError({ type: 'about:blank', title: 'Network error', status: 0, code: NETWORK_ERROR, detail: 'upload failed' }));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    if (signal) {
      if (signal.aborted) return reject(new DOMException('The upload was cancelled.', 'AbortError'));
      signal.addEventListener('abort', () => xhr.abort(), { once: true });
    }
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

export function useUploadImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, onProgress }: { file: File; onProgress: (fraction: number) => void }) => uploadTikTokExport(file, onProgress),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: dataKeys.imports(), exact: true }),
  });
}

export function useImports() {
  return useQuery({
    queryKey: dataKeys.imports(),
    queryFn: ({ signal }) => apiFetch<{ items: ImportView[] }>('/imports', { signal }),
    select: (data) => data.items,
    refetchInterval: (query) => (query.state.data?.items.some((i) => isActive(i.status)) ? POLL_MS : false),
  });
}

export function useImport(id: string) {
  return useQuery({
    queryKey: dataKeys.import(id),
    queryFn: ({ signal }) => apiFetch<ImportView>(`/imports/${encodeURIComponent(id)}`, { signal }),
    refetchInterval: (query) => (isActive(query.state.data?.status) ? POLL_MS : false),
  });
}

/** What finishing an import changes elsewhere: the profile, drafts, boards, the archive. */
function afterImport(queryClient: QueryClient) {
  void queryClient.invalidateQueries({ queryKey: dataKeys.drafts() });
  void queryClient.invalidateQueries({ queryKey: dataKeys.comments() });
  void queryClient.invalidateQueries({ queryKey: accountKeys.all });
  void queryClient.invalidateQueries({ queryKey: ['boards'] });
}

export function useApplyImport(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ApplyImportBody) => apiFetch<ImportView>(`/imports/${encodeURIComponent(id)}/apply`, { method: 'POST', body }),
    onSuccess: (view) => {
      queryClient.setQueryData(dataKeys.import(id), view);
      void queryClient.invalidateQueries({ queryKey: dataKeys.imports(), exact: true });
    },
  });
}

/** Called once when the page sees an import reach 'done'. */
export function useImportFinished() {
  const queryClient = useQueryClient();
  return () => afterImport(queryClient);
}

export function useFriendSuggestions(id: string, enabled: boolean) {
  return useQuery({
    queryKey: dataKeys.friends(id),
    queryFn: ({ signal }) => apiFetch<FriendSuggestions>(`/imports/${encodeURIComponent(id)}/friends`, { signal }),
    enabled,
  });
}

export function useDismissSuggestion(id: string) {
  const queryClient = useQueryClient();
  const key = dataKeys.friends(id);
  return useMutation({
    mutationFn: (tiktokUsername: string) => apiFetch<void>(`/imports/${encodeURIComponent(id)}/friends/dismiss`, { method: 'POST', body: { tiktokUsername } }),
    onSuccess: (_void, tiktokUsername) =>
      queryClient.setQueryData<FriendSuggestions>(key, (old) => (old ? { ...old, items: old.items.filter((f) => f.tiktokUsername !== tiktokUsername) } : old)),
  });
}

export const importStatusActive = (status: ImportStatus) => isActive(status);

// --- drafts and the comments archive -------------------------------------------------------------

export function useDrafts() {
  return useInfiniteQuery({
    queryKey: dataKeys.drafts(),
    queryFn: ({ pageParam, signal }) => apiFetch<PageOf<Draft>>('/me/drafts', { query: { cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** One draft by id: from the cached list when it is there, else by reading the list (bounded) until found. */
export async function findDraft(queryClient: QueryClient, id: string, signal?: AbortSignal): Promise<Draft | null> {
  const cached = queryClient.getQueryData<{ pages: PageOf<Draft>[] }>(dataKeys.drafts());
  const hit = cached?.pages.flatMap((p) => p.items).find((d) => d.id === id);
  if (hit) return hit;
  let cursor: string | undefined;
  for (let page = 0; page < 50; page++) {
    const got = await apiFetch<PageOf<Draft>>('/me/drafts', { query: { cursor }, signal });
    const found = got.items.find((d) => d.id === id);
    if (found) return found;
    if (!got.nextCursor) return null;
    cursor = got.nextCursor;
  }
  return null;
}

function dropDraft(queryClient: QueryClient, id: string) {
  queryClient.setQueryData<{ pages: PageOf<Draft>[]; pageParams: unknown[] }>(dataKeys.drafts(), (old) =>
    old ? { ...old, pages: old.pages.map((p) => ({ ...p, items: p.items.filter((d) => d.id !== id) })) } : old,
  );
}

export function useDeleteDraft() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/me/drafts/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: (_void, id) => dropDraft(queryClient, id),
  });
}

export function usePublishDraft(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PublishDraftBody) => apiFetch<{ noteId: string }>(`/me/drafts/${encodeURIComponent(id)}/publish`, { method: 'POST', body }),
    onSuccess: () => {
      dropDraft(queryClient, id);
      void queryClient.invalidateQueries({ queryKey: noteKeys.lists() });
    },
  });
}

export function useImportedComments() {
  return useInfiniteQuery({
    queryKey: dataKeys.comments(),
    queryFn: ({ pageParam, signal }) => apiFetch<PageOf<ArchivedComment>>('/me/imported-comments', { query: { cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

// --- exports -------------------------------------------------------------------------------------

export function useExports() {
  return useQuery({
    queryKey: dataKeys.exports(),
    queryFn: ({ signal }) => apiFetch<{ items: ExportView[] }>('/me/exports', { signal }),
    select: (data) => data.items,
    refetchInterval: (query) => (query.state.data?.items.some((e) => isActive(e.status)) ? POLL_MS : false),
  });
}

export function useStartExport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<{ id: string }>('/me/export', { method: 'POST' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: dataKeys.exports() }),
  });
}

// --- deleting the account ------------------------------------------------------------------------

export function useDeleteAccount() {
  return useMutation({
    mutationFn: (password: string) => apiFetch<DeletionScheduled>('/me', { method: 'DELETE', body: { password } }),
  });
}

// --- links kept in a board -----------------------------------------------------------------------

export function useBoardLinks(boardId: string, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: dataKeys.boardLinks(boardId),
    queryFn: ({ pageParam, signal }) => apiFetch<PageOf<BoardLink>>(`/boards/${encodeURIComponent(boardId)}/links`, { query: { cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}
