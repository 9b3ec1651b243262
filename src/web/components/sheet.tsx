// A sheet from the bottom on phones and a dialog on desktop, on the native <dialog> (focus kept inside,
// Escape closes, the page behind inert): its content is rendered only while it is open. The collect
// sheet and the dictionary card are sheets; `SheetHead` is their title row with a close button.
import { type ReactNode, useEffect, useRef } from 'react';
import { CloseIcon } from './action-bar-icons.tsx';
import './sheet.css';

export type SheetProps = {
  open: boolean;
  onClose: () => void;
  /** the id of the element that names the sheet (its title) */
  labelledBy: string;
  /** the sheet's own class, for its size and its content's styles */
  className?: string;
  children: ReactNode;
};

export function Sheet({ open, onClose, labelledBy, className, children }: SheetProps) {
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (open && !el.open) el.showModal();
    else if (!open && el.open) el.close();
  }, [open]);

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the backdrop click is the pointer twin of Escape, which the dialog handles natively
    <dialog
      ref={dialog}
      className={`sheet ${className ?? ''}`}
      aria-labelledby={labelledBy}
      onClose={onClose}
      onClick={(e) => {
        // A click on the backdrop (the dialog element itself, outside its panel) closes it.
        if (e.target === e.currentTarget) onClose();
      }}
    >
      {open ? children : null}
    </dialog>
  );
}

/** A sheet's title (naming it: `titleId`) and its close button. */
export function SheetHead({
  titleId,
  title,
  titleClassName,
  closeLabel,
  onClose,
}: {
  titleId: string;
  title: ReactNode;
  titleClassName?: string;
  closeLabel: string;
  onClose: () => void;
}) {
  return (
    <header className="sheet__head">
      <h2 id={titleId} className={`sheet__title ${titleClassName ?? ''}`}>
        {title}
      </h2>
      <button type="button" className="icon-circle icon-circle--lg sheet__close" onClick={onClose} aria-label={closeLabel}>
        <CloseIcon size={20} />
      </button>
    </header>
  );
}
