// /b/:id — one board: its name, owner, count and visibility, its notes in the waterfall, and for the
// owner: rename, public/private, delete (never the default "Saved") and taking notes out.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { Board } from '../../shared/api/boards.ts';
import type { NoteCard } from '../../shared/api/notes.ts';
import { useMe } from '../api/accounts.ts';
import { useBoard, useBoardNotes, useDeleteBoard, useUpdateBoard } from '../api/boards.ts';
import { useRemoveFromBoard } from '../api/boards-list.ts';
import { isApiError } from '../api/client.ts';
import { Avatar } from '../components/avatar.tsx';
import { Button, ButtonLink } from '../components/button.tsx';
import { EmptyState, Spinner } from '../components/empty-state.tsx';
import { MoreIcon } from '../components/icons.tsx';
import { Menu } from '../components/menu.tsx';
import { BoardIcon, CloseSmallIcon, LockSmallIcon } from '../components/note-card-icons.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { Waterfall } from '../components/waterfall.tsx';
import { describeError } from '../lib/errors.ts';
import { BoardDialog } from './board-dialog.tsx';
import { BoardLinks } from './board-links.tsx';
import { useBoardName } from './boards-tab.tsx';
import './board-page.css';

export function BoardPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const board = useBoard(id);

  if (board.isPending) return <Spinner label={t('common.loading')} />;
  if (board.isError) {
    if (isApiError(board.error) && (board.error.status === 404 || board.error.status === 400 || board.error.status === 403)) {
      return (
        <>
          <PageHeader backTo="/" />
          <EmptyState
            icon={<BoardIcon size={32} />}
            title={t('boardPage.notFoundTitle')}
            body={t('boardPage.notFoundBody')}
            actions={<ButtonLink to="/">{t('profile.goHome')}</ButtonLink>}
          />
        </>
      );
    }
    return (
      <EmptyState tone="error" title={describeError(t, board.error)} actions={<Button onClick={() => void board.refetch()}>{t('common.retry')}</Button>} />
    );
  }
  return <BoardView key={board.data.id} board={board.data} />;
}

function BoardView({ board }: { board: Board }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe().data ?? null;
  const isOwner = me !== null && me.handle.toLowerCase() === board.owner.handle.toLowerCase();
  const nameOf = useBoardName();
  const update = useUpdateBoard(board.id);
  const remove = useDeleteBoard(board.id);
  const [renaming, setRenaming] = useState(false);
  const ownerBoards = `/u/${board.owner.handle}/boards`;
  const name = nameOf(board);

  const onDelete = () => {
    if (!window.confirm(t('boardPage.deleteConfirm', { name }))) return;
    remove.mutate(undefined, { onSuccess: () => void navigate(ownerBoards, { replace: true }) });
  };

  const menuItems = [
    ...(board.isDefault ? [] : [{ key: 'rename', label: t('boardPage.rename'), onSelect: () => setRenaming(true) }]),
    {
      key: 'visibility',
      label: board.visibility === 'private' ? t('boardPage.makePublic') : t('boardPage.makePrivate'),
      onSelect: () => update.mutate({ visibility: board.visibility === 'private' ? 'public' : 'private' }),
    },
    ...(board.isDefault ? [] : [{ key: 'delete', label: t('boardPage.delete'), onSelect: onDelete, danger: true }]),
  ];
  const actionError = (update.isError && !renaming ? update.error : null) ?? (remove.isError ? remove.error : null);

  return (
    <article className="board-page wide-page">
      <PageHeader backTo={ownerBoards} actions={isOwner ? <Menu label={t('boardPage.actions')} trigger={<MoreIcon />} items={menuItems} /> : null} />
      <header className="board-page__head">
        <h1 className="board-page__name">{name}</h1>
        <div className="board-page__meta">
          <Link to={`/u/${board.owner.handle}`} className="board-page__owner">
            <Avatar user={board.owner} size="sm" />
            <span className="visually-hidden">{t('boardPage.by')} </span>
            <span>{board.owner.displayName}</span>
          </Link>
          <span aria-hidden="true">·</span>
          <span data-testid="board-count">{t('boardPage.noteCount', { count: board.noteCount })}</span>
          {board.visibility === 'private' ? (
            <span className="board-page__private">
              <LockSmallIcon size={14} />
              {t('boardPage.privateBadge')}
            </span>
          ) : null}
        </div>
        {actionError ? (
          <p className="field__error" role="alert">
            {describeError(t, actionError)}
          </p>
        ) : null}
      </header>
      <BoardNotes board={board} isOwner={isOwner} />
      <BoardLinks board={board} />
      {isOwner && !board.isDefault ? (
        <BoardDialog
          open={renaming}
          title={t('boardPage.renameTitle')}
          submitLabel={t('common.save')}
          pendingLabel={t('common.saving')}
          initial={{ name: board.name, visibility: board.visibility }}
          withVisibility={false}
          pending={update.isPending}
          error={renaming ? update.error : null}
          onClose={() => {
            setRenaming(false);
            update.reset();
          }}
          onSubmit={(value) => update.mutate({ name: value.name }, { onSuccess: () => setRenaming(false) })}
        />
      ) : null}
    </article>
  );
}

function BoardNotes({ board, isOwner }: { board: Board; isOwner: boolean }) {
  const { t } = useTranslation();
  const query = useBoardNotes(board.id);
  const removeNote = useRemoveFromBoard(board.id);
  const notes = query.data?.pages.flatMap((page) => page.items) ?? [];

  if (query.isPending) return <Spinner label={t('common.loading')} />;
  if (query.isError && notes.length === 0) {
    return (
      <EmptyState tone="error" title={describeError(t, query.error)} actions={<Button onClick={() => void query.refetch()}>{t('common.retry')}</Button>} />
    );
  }
  if (notes.length === 0) {
    // A board of links only (videos brought over from TikTok) is not empty: its links show below.
    if (board.linkCount > 0) return null;
    return (
      <EmptyState icon={<BoardIcon size={32} />} title={t('boardPage.emptyTitle')} body={isOwner ? t('boardPage.emptyOwnBody') : t('boardPage.emptyBody')} />
    );
  }
  const removeButton = (note: NoteCard) => (
    <button
      type="button"
      className="board-page__remove"
      aria-label={`${t('boardPage.removeNote')}: ${note.title || note.excerpt.slice(0, 30)}`}
      title={t('boardPage.removeNote')}
      onClick={() => removeNote.mutate(note.id)}
    >
      <CloseSmallIcon size={16} />
    </button>
  );
  return (
    <div className="board-page__grid">
      {removeNote.isError ? (
        <p className="field__error" role="alert">
          {describeError(t, removeNote.error)}
        </p>
      ) : null}
      <Waterfall
        notes={notes}
        label={board.isDefault ? t('boardPage.saved') : board.name}
        hasMore={query.hasNextPage}
        loadingMore={query.isFetchingNextPage}
        pages={query.data?.pages.length ?? 0}
        loadMoreError={query.isFetchNextPageError ? query.error : null}
        onLoadMore={() => void query.fetchNextPage()}
        renderAction={isOwner ? removeButton : undefined}
      />
    </div>
  );
}
