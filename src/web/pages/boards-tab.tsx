// A profile's Boards tab: tiles (cover, name, count, a lock when private) and, on my own profile,
// "New board".
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Board } from '../../shared/api/boards.ts';
import { useCreateBoard, useUserBoards } from '../api/boards.ts';
import { isApiError } from '../api/client.ts';
import { Button } from '../components/button.tsx';
import { EmptyState, Spinner } from '../components/empty-state.tsx';
import { BoardIcon, FolderPlusIcon, LockSmallIcon } from '../components/note-card-icons.tsx';
import { describeError } from '../lib/errors.ts';
import { placeholderStyle } from '../lib/thumbhash-image.ts';
import { BoardDialog } from './board-dialog.tsx';
import './boards-tab.css';

/** The default board's name in the reader's language; the others as their owner wrote them. */
export function useBoardName() {
  const { t } = useTranslation();
  return (board: Pick<Board, 'name' | 'isDefault'>) => (board.isDefault ? t('boardPage.saved') : board.name);
}

export function BoardsTab({ handle, isSelf }: { handle: string; isSelf: boolean }) {
  const { t } = useTranslation();
  const query = useUserBoards(handle);
  const create = useCreateBoard();
  const [creating, setCreating] = useState(false);
  const boards = query.data?.pages.flatMap((page) => page.items) ?? [];

  let body: ReactNode;
  if (query.isPending) body = <Spinner label={t('common.loading')} />;
  else if (query.isError && boards.length === 0 && !(isApiError(query.error) && query.error.status === 404)) {
    body = (
      <EmptyState tone="error" title={describeError(t, query.error)} actions={<Button onClick={() => void query.refetch()}>{t('common.retry')}</Button>} />
    );
  } else if (boards.length === 0) {
    body = <EmptyState icon={<BoardIcon size={32} />} title={t('profileTabs.boardsTitle')} body={t('profileTabs.boardsBody', { handle })} />;
  } else {
    body = (
      <>
        <ul className="boards-grid" aria-label={t('profileTabs.boards')}>
          {boards.map((board) => (
            <li key={board.id}>
              <BoardTile board={board} />
            </li>
          ))}
        </ul>
        {query.hasNextPage ? (
          <div className="waterfall__foot">
            <Button variant="secondary" size="sm" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
              {t('common.loadMore')}
            </Button>
          </div>
        ) : null}
      </>
    );
  }

  return (
    <div className="boards-tab">
      {isSelf ? (
        <div className="boards-tab__bar">
          <Button variant="secondary" size="sm" icon={<FolderPlusIcon size={18} />} onClick={() => setCreating(true)}>
            {t('boardPage.newBoard')}
          </Button>
        </div>
      ) : null}
      {body}
      {isSelf ? (
        <BoardDialog
          open={creating}
          title={t('boardPage.newBoardTitle')}
          submitLabel={t('boardPage.create')}
          pendingLabel={t('boardPage.creating')}
          pending={create.isPending}
          error={create.error}
          onClose={() => {
            setCreating(false);
            create.reset();
          }}
          onSubmit={(value) => create.mutate(value, { onSuccess: () => setCreating(false) })}
        />
      ) : null}
    </div>
  );
}

export function BoardTile({ board }: { board: Board }) {
  const { t } = useTranslation();
  const nameOf = useBoardName();
  const cover = board.cover;
  const src = cover ? (cover.urls['360'] ?? cover.urls.poster ?? cover.urls.original) : undefined;
  return (
    <Link to={`/b/${board.id}`} className="board-tile" data-testid="board-tile">
      <span className="board-tile__cover" style={cover ? placeholderStyle(cover.placeholder, cover.dominantColor) : undefined}>
        {src ? <img src={src} alt="" loading="lazy" decoding="async" /> : <BoardIcon size={32} />}
      </span>
      <span className="board-tile__text">
        <span className="board-tile__name">
          {board.visibility === 'private' ? (
            <span className="board-tile__lock" title={t('boardPage.privateBadge')}>
              <LockSmallIcon size={14} />
              <span className="visually-hidden">{t('boardPage.privateBadge')}</span>
            </span>
          ) : null}
          <span className="board-tile__label">{nameOf(board)}</span>
        </span>
        <span className="board-tile__count">{t('boardPage.noteCount', { count: board.noteCount })}</span>
      </span>
    </Link>
  );
}
