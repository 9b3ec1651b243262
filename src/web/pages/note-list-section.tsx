// A public list of notes in the waterfall, with its loading, error and empty states: the home
// page's latest notes and a tag page's notes share it.
import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import { type ReactNode, useDeferredValue } from 'react';
import { useTranslation } from 'react-i18next';
import type { PageOf } from '../../shared/api/common.ts';
import type { NoteCard } from '../../shared/api/notes.ts';
import { Button } from '../components/button.tsx';
import { EmptyState, Spinner } from '../components/empty-state.tsx';
import { Waterfall } from '../components/waterfall.tsx';
import { describeError } from '../lib/errors.ts';

export type NoteListSectionProps = {
  query: UseInfiniteQueryResult<InfiniteData<PageOf<NoteCard>, unknown>>;
  label: string;
  /** What to show when the list is empty. */
  empty: ReactNode;
};

export function NoteListSection({ query, label, empty }: NoteListSectionProps) {
  const { t } = useTranslation();
  // A query's answer is a store update, which React renders in one piece; a deferred copy renders the
  // grid as a transition, in slices that leave the main thread free (no long task on a slow phone).
  const data = useDeferredValue(query.data);
  const notes = data?.pages.flatMap((page) => page.items) ?? [];
  if (query.isPending || (query.data && !data)) return <Spinner label={t('common.loading')} />;
  if (query.isError && notes.length === 0) {
    return (
      <EmptyState tone="error" title={describeError(t, query.error)} actions={<Button onClick={() => void query.refetch()}>{t('common.retry')}</Button>} />
    );
  }
  if (notes.length === 0) return empty;
  return (
    <Waterfall
      notes={notes}
      label={label}
      hasMore={query.hasNextPage}
      loadingMore={query.isFetchingNextPage}
      pages={data?.pages.length ?? 0}
      loadMoreError={query.isFetchNextPageError ? query.error : null}
      onLoadMore={() => void query.fetchNextPage()}
    />
  );
}
