// A public list of notes in the waterfall, with its loading, error and empty states: the home
// page's feeds and a topic page's notes share it.
import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import { type ReactNode, useDeferredValue, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { PageOf } from '../../shared/api/common.ts';
import type { NoteCard } from '../../shared/api/notes.ts';
import { Button } from '../components/button.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import type { MenuItem } from '../components/menu.tsx';
import { Waterfall, WaterfallSkeleton } from '../components/waterfall.tsx';
import { describeError } from '../lib/errors.ts';
import type { ImpressionTracker } from '../lib/signals.ts';

export type NoteListSectionProps = {
  query: UseInfiniteQueryResult<InfiniteData<PageOf<NoteCard>, unknown>>;
  label: string;
  /** What to show when the list is empty. */
  empty: ReactNode;
  /** A per-card "⋯" menu. */
  cardMenu?: (note: NoteCard) => MenuItem[] | undefined;
  /** Counts the cards seen. */
  tracker?: ImpressionTracker | null;
  /** What to say at the end instead of "That's all". */
  end?: ReactNode;
};

/** Each note once, in the order of its first appearance (a page may overlap the one before). */
export function uniqueNotes(pages: readonly PageOf<NoteCard>[] | undefined): NoteCard[] {
  const seen = new Set<string>();
  const out: NoteCard[] = [];
  for (const page of pages ?? []) {
    for (const note of page.items) {
      if (seen.has(note.id)) continue;
      seen.add(note.id);
      out.push(note);
    }
  }
  return out;
}

export function NoteListSection({ query, label, empty, cardMenu, tracker, end }: NoteListSectionProps) {
  const { t } = useTranslation();
  // A query's answer is a store update, which React renders in one piece; a deferred copy renders the
  // grid as a transition, in slices that leave the main thread free (no long task on a slow phone).
  const data = useDeferredValue(query.data);
  const notes = useMemo(() => uniqueNotes(data?.pages), [data]);
  if (query.isPending || (query.data && !data)) {
    // Fetching, or not asked (a disabled query): placeholders in the shape of the grid to come.
    return query.fetchStatus === 'idle' && query.isPending ? null : <WaterfallSkeleton label={t('common.loading')} />;
  }
  if (query.isError && notes.length === 0) {
    return (
      <EmptyState tone="error" title={describeError(t, query.error)} actions={<Button onClick={() => void query.refetch()}>{t('common.retry')}</Button>} />
    );
  }
  if (notes.length === 0) return empty;
  // A page that has come but is not drawn yet still counts as loading: no next page is asked for
  // before it is on screen (else the end stays in view, and page after page is fetched unseen).
  const drawing = (query.data?.pages.length ?? 0) > (data?.pages.length ?? 0);
  return (
    <Waterfall
      notes={notes}
      label={label}
      hasMore={query.hasNextPage}
      loadingMore={query.isFetchingNextPage || drawing}
      pages={data?.pages.length ?? 0}
      loadMoreError={query.isFetchNextPageError ? query.error : null}
      onLoadMore={() => void query.fetchNextPage()}
      cardMenu={cardMenu}
      tracker={tracker}
      end={end}
    />
  );
}
