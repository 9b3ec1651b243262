// The "New board" and "Rename board" form, in a native modal <dialog> (focus trap, Escape and the
// top layer for free).
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoardVisibility } from '../../shared/api/boards.ts';
import { BOARD_LIMITS } from '../../shared/rules/notes.ts';
import { Button } from '../components/button.tsx';
import { CloseSmallIcon } from '../components/note-card-icons.tsx';
import { TextField } from '../components/text-field.tsx';
import { describeError, fieldErrors } from '../lib/errors.ts';
import './board-dialog.css';

export const BOARD_NAME_MAX = BOARD_LIMITS.nameChars;

export type BoardDialogValue = { name: string; visibility: BoardVisibility };

export type BoardDialogProps = {
  open: boolean;
  title: string;
  submitLabel: string;
  pendingLabel: string;
  initial?: BoardDialogValue;
  /** Renaming keeps visibility where it is (that's its own menu item). */
  withVisibility?: boolean;
  pending: boolean;
  error: unknown;
  onSubmit: (value: BoardDialogValue) => void;
  onClose: () => void;
};

export function BoardDialog({
  open,
  title,
  submitLabel,
  pendingLabel,
  initial = { name: '', visibility: 'public' },
  withVisibility = true,
  pending,
  error,
  onSubmit,
  onClose,
}: BoardDialogProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [name, setName] = useState(initial.name);
  const [visibility, setVisibility] = useState<BoardVisibility>(initial.visibility);
  const [touched, setTouched] = useState(false);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setName(initial.name);
      setVisibility(initial.visibility);
      setTouched(false);
      dialog.showModal();
    } else if (!open && dialog.open) {
      dialog.close();
    }
    // The initial values are read when the dialog opens; while it is open they change nothing.
  }, [open, initial.name, initial.visibility]);

  const length = Array.from(name.trim()).length;
  const localError = length === 0 ? t('boardPage.nameRequired') : length > BOARD_NAME_MAX ? t('boardPage.nameTooLong') : undefined;
  const server = error ? fieldErrors(error, t) : {};
  const nameError = (touched ? localError : undefined) ?? server.name;
  const formError = error && !server.name ? describeError(t, error) : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (localError || pending) return;
    onSubmit({ name: name.trim(), visibility });
  };

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the backdrop click is the pointer twin of Escape, which the dialog handles natively
    <dialog
      ref={ref}
      className="board-dialog"
      aria-labelledby={titleId}
      onClose={onClose}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClick={(event) => {
        // A click on the backdrop lands on the <dialog> itself.
        if (event.target === ref.current) onClose();
      }}
    >
      <form className="board-dialog__form" onSubmit={submit} noValidate>
        <header className="board-dialog__head">
          <h2 id={titleId} className="board-dialog__title">
            {title}
          </h2>
          <button type="button" className="board-dialog__close" onClick={onClose} aria-label={t('boardPage.close')}>
            <CloseSmallIcon size={20} />
          </button>
        </header>
        {formError ? (
          <p className="form-alert" role="alert">
            {formError}
          </p>
        ) : null}
        <TextField
          label={t('boardPage.name')}
          name="boardName"
          value={name}
          maxLength={BOARD_NAME_MAX * 2}
          autoComplete="off"
          onChange={(e) => setName(e.target.value)}
          onBlur={() => setTouched(true)}
          hint={t('boardPage.nameHint')}
          error={nameError}
          aside={`${length}/${BOARD_NAME_MAX}`}
        />
        {withVisibility ? (
          <fieldset className="board-dialog__choices">
            <legend className="board-dialog__legend">{t('boardPage.visibility')}</legend>
            {(['public', 'private'] as const).map((v) => (
              <label key={v} className="board-dialog__choice">
                <input type="radio" name="visibility" value={v} checked={visibility === v} onChange={() => setVisibility(v)} />
                <span className="board-dialog__choice-text">
                  <strong>{t(v === 'public' ? 'boardPage.public' : 'boardPage.private')}</strong>
                  <span>{t(v === 'public' ? 'boardPage.publicHint' : 'boardPage.privateHint')}</span>
                </span>
              </label>
            ))}
          </fieldset>
        ) : null}
        <div className="board-dialog__actions">
          <Button type="button" variant="ghost" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={pending}>
            {pending ? pendingLabel : submitLabel}
          </Button>
        </div>
      </form>
    </dialog>
  );
}
