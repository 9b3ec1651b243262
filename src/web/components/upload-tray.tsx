// The composer's row of thumbnails: each with its upload progress, a remove button and, on the first,
// the "Cover" mark. Reorder by dragging (mouse at once; finger after a short press, so the page still
// scrolls) or from the keyboard: focus a thumbnail and press ← or →.
import { type KeyboardEvent, type PointerEvent, type ReactNode, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AlertIcon, CloseIcon, PlayIcon } from './action-bar-icons.tsx';
import './upload-tray.css';

export type TrayItem = {
  key: string;
  previewUrl: string;
  kind: 'image' | 'video';
  name: string;
  /** 0–1 */
  progress: number;
  status: 'queued' | 'uploading' | 'processing' | 'done' | 'error';
  /** Why it failed (status 'error'), shown on the file itself, and what can be done. */
  failure?: TrayFailure | null;
};

export type TrayFailure = {
  /** A word or two on the thumbnail ("Too large"). */
  label: string;
  /** The whole sentence, for screen readers and the list under the tray. */
  description: string;
  /** 'now': a retry can fix it; a number: it can, in that many seconds (a rate limit); null: it can't. */
  retry: 'now' | number | null;
};

export type UploadTrayProps = {
  items: TrayItem[];
  selectedKey: string | null;
  onSelect: (key: string) => void;
  onMove: (key: string, to: number) => void;
  onRemove: (key: string) => void;
  onRetry: (key: string) => void;
  /** A last tile after the thumbnails (e.g. "add more"). */
  trailing?: ReactNode;
};

const MOUSE_SLOP = 4;
const TOUCH_SLOP = 8;
const LONG_PRESS_MS = 250;

type Drag = {
  key: string;
  pointerId: number;
  startX: number;
  startY: number;
  /** Where in the thumbnail it was grabbed. */
  grabX: number;
  grabY: number;
  x: number;
  y: number;
  active: boolean;
  touch: boolean;
  timer: number | null;
};

