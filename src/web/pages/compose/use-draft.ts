// Finishing a draft brought over from TikTok: /compose?draft=<id> opens the composer prefilled with it.
// The drafts page hands the draft over in the navigation state; after a reload it is looked up again.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocation, useSearchParams } from 'react-router';
import type { Draft } from '../../../shared/api/portability.ts';
import { findDraft } from '../../api/portability.ts';

export type DraftToFinish = { id: null } | { id: string; draft: Draft | null | undefined; isPending: boolean; error: unknown };

export function useDraftToFinish(): DraftToFinish {
  const [params] = useSearchParams();
  const location = useLocation();
  const queryClient = useQueryClient();
  const id = params.get('draft');
  const handed = (location.state as { draft?: Draft } | null)?.draft;
  const fromState = handed && handed.id === id ? handed : undefined;
  const query = useQuery({
    queryKey: ['data', 'draft', id],
    queryFn: ({ signal }) => findDraft(queryClient, id ?? '', signal),
    enabled: Boolean(id) && !fromState,
    staleTime: Number.POSITIVE_INFINITY,
  });
  if (!id) return { id: null };
  if (fromState) return { id, draft: fromState, isPending: false, error: null };
  return { id, draft: query.data, isPending: query.isPending, error: query.error };
}

/** The draft's body with its hashtags, each written once (a caption usually carries them already). */
export function draftBody(draft: Draft): string {
  const missing = draft.hashtags.filter((tag) => !new RegExp(`#${tag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}_])`, 'iu').test(draft.body));
  if (missing.length === 0) return draft.body;
  const tags = missing.map((tag) => `#${tag}`).join(' ');
  return draft.body ? `${draft.body}\n${tags}` : tags;
}
