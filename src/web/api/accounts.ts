// Accounts, sessions, profiles and the follow/block/mute graph: query keys and hooks.
import { type QueryClient, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AuthResult, LogInBody, Me, Profile, SessionInfo, SignUpBody, UpdateMeBody, UserSummary } from '../../shared/api/accounts.ts';
import type { PageOf } from '../../shared/api/common.ts';
import { apiFetch, isApiError } from './client.ts';
import { invalidateFeeds } from './feed.ts';

export type FollowListKind = 'followers' | 'following';
export type Relation = 'follow' | 'block' | 'mute';

const norm = (handle: string) => handle.toLowerCase();

export const accountKeys = {
  all: ['accounts'] as const,
  me: () => [...accountKeys.all, 'me'] as const,
  sessions: () => [...accountKeys.all, 'sessions'] as const,
  profiles: () => [...accountKeys.all, 'profile'] as const,
  profile: (handle: string) => [...accountKeys.profiles(), norm(handle)] as const,
  lists: () => [...accountKeys.all, 'list'] as const,
  list: (handle: string, kind: FollowListKind) => [...accountKeys.lists(), norm(handle), kind] as const,
};

const FOLLOW_PAGE_SIZE = 20;

// --- me & sessions ---------------------------------------------------------------------------

/**
 * The server sets this readable cookie beside the httpOnly session cookie (and clears it with it):
 * without it no one is signed in, and asking `/me` would only earn a 401 in the console.
 */
const SESSION_HINT = 'biji_signed_in';

export function maySignedIn(): boolean {
  return document.cookie.split(';').some((c) => c.trim().startsWith(`${SESSION_HINT}=`));
}

/** The session behind the hint is gone (expired, revoked elsewhere): stop asking until the next sign-in. */
export function forgetSessionHint(): void {
  // biome-ignore lint/suspicious/noDocumentCookie: one expiry of a flag cookie; the Cookie Store API is not in every supported browser
  document.cookie = `${SESSION_HINT}=; path=/; max-age=0; samesite=lax`;
}

/** The signed-in account, or null when signed out (a 401 is an answer here, not an error). */
export async function fetchMe(): Promise<Me | null> {
  if (!maySignedIn()) return null;
  try {
    return await apiFetch<Me>('/me');
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      forgetSessionHint();
      return null;
    }
    throw error;
  }
}

export function useMe() {
  return useQuery({ queryKey: accountKeys.me(), queryFn: fetchMe, staleTime: 60_000 });
}

/** Forget everything cached for the previous viewer, then remember the new one. */
function startSession(queryClient: QueryClient, me: Me | null) {
  queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== accountKeys.all[0] || q.queryKey[1] !== 'me' });
  queryClient.setQueryData(accountKeys.me(), me);
}

export function useSignUp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SignUpBody) => apiFetch<AuthResult>('/accounts', { method: 'POST', body }),
    onSuccess: (result) => startSession(queryClient, result.user),
  });
}

export function useLogIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LogInBody) => apiFetch<AuthResult>('/sessions', { method: 'POST', body }),
    onSuccess: (result) => startSession(queryClient, result.user),
  });
}

/**
 * Ends this device's session. With `leave`, the caller takes the visitor elsewhere with a full
 * page load (e.g. `location.replace('/login')`), which forgets every cached thing of the account at
 * once; clearing the cache in place instead would first re-render signed-in pages signed out.
 */
export function useLogOut({ leave }: { leave?: () => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      try {
        await apiFetch<void>('/sessions/current', { method: 'DELETE' });
      } catch (error) {
        // Already signed out (expired or revoked elsewhere): the goal is reached.
        if (!(isApiError(error) && error.status === 401)) throw error;
      }
    },
    onSuccess: () => (leave ? leave() : startSession(queryClient, null)),
  });
}

export function useUpdateMe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateMeBody) => apiFetch<Me>('/me', { method: 'PATCH', body }),
    onSuccess: (me) => {
      queryClient.setQueryData(accountKeys.me(), me);
      void queryClient.invalidateQueries({ queryKey: accountKeys.profile(me.handle) });
      void queryClient.invalidateQueries({ queryKey: accountKeys.lists() });
    },
  });
}

export function useSessions() {
  return useQuery({
    queryKey: accountKeys.sessions(),
    queryFn: () => apiFetch<{ items: SessionInfo[] }>('/sessions'),
    select: (data) => data.items,
  });
}

export function useRevokeSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: (_void, id) => {
      queryClient.setQueryData<{ items: SessionInfo[] }>(accountKeys.sessions(), (old) => (old ? { items: old.items.filter((s) => s.id !== id) } : old));
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: accountKeys.sessions() }),
  });
}

// --- profiles & the social graph -------------------------------------------------------------

export function useProfile(handle: string) {
  return useQuery({
    queryKey: accountKeys.profile(handle),
    // platform/web.ts preloads this very URL on the profile page: keep the two in step.
    queryFn: ({ signal }) => apiFetch<Profile>(`/users/${encodeURIComponent(handle)}`, { signal }),
    retry: (count, error) => !(isApiError(error) && error.status < 500) && count < 2,
  });
}

export function useFollowList(handle: string, kind: FollowListKind) {
  return useInfiniteQuery({
    queryKey: accountKeys.list(handle, kind),
    queryFn: ({ pageParam, signal }) =>
      apiFetch<PageOf<UserSummary>>(`/users/${encodeURIComponent(handle)}/${kind}`, {
        query: { cursor: pageParam, limit: FOLLOW_PAGE_SIZE },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

type RelationChange = { relation: Relation; on: boolean };

/** What a relation change does to the cached profile, applied before the server answers. */
function applyRelation(profile: Profile, { relation, on }: RelationChange): Profile {
  if (!profile.viewer) return profile;
  const viewer = { ...profile.viewer };
  let followersCount = profile.followersCount;
  if (relation === 'follow') {
    if (viewer.following !== on) followersCount += on ? 1 : -1;
    viewer.following = on;
  } else if (relation === 'block') {
    viewer.blocking = on;
    // Blocking ends a follow in both directions.
    if (on && viewer.following) followersCount -= 1;
    if (on) viewer.following = false;
  } else {
    viewer.muting = on;
  }
  return { ...profile, viewer, followersCount: Math.max(0, followersCount) };
}

/** Follow, block or mute (on) — or undo it (off) — with an optimistic profile update. */
export function useRelation(handle: string) {
  const queryClient = useQueryClient();
  const key = accountKeys.profile(handle);
  return useMutation({
    mutationFn: ({ relation, on }: RelationChange) => apiFetch<void>(`/users/${encodeURIComponent(handle)}/${relation}`, { method: on ? 'PUT' : 'DELETE' }),
    onMutate: async (change) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<Profile>(key);
      if (previous) queryClient.setQueryData(key, applyRelation(previous, change));
      return { previous };
    },
    onError: (_error, _change, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous);
    },
    onSettled: (_void, _error, { relation }) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: key }),
        queryClient.invalidateQueries({ queryKey: accountKeys.lists() }),
        queryClient.invalidateQueries({ queryKey: accountKeys.me() }),
        // A follow changes the Following feed; a block or a mute hides a person's notes from every feed.
        invalidateFeeds(queryClient, relation === 'follow' ? 'following' : 'all'),
      ]),
  });
}
