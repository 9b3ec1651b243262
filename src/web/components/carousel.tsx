// A note's media: photos side by side in a track that follows the finger (or mouse), with dots,
// ←/→ keys and prev/next buttons; or one video. The frame takes the first photo's shape, clamped
// between 3:4 and 4:3 as on RedNote, and every photo sits in it whole (never cropped).
import { type KeyboardEvent, type PointerEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MediaView } from '../../shared/api/media.ts';
import { ChevronLeftIcon, ChevronRightIcon } from './action-bar-icons.tsx';
import { BlurImage } from './blur-image.tsx';
import { CarouselVideo } from './carousel-video.tsx';
import './carousel.css';

const MIN_RATIO = 3 / 4;
const MAX_RATIO = 4 / 3;
/** How far (px, or share of the width) a swipe must travel to turn the page. */
const SWIPE_PX = 48;
const SWIPE_SHARE = 0.18;
/** Movement (px) before a press becomes a drag rather than a tap. */
const SLOP = 8;

export type CarouselProps = {
  media: MediaView[];
  /** The note's title, for the photos' alt text. */
  label: string;
  /** `sizes` for the photos. */
  sizes: string;
  /** Also answer ←/→ pressed anywhere on the page (not only when the carousel has focus). */
  globalKeys?: boolean;
};

export function frameRatio(first: Pick<MediaView, 'width' | 'height'> | undefined): number {
  if (!first || first.width <= 0 || first.height <= 0) return 1;
  return Math.min(MAX_RATIO, Math.max(MIN_RATIO, first.width / first.height));
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

type Drag = { pointerId: number; x: number; y: number; dx: number; active: boolean };

export function Carousel({ media, label, sizes, globalKeys = false }: CarouselProps) {
  const { t } = useTranslation();
  const [index, setIndex] = useState(0);
  const [dragX, setDragX] = useState(0);
  const drag = useRef<Drag | null>(null);
  const viewport = useRef<HTMLDivElement>(null);
  const count = media.length;
  const ratio = frameRatio(media[0]);

  const go = useCallback((to: number) => setIndex(Math.max(0, Math.min(count - 1, to))), [count]);

  useEffect(() => {
    if (index > count - 1) setIndex(Math.max(0, count - 1));
  }, [count, index]);

  useEffect(() => {
    if (!globalKeys || count < 2) return;
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) return;
      if (document.querySelector('dialog[open]')) return;
      if (viewport.current?.contains(event.target as Node)) return; // handled by the carousel itself
      if (event.key === 'ArrowLeft') setIndex((i) => Math.max(0, i - 1));
      else if (event.key === 'ArrowRight') setIndex((i) => Math.min(count - 1, i + 1));
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [globalKeys, count]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowLeft') go(index - 1);
    else if (event.key === 'ArrowRight') go(index + 1);
    else if (event.key === 'Home') go(0);
    else if (event.key === 'End') go(count - 1);
    else return;
    event.preventDefault();
  };

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (count < 2 || (event.pointerType === 'mouse' && event.button !== 0)) return;
    if ((event.target as HTMLElement).closest('button, video')) return;
    drag.current = { pointerId: event.pointerId, x: event.clientX, y: event.clientY, dx: 0, active: false };
  };

  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d || d.pointerId !== event.pointerId) return;
    const dx = event.clientX - d.x;
    const dy = event.clientY - d.y;
    if (!d.active) {
      if (Math.abs(dy) > SLOP && Math.abs(dy) > Math.abs(dx)) {
        drag.current = null; // a vertical scroll: not ours
        return;
      }
      if (Math.abs(dx) < SLOP) return;
      d.active = true;
      event.currentTarget.setPointerCapture(event.pointerId);
    }
    // Resist at the ends, like a rubber band.
    const atEdge = (index === 0 && dx > 0) || (index === count - 1 && dx < 0);
    d.dx = atEdge ? dx / 3 : dx;
    setDragX(d.dx);
  };

  const endDrag = (event: PointerEvent<HTMLDivElement>, cancelled: boolean) => {
    const d = drag.current;
    if (!d || d.pointerId !== event.pointerId) return;
    drag.current = null;
    if (!d.active) return;
    const width = viewport.current?.clientWidth ?? 1;
    const far = Math.abs(d.dx) > Math.min(SWIPE_PX, width * SWIPE_SHARE);
    if (!cancelled && far) go(index + (d.dx < 0 ? 1 : -1));
    setDragX(0);
  };

  if (count === 0) return null;
  const single = media[0]!;
  if (single.kind === 'video') {
    return (
      <div className="carousel" style={{ aspectRatio: String(ratio) }}>
        <CarouselVideo media={single} label={label} />
      </div>
    );
  }

  return (
    <section className="carousel" aria-roledescription="carousel" aria-label={t('note.media')} style={{ aspectRatio: String(ratio) }}>
      {/* The viewport takes focus so arrow keys and swipes turn the slides (the APG carousel pattern). */}
      {/* biome-ignore lint/a11y/noStaticElementInteractions: keyboard and pointer handlers drive the slides */}
      {/* biome-ignore lint/a11y/useAriaPropsSupportedByRole: the label names the current slide for screen readers */}
      <div
        ref={viewport}
        className={`carousel__viewport ${dragX !== 0 ? 'carousel__viewport--dragging' : ''}`}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so the arrow keys reach it
        tabIndex={0}
        onKeyDown={onKeyDown}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={(e) => endDrag(e, false)}
        onPointerCancel={(e) => endDrag(e, true)}
        aria-label={count > 1 ? t('note.slide', { n: index + 1, total: count }) : undefined}
      >
        <div className="carousel__track" data-index={index} style={{ transform: `translate3d(calc(${-index * 100}% + ${dragX}px), 0, 0)` }}>
          {media.map((m, i) => {
            const fit = m.width / Math.max(1, m.height) >= ratio ? 'width' : 'height';
            return (
              // biome-ignore lint/a11y/useSemanticElements: a slide is a labelled group (APG carousel), not a form fieldset
              <div
                key={m.id}
                className="carousel__slide"
                role="group"
                aria-roledescription="slide"
                aria-label={t('note.slide', { n: i + 1, total: count })}
                aria-hidden={i !== index}
                data-media-id={m.id}
              >
                <BlurImage
                  media={m}
                  alt={count > 1 ? `${label} (${i + 1}/${count})` : label}
                  sizes={sizes}
                  fit={fit}
                  eager={Math.abs(i - index) <= 1}
                  priority={i === 0}
                />
              </div>
            );
          })}
        </div>
      </div>
      {count > 1 ? (
        <>
          <span className="carousel__counter" aria-hidden="true">
            {index + 1}/{count}
          </span>
          <button
            type="button"
            className="carousel__nav carousel__nav--prev"
            onClick={() => go(index - 1)}
            disabled={index === 0}
            aria-label={t('note.previous')}
          >
            <ChevronLeftIcon size={20} />
          </button>
          <button
            type="button"
            className="carousel__nav carousel__nav--next"
            onClick={() => go(index + 1)}
            disabled={index === count - 1}
            aria-label={t('note.next')}
          >
            <ChevronRightIcon size={20} />
          </button>
          <div className="carousel__dots">
            {media.map((m, i) => (
              <button
                key={m.id}
                type="button"
                className={`carousel__dot ${i === index ? 'carousel__dot--active' : ''}`}
                aria-label={t('note.goToSlide', { n: i + 1 })}
                aria-current={i === index ? 'true' : undefined}
                onClick={() => go(i)}
              />
            ))}
          </div>
        </>
      ) : null}
    </section>
  );
}
