// The waterfall (DESIGN §5): two columns on a phone up to five on a wide screen. Each card goes to
// the shortest column so far, in order, so the grid reads left to right, top to bottom, and a new
// page only adds to the bottom. Heights come from the covers' known aspect ratios (plus an estimate
// of the text), so nothing jumps when photos load.
import { type ReactNode, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NoteCard as NoteCardView } from '../../shared/api/notes.ts';
import { describeError } from '../lib/errors.ts';
import type { ImpressionTracker } from '../lib/signals.ts';
import { Button } from './button.tsx';
import type { MenuItem } from './menu.tsx';
import { cardTitle, coverRatio, NoteCard } from './note-card.tsx';
import './waterfall.css';

const MIN_COLUMN = 200;
const MAX_COLUMNS = 5;
/** How close (px below the screen) the end of the list comes before the next page is fetched. */
const NEAR_END_PX = 800;
/** Pages fetched by scrolling alone; after that the button asks (a runaway loop can't drain the server). */
export const AUTO_PAGES = 10;

export function layoutFor(width: number): { columns: number; gap: number; columnWidth: number } {
  const gap = width < 600 ? 8 : 16;
  const columns = Math.min(MAX_COLUMNS, Math.max(2, Math.floor((width + gap) / (MIN_COLUMN + gap))));
  return { columns, gap, columnWidth: Math.max(0, (width - gap * (columns - 1)) / columns) };
}

/** Weighted length: a CJK character is about twice as wide as a Latin letter. */
function units(text: string): number {
  let n = 0;
  for (const ch of text) n += /[\u1100-\u11ff\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/u.test(ch) ? 2 : 1;
  return n;
}

/** How tall a card will be: cover from its ratio, title lines from its length, then the author row. */
export function estimateHeight(note: NoteCardView, columnWidth: number): number {
  const cover = note.cover;
  const title = cardTitle(note);
  const perLine = Math.max(1, (columnWidth - 8) / 7.5);
  if (!cover) return Math.min(6, Math.ceil(units(title) / perLine)) * 22 + 32 + 36;
  const lines = title ? Math.min(2, Math.ceil(units(title) / perLine)) : 0;
  return columnWidth * coverRatio(cover) + (lines ? 8 + lines * 20 : 0) + 36;
}

/** Greedy balancing: each note, in order, into the currently shortest column (leftmost on a tie). */
export function distribute(notes: readonly NoteCardView[], columns: number, columnWidth: number, gap: number): number[][] {
  const heights = new Array<number>(columns).fill(0);
  const out = Array.from({ length: columns }, () => [] as number[]);
  notes.forEach((note, i) => {
    let shortest = 0;
    for (let c = 1; c < columns; c++) if (heights[c]! < heights[shortest]! - 0.5) shortest = c;
    out[shortest]!.push(i);
    heights[shortest]! += estimateHeight(note, columnWidth) + gap;
  });
  return out;
}

function useWidth<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      if (w !== undefined) setWidth((old) => (Math.abs(old - w) >= 1 ? w : old));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return { ref, width };
}

export type WaterfallProps = {
  notes: NoteCardView[];
  label: string;
  hasMore: boolean;
  loadingMore: boolean;
  /** How many pages are loaded (bounds the automatic loading). */
  pages: number;
  loadMoreError?: unknown;
  onLoadMore: () => void;
  /** A per-card action (e.g. remove from board). */
  renderAction?: (note: NoteCardView) => ReactNode;
  /** A per-card "⋯" menu (e.g. "Not interested"); none when it gives nothing. */
  cardMenu?: (note: NoteCardView) => MenuItem[] | undefined;
  /** Counts the cards seen (impressions for the feeds). */
  tracker?: ImpressionTracker | null;
  /** What to say at the end of the list instead of "That's all". */
  end?: ReactNode;
  /** Words to mark in a card's title (a search's matches for that note). */
  highlightOf?: (note: NoteCardView) => readonly string[] | undefined;
  /** Offer "Translate" on cards in a language the reader doesn't read. */
  translate?: boolean;
};

