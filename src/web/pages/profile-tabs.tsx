// Under a profile's header: Notes / Collects / Boards, each its own URL (/u/:handle, /collects, /boards).
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import type { Profile } from '../../shared/api/accounts.ts';
import { isApiError } from '../api/client.ts';
import { type UserNotesKind, userNotesKeys, useUserNotes } from '../api/user-notes.ts';
import { Button, ButtonLink } from '../components/button.tsx';
import { EmptyState, Spinner } from '../components/empty-state.tsx';
import { NoteIcon, PlusIcon } from '../components/icons.tsx';
import { StarOutlineIcon } from '../components/note-card-icons.tsx';
import { Tabs } from '../components/tabs.tsx';
import { Waterfall } from '../components/waterfall.tsx';
import { describeError } from '../lib/errors.ts';
import { BoardsTab } from './boards-tab.tsx';
import './profile-tabs.css';

export type ProfileTab = 'notes' | 'collects' | 'boards';

export function profileTabOf(pathname: string): ProfileTab {
  const last = pathname.replace(/\/+$/, '').split('/').pop()?.toLowerCase();
  return last === 'collects' || last === 'boards' ? last : 'notes';
}

export function ProfileTabs({ profile, isSelf }: { profile: Profile; isSelf: boolean }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const tab = profileTabOf(pathname);
  const base = `/u/${profile.handle}`;
  useRefreshOnRelationChange(profile);
  return (
    <section className="profile-tabs wide-page" aria-label={t('profileTabs.label')}>
      <Tabs
        label={t('profileTabs.label')}
        items={[
          { to: base, label: t('profileTabs.notes') },
          { to: `${base}/collects`, label: t('profileTabs.collects') },
          { to: `${base}/boards`, label: t('profileTabs.boards') },
        ]}
      />
      <div className="profile-tabs__panel">
        {tab === 'boards' ? <BoardsTab handle={profile.handle} isSelf={isSelf} /> : <NotesTab key={tab} handle={profile.handle} kind={tab} isSelf={isSelf} />}
      </div>
    </section>
  );
}

/** Following (or blocking) changes which notes I may see: refetch the lists when it changes. */
function useRefreshOnRelationChange(profile: Profile) {
  const queryClient = useQueryClient();
  const relation = profile.viewer ? `${profile.viewer.following}:${profile.viewer.blocking}` : 'none';
  const previous = useRef(relation);
  useEffect(() => {
    if (previous.current === relation) return;
    previous.current = relation;
    void queryClient.invalidateQueries({ queryKey: userNotesKeys.ofUser(profile.handle) });
    void queryClient.invalidateQueries({ queryKey: ['boards'] });
  }, [relation, profile.handle, queryClient]);
}

function NotesTab({ handle, kind, isSelf }: { handle: string; kind: Exclude<UserNotesKind, 'likes'>; isSelf: boolean }) {
  const { t } = useTranslation();
  const query = useUserNotes(handle, kind);
  const notes = query.data?.pages.flatMap((page) => page.items) ?? [];

  if (query.isPending) return <Spinner label={t('common.loading')} />;
  // A 404 here is a blocked or vanished account: the header already says what there is to say.
  if (query.isError && notes.length === 0 && !(isApiError(query.error) && query.error.status === 404)) {
    return (
      <EmptyState tone="error" title={describeError(t, query.error)} actions={<Button onClick={() => void query.refetch()}>{t('common.retry')}</Button>} />
    );
  }
  if (notes.length === 0) return <NotesEmpty kind={kind} isSelf={isSelf} handle={handle} />;
  return (
    <Waterfall
      notes={notes}
      label={t(kind === 'notes' ? 'profileTabs.notes' : 'profileTabs.collects')}
      hasMore={query.hasNextPage}
      loadingMore={query.isFetchingNextPage}
      pages={query.data?.pages.length ?? 0}
      loadMoreError={query.isFetchNextPageError ? query.error : null}
      onLoadMore={() => void query.fetchNextPage()}
    />
  );
}

function NotesEmpty({ kind, isSelf, handle }: { kind: 'notes' | 'collects'; isSelf: boolean; handle: string }) {
  const { t } = useTranslation();
  if (kind === 'notes') {
    return isSelf ? (
      <EmptyState
        icon={<NoteIcon size={32} />}
        title={t('profileTabs.myNotesTitle')}
        body={t('profileTabs.myNotesBody')}
        actions={
          <ButtonLink to="/compose" icon={<PlusIcon size={18} />}>
            {t('profileTabs.postNote')}
          </ButtonLink>
        }
      />
    ) : (
      <EmptyState icon={<NoteIcon size={32} />} title={t('profileTabs.notesTitle')} body={t('profileTabs.notesBody', { handle })} />
    );
  }
  return isSelf ? (
    <EmptyState icon={<StarOutlineIcon size={32} />} title={t('profileTabs.myCollectsTitle')} body={t('profileTabs.myCollectsBody')} />
  ) : (
    <EmptyState icon={<StarOutlineIcon size={32} />} title={t('profileTabs.collectsTitle')} body={t('profileTabs.collectsBody', { handle })} />
  );
}
