import { type KeyboardEvent as ReactKeyboardEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import './menu.css';

export type MenuItem = { key: string; label: string; onSelect: () => void; danger?: boolean };

export type MenuProps = {
  /** Accessible name of the trigger button. */
  label: string;
  /** Content of the trigger button (usually an icon). */
  trigger: ReactNode;
  items: MenuItem[];
  /** Extra classes: the root's and the trigger's (a card's small "⋯" instead of the round button). */
  className?: string;
  triggerClassName?: string;
  /** Controlled: open from elsewhere too (a long press on the card the menu belongs to). */
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
};

/** A small popover menu: opens on click, closes on choice, Escape or a click outside. */
export function Menu({ label, trigger, items, className, triggerClassName, open: openProp, onOpenChange }: MenuProps) {
  const [openState, setOpenState] = useState(false);
  const open = openProp ?? openState;
  const setOpen = (next: boolean) => {
    if (openProp === undefined) setOpenState(next);
    onOpenChange?.(next);
  };
  // The listeners below see the latest setter without re-subscribing on every render.
  const setOpenRef = useRef(setOpen);
  setOpenRef.current = setOpen;
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (!open) return;
    listRef.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
    const onPointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpenRef.current(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpenRef.current(false);
        buttonRef.current?.focus();
      }
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const onListKey = (event: ReactKeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const entries = Array.from(listRef.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? []);
    const at = entries.indexOf(document.activeElement as HTMLButtonElement);
    const next = (at + (event.key === 'ArrowDown' ? 1 : -1) + entries.length) % entries.length;
    entries[next]?.focus();
  };

  return (
    <div className={className ? `menu ${className}` : 'menu'} ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className={triggerClassName ? `menu__trigger ${triggerClassName}` : 'menu__trigger'}
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen(!open)}
      >
        {trigger}
      </button>
      {open ? (
        <div id={menuId} className="menu__list" role="menu" aria-label={label} ref={listRef} onKeyDown={onListKey}>
          {items.map((item) => (
            <button
              key={item.key}
              type="button"
              role="menuitem"
              className={`menu__item ${item.danger ? 'menu__item--danger' : ''}`}
              onClick={() => {
                setOpen(false);
                item.onSelect();
              }}
            >
              {item.label}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