export function UploadTray({ items, selectedKey, onSelect, onMove, onRemove, onRetry, trailing }: UploadTrayProps) {
  const { t } = useTranslation();
  const hintId = useId();
  const listRef = useRef<HTMLOListElement>(null);
  const drag = useRef<Drag | null>(null);
  const [dragKey, setDragKey] = useState<string | null>(null);
  const [, setTick] = useState(0);
  const suppressClick = useRef(false);
  const refocus = useRef<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const total = items.length;

  const thumb = (key: string) => listRef.current?.querySelector<HTMLElement>(`li[data-key="${CSS.escape(key)}"]`) ?? null;
  const handle = (key: string) => thumb(key)?.querySelector<HTMLElement>('.upload-thumb__select') ?? null;

  // After a keyboard move React may have moved the focused node: put focus back on it.
  useLayoutEffect(() => {
    if (refocus.current) {
      handle(refocus.current)?.focus();
      refocus.current = null;
    }
  });

  // The dragged thumbnail follows the pointer from wherever its slot now is.
  useLayoutEffect(() => {
    const d = drag.current;
    if (!d?.active) return;
    const el = thumb(d.key);
    const list = listRef.current;
    if (!el || !list) return;
    const box = list.getBoundingClientRect();
    el.style.transform = `translate(${d.x - box.left - d.grabX - el.offsetLeft}px, ${d.y - box.top - d.grabY - el.offsetTop}px)`;
  });

  // While a finger drags, the page must not scroll: only a non-passive listener can prevent that.
  useEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const onTouchMove = (event: TouchEvent) => {
      if (drag.current?.active) event.preventDefault();
    };
    list.addEventListener('touchmove', onTouchMove, { passive: false });
    return () => list.removeEventListener('touchmove', onTouchMove);
  }, []);

  const moveBy = (key: string, index: number, by: number) => {
    const to = Math.max(0, Math.min(total - 1, index + by));
    if (to === index) return;
    refocus.current = key;
    onMove(key, to);
    setAnnouncement(t('composer.moved', { n: to + 1, total }));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, key: string, index: number) => {
    // Enter and Space click the button (which selects it).
    if (event.key === 'ArrowLeft') moveBy(key, index, -1);
    else if (event.key === 'ArrowRight') moveBy(key, index, 1);
    else if (event.key === 'Home') moveBy(key, index, -index);
    else if (event.key === 'End') moveBy(key, index, total - 1 - index);
    else if (event.key === 'Delete' || event.key === 'Backspace') {
      // Focus moves to a neighbour rather than falling back to the page.
      refocus.current = items[index + 1]?.key ?? items[index - 1]?.key ?? null;
      onRemove(key);
    } else return;
    event.preventDefault();
  };

  const activate = (d: Drag, el: HTMLElement) => {
    d.active = true;
    try {
      el.setPointerCapture(d.pointerId);
    } catch {
      // the pointer is already gone
    }
    setDragKey(d.key);
  };

  const onPointerDown = (event: PointerEvent<HTMLLIElement>, key: string) => {
    if (total < 2 || (event.pointerType === 'mouse' && event.button !== 0)) return;
    if ((event.target as HTMLElement).closest('.upload-thumb__remove, .upload-thumb__retry')) return;
    const rect = event.currentTarget.getBoundingClientRect();
    const d: Drag = {
      key,
      pointerId: event.pointerId,
      startX: event.clientX,
      startY: event.clientY,
      grabX: event.clientX - rect.left,
      grabY: event.clientY - rect.top,
      x: event.clientX,
      y: event.clientY,
      active: false,
      touch: event.pointerType !== 'mouse',
      timer: null,
    };
    if (d.touch) {
      const el = event.currentTarget;
      d.timer = window.setTimeout(() => {
        if (drag.current === d) activate(d, el);
      }, LONG_PRESS_MS);
    }
    drag.current = d;
  };

  const onPointerMove = (event: PointerEvent<HTMLLIElement>) => {
    const d = drag.current;
    if (!d || d.pointerId !== event.pointerId) return;
    d.x = event.clientX;
    d.y = event.clientY;
    const distance = Math.hypot(d.x - d.startX, d.y - d.startY);
    if (!d.active) {
      if (d.touch) {
        // Moving before the press is long enough: the person is scrolling.
        if (distance > TOUCH_SLOP) cancel();
        return;
      }
      if (distance < MOUSE_SLOP) return;
      activate(d, event.currentTarget);
    }
    // Over another thumbnail? Take its place.
    const over = items.findIndex((item) => {
      if (item.key === d.key) return false;
      const r = thumb(item.key)?.getBoundingClientRect();
      return !!r && d.x >= r.left && d.x <= r.right && d.y >= r.top && d.y <= r.bottom;
    });
    if (over >= 0) onMove(d.key, over);
    setTick((n) => n + 1);
  };

  const cancel = () => {
    const d = drag.current;
    if (!d) return;
    if (d.timer !== null) window.clearTimeout(d.timer);
    drag.current = null;
    const el = thumb(d.key);
    if (el) el.style.transform = '';
    if (d.active) {
      suppressClick.current = true;
      const index = items.findIndex((i) => i.key === d.key);
      setAnnouncement(t('composer.moved', { n: index + 1, total }));
    }
    setDragKey(null);
  };

  return (
    <div className="upload-tray">
      <ol className="upload-tray__list" ref={listRef} aria-describedby={total > 1 ? hintId : undefined}>
        {items.map((item, index) => {
          const percent = Math.round(item.progress * 100);
          const failure = item.status === 'error' ? (item.failure ?? null) : null;
          const state =
            item.status === 'error'
              ? [t('composer.uploadFailed'), failure?.description].filter(Boolean).join(': ')
              : item.status === 'done'
                ? t('composer.uploaded')
                : item.status === 'processing'
                  ? t('composer.processing')
                  : t('composer.uploading', { percent });
          const position = item.kind === 'video' ? t('composer.videoLabel') : t('composer.photoLabel', { n: index + 1, total });
          return (
            <li
              key={item.key}
              data-key={item.key}
              data-status={item.status}
              className={[
                'upload-thumb',
                item.key === selectedKey ? 'upload-thumb--selected' : '',
                item.key === dragKey ? 'upload-thumb--dragging' : '',
                item.status === 'error' ? 'upload-thumb--error' : '',
              ]
                .filter(Boolean)
                .join(' ')}
              onPointerDown={(e) => onPointerDown(e, item.key)}
              onPointerMove={onPointerMove}
              onPointerUp={cancel}
              onPointerCancel={cancel}
              onContextMenu={(e) => {
                if (drag.current) e.preventDefault();
              }}
            >
              {/* The thumbnail itself is the button: Enter shows it, arrows move it, Delete removes it. */}
              <button
                type="button"
                className="upload-thumb__select"
                data-key={item.key}
                aria-label={[position, index === 0 && item.kind === 'image' ? t('composer.cover') : '', state].filter(Boolean).join(', ')}
                aria-current={item.key === selectedKey ? 'true' : undefined}
                onKeyDown={(e) => onKeyDown(e, item.key, index)}
                onClick={() => {
                  if (suppressClick.current) suppressClick.current = false;
                  else onSelect(item.key);
                }}
              >
                {item.kind === 'video' ? (
                  <video className="upload-thumb__media" src={item.previewUrl} muted playsInline preload="metadata" />
                ) : (
                  <img className="upload-thumb__media" src={item.previewUrl} alt="" draggable={false} />
                )}
                {item.kind === 'video' ? (
                  <span className="upload-thumb__badge upload-thumb__badge--video">
                    <PlayIcon size={12} />
                  </span>
                ) : index === 0 && item.status !== 'error' ? (
                  <span className="upload-thumb__badge" data-testid="cover-badge">
                    {t('composer.cover')}
                  </span>
                ) : null}
              </button>
              <button
                type="button"
                className="upload-thumb__remove"
                aria-label={t('composer.removeItem', { name: position })}
                onClick={(e) => {
                  e.stopPropagation();
                  onRemove(item.key);
                }}
              >
                <CloseIcon size={14} />
              </button>
              {item.status === 'error' ? (
                <div className="upload-thumb__failure" data-testid="upload-failure-label">
                  <AlertIcon size={16} />
                  <span className="upload-thumb__reason">{failure?.label ?? t('composer.uploadFailed')}</span>
                  {failure?.retry === 'now' ? (
                    <button
                      type="button"
                      className="upload-thumb__retry"
                      aria-label={`${t('composer.retry')}: ${position}`}
                      onClick={(e) => {
                        e.stopPropagation();
                        onRetry(item.key);
                      }}
                    >
                      {t('uploadErrors.retry')}
                    </button>
                  ) : typeof failure?.retry === 'number' ? (
                    <button type="button" className="upload-thumb__retry" disabled>
                      {t('uploadErrors.retryIn', { seconds: failure.retry })}
                    </button>
                  ) : null}
                </div>
              ) : (
                <div
                  className={`upload-thumb__progress upload-thumb__progress--${item.status}`}
                  role="progressbar"
                  aria-label={state}
                  aria-valuemin={0}
                  aria-valuemax={100}
                  aria-valuenow={item.status === 'done' ? 100 : percent}
                >
                  <span className="upload-thumb__bar" style={{ width: `${item.status === 'done' ? 100 : percent}%` }} />
                </div>
              )}
            </li>
          );
        })}
        {trailing ? <li className="upload-tray__trailing">{trailing}</li> : null}
      </ol>
      {total > 1 ? (
        <p id={hintId} className="upload-tray__hint">
          {t('composer.reorderHint')}
        </p>
      ) : null}
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}