export function Waterfall({
  notes,
  label,
  hasMore,
  loadingMore,
  pages,
  loadMoreError,
  onLoadMore,
  renderAction,
  cardMenu,
  tracker,
  end,
  highlightOf,
  translate,
}: WaterfallProps) {
  const { t } = useTranslation();
  const { ref, width } = useWidth<HTMLDivElement>();
  const { columns, gap, columnWidth } = layoutFor(width);
  const placed = useMemo(() => distribute(notes, columns, columnWidth, gap), [notes, columns, columnWidth, gap]);
  const sizes = `${Math.ceil(columnWidth) || 180}px`;

  // Every card drawn is watched (again after each page or move; watching twice is harmless).
  const grid = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!tracker || !grid.current || placed.length === 0) return;
    for (const el of grid.current.querySelectorAll('[data-note-id]')) tracker.observe(el);
  }, [tracker, placed]);

  // Infinite scroll: when the end comes within a screen or so, fetch the next page.
  const sentinel = useRef<HTMLDivElement>(null);
  const [nearEnd, setNearEnd] = useState(false);
  useEffect(() => {
    const el = sentinel.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => setNearEnd(entries.some((e) => e.isIntersecting)), {
      rootMargin: `0px 0px ${NEAR_END_PX}px 0px`,
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  useEffect(() => {
    // Also re-checked after each page: if the end is still in view, keep going (bounded).
    if (!(nearEnd && hasMore && !loadingMore && !loadMoreError && pages < AUTO_PAGES)) return;
    // The observer's last word may predate the page just drawn, which pushed the end away: look now.
    const el = sentinel.current;
    if (el && el.getBoundingClientRect().top > window.innerHeight + NEAR_END_PX) return;
    onLoadMore();
  }, [nearEnd, hasMore, loadingMore, loadMoreError, pages, onLoadMore]);

  return (
    <div className="waterfall" ref={ref}>
      {width > 0 ? (
        <div ref={grid} className="waterfall__grid" role="feed" aria-label={label} aria-busy={loadingMore} data-columns={columns} style={{ gap }}>
          {placed.map((indices, c) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a column is its position; notes move between columns, columns do not
            <div key={c} className="waterfall__column" style={{ gap }}>
              {indices.map((i) => {
                const note = notes[i]!;
                return (
                  <NoteCard
                    key={note.id}
                    note={note}
                    sizes={sizes}
                    position={i + 1}
                    setSize={hasMore ? -1 : notes.length}
                    action={renderAction?.(note)}
                    menu={cardMenu?.(note)}
                    highlight={highlightOf?.(note)}
                    translate={translate}
                  />
                );
              })}
              {/* The next page's place, held while it loads: a card-shaped placeholder under each column. */}
              {loadingMore ? <SkeletonCard ratio={SKELETON_RATIOS[(c + pages) % SKELETON_RATIOS.length]!} /> : null}
            </div>
          ))}
        </div>
      ) : null}
      <div ref={sentinel} className="waterfall__sentinel" aria-hidden="true" />
      <div className="waterfall__foot">
        {hasMore ? (
          <Button variant="secondary" size="sm" loading={loadingMore} onClick={onLoadMore}>
            {loadMoreError ? t('common.retry') : t('common.loadMore')}
          </Button>
        ) : notes.length > 0 ? (
          (end ?? <p className="waterfall__end">{t('noteCard.endOfList')}</p>)
        ) : null}
        {loadMoreError ? (
          <p className="field__error" role="alert">
            {t('noteCard.loadMoreError')} {describeError(t, loadMoreError)}
          </p>
        ) : null}
      </div>
    </div>
  );
}

/** Placeholder shapes (height ÷ width), varied like real covers, within the cards' 3:4 to 4:3. */
const SKELETON_RATIOS = [4 / 3, 1, 4 / 3, 3 / 4, 1.2, 0.9, 4 / 3, 1.1, 3 / 4, 1.25];

function SkeletonCard({ ratio }: { ratio: number }) {
  return (
    <div className="waterfall__skeleton" aria-hidden="true" data-testid="card-skeleton">
      <div className="waterfall__skeleton-cover" style={{ aspectRatio: `1 / ${ratio}` }} />
      <div className="waterfall__skeleton-line" />
      <div className="waterfall__skeleton-meta">
        <span className="waterfall__skeleton-avatar" />
        <span className="waterfall__skeleton-line waterfall__skeleton-line--short" />
      </div>
    </div>
  );
}

/** The first page's place, while it loads: columns of card-shaped placeholders, as wide as the grid will be. */
export function WaterfallSkeleton({ label, count = 10 }: { label: string; count?: number }) {
  const { ref, width } = useWidth<HTMLDivElement>();
  const { columns, gap } = layoutFor(width);
  const perColumn = Math.max(1, Math.ceil(count / columns));
  return (
    <div className="waterfall waterfall--loading" ref={ref} role="status" aria-label={label}>
      <span className="visually-hidden">{label}</span>
      {width > 0 ? (
        <div className="waterfall__grid" style={{ gap }}>
          {Array.from({ length: columns }, (_, c) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have nothing but their place
            <div key={c} className="waterfall__column" style={{ gap }}>
              {Array.from({ length: perColumn }, (_, r) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have nothing but their place
                <SkeletonCard key={r} ratio={SKELETON_RATIOS[(c * 3 + r) % SKELETON_RATIOS.length]!} />
              ))}
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}
