// Choose which of my boards hold a note: a sheet from the bottom on phones, a dialog on desktop.
// Each tick saves at once; "New board" makes one and puts the note in it.
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Board } from '../../shared/api/boards.ts';
import { BOARD_LIMITS } from '../../shared/rules/notes.ts';
import { useBoardNote, useCreateBoard, useNoteBoards, useUserBoards } from '../api/boards.ts';
import { describeError, fieldErrors } from '../lib/errors.ts';
import { CheckIcon, LockIcon } from './action-bar-icons.tsx';
import { BlurImage } from './blur-image.tsx';
import { Button } from './button.tsx';
import { PlusIcon } from './icons.tsx';
import { Sheet, SheetHead } from './sheet.tsx';
import './collect-sheet.css';

const BOARD_NAME_MAX = BOARD_LIMITS.nameChars;

export type CollectSheetProps = {
  open: boolean;
  onClose: () => void;
  noteId: string;
  /** The signed-in person's handle: their boards are listed. */
  me: string;
};

export function CollectSheet({ open, onClose, noteId, me }: CollectSheetProps) {
  const titleId = useId();
  return (
    <Sheet open={open} onClose={onClose} labelledBy={titleId} className="collect-sheet">
      <SheetBody titleId={titleId} noteId={noteId} me={me} onClose={onClose} />
    </Sheet>
  );
}

function SheetBody({ titleId, noteId, me, onClose }: { titleId: string; noteId: string; me: string; onClose: () => void }) {
  const { t } = useTranslation();
  const boards = useUserBoards(me);
  const holding = useNoteBoards(noteId);
  const toggle = useBoardNote(noteId);
  const list = (boards.data?.pages ?? []).flatMap((p) => p.items);

  return (
    <div className="sheet__panel">
      <SheetHead titleId={titleId} title={t('collect.title')} closeLabel={t('common.cancel')} onClose={onClose} />
      <NewBoard onCreated={(board) => toggle.mutate({ boardId: board.id, on: true })} />
      {boards.isPending || holding.isPending ? (
        <p className="sheet__status muted">{t('common.loading')}</p>
      ) : boards.isError || holding.isError ? (
        <p className="sheet__status sheet__error">{describeError(t, boards.error ?? holding.error)}</p>
      ) : list.length === 0 ? (
        <p className="sheet__status muted">{t('collect.empty')}</p>
      ) : (
        <ul className="sheet__list">
          {list.map((board) => (
            <BoardRow key={board.id} board={board} checked={holding.data?.has(board.id) ?? false} onChange={(on) => toggle.mutate({ boardId: board.id, on })} />
          ))}
        </ul>
      )}
      {boards.hasNextPage ? (
        <Button variant="ghost" size="sm" onClick={() => void boards.fetchNextPage()} loading={boards.isFetchingNextPage}>
          {t('collect.loadMore')}
        </Button>
      ) : null}
      {toggle.isError ? (
        <p className="sheet__error" role="alert">
          {describeError(t, toggle.error)}
        </p>
      ) : null}
      <div className="collect-sheet__foot">
        <Button block onClick={onClose}>
          {t('collect.done')}
        </Button>
      </div>
    </div>
  );
}

function BoardRow({ board, checked, onChange }: { board: Board; checked: boolean; onChange: (on: boolean) => void }) {
  const { t } = useTranslation();
  const name = board.isDefault ? t('collect.saved') : board.name;
  return (
    <li>
      <label className="board-row">
        <span className="board-row__cover">
          {board.cover ? <BlurImage media={board.cover} alt="" sizes="48px" fit="none" className="board-row__image" /> : null}
        </span>
        <span className="sheet__row-text">
          <span className="sheet__row-name">
            {name}
            {board.visibility === 'private' ? (
              <span className="board-row__private" title={t('collect.private')}>
                <LockIcon size={12} />
                <span className="visually-hidden">{t('collect.private')}</span>
              </span>
            ) : null}
          </span>
          <span className="board-row__count">{t('collect.notes', { count: board.noteCount })}</span>
        </span>
        <input type="checkbox" className="board-row__input" checked={checked} onChange={(e) => onChange(e.target.checked)} />
        <span className="board-row__check" aria-hidden="true">
          <CheckIcon size={16} />
        </span>
      </label>
    </li>
  );
}

function NewBoard({ onCreated }: { onCreated: (board: Board) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const create = useCreateBoard();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  // The field appears because "New board" was pressed: typing goes straight into it.
  useEffect(() => {
    if (open) input.current?.focus();
  }, [open]);

  if (!open) {
    return (
      <button type="button" className="collect-sheet__new" onClick={() => setOpen(true)}>
        <span className="collect-sheet__new-icon">
          <PlusIcon size={20} />
        </span>
        {t('collect.newBoard')}
      </button>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    create.mutate(
      { name: trimmed },
      {
        onSuccess: (board) => {
          setName('');
          setOpen(false);
          onCreated(board);
        },
      },
    );
  };
  const error = create.isError ? (fieldErrors(create.error, t).name ?? describeError(t, create.error)) : null;

  return (
    <form className="collect-sheet__form" onSubmit={submit}>
      <label htmlFor={inputId} className="visually-hidden">
        {t('collect.boardName')}
      </label>
      <input
        id={inputId}
        className="collect-sheet__input"
        value={name}
        maxLength={BOARD_NAME_MAX}
        placeholder={t('collect.boardName')}
        onChange={(e) => setName(e.target.value)}
        ref={input}
      />
      <Button type="submit" size="sm" loading={create.isPending} disabled={!name.trim()}>
        {t('collect.create')}
      </Button>
      {error ? (
        <p className="sheet__error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
