// Translation on a note card (search results): the note page's rule decides whether it is offered
// (useTranslatable: a note in a language the reader doesn't read — their profile's languages and the
// app's; for a visitor, the app's), a quiet "Translate" under the title swaps the title (or excerpt)
// for its translation in place, names who translated ("Word gloss · CC-CEDICT") and toggles back.
// The card keeps its height: title and bar share a fixed room whichever text is shown (see
// useCardTranslation), so the waterfall doesn't move.
import { type CSSProperties, type RefObject, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Translation } from '../../shared/api/language.ts';
import type { NoteCard } from '../../shared/api/notes.ts';
import { describeError } from '../lib/errors.ts';
import { type Translatable, useTranslatable } from './translate.tsx';
import './card-translate.css';

/** What a card shows of a translation: its title, or — when the note has none — the body's first line. */
export function cardTranslation(data: Pick<Translation, 'title' | 'body'>): string {
  const title = data.title.trim();
  if (title) return title;
  return (
    data.body
      .split('\n')
      .map((line) => line.trim())
      .find(Boolean) ?? ''
  );
}

export type CardTranslation = {
  state: Translatable;
  /** the translated title, when it is what the card shows; null: the original */
  text: string | null;
  /** on the title's box, and on the bar: measured after each render */
  ref: RefObject<HTMLSpanElement | null>;
  barRef: RefObject<HTMLDivElement | null>;
  /** for the title's box while it shows the translation: the lines (and, text-only, the height) it has room for */
  style: CSSProperties | undefined;
  /** for the bar: the room the title leaves unused, kept under the bar so the card's height stays */
  barStyle: CSSProperties | undefined;
};

/** The lines a title over a cover may take (note-card.css clamps it so). */
const TITLE_LINES = 2;
/** The bar's height on one line (card-translate.css); the credit may wrap it to two. */
const BAR_ROW = 24;

type Measure = { budget: number | null; line: number; pad: number; title: number; bar: number };
const same = (a: Measure, b: Measure) => a.budget === b.budget && a.line === b.line && a.pad === b.pad && a.title === b.title && a.bar === b.bar;

/**
 * The card's translation state (never offered for a card with nothing to translate). Title and bar share a fixed room (`budget`): over a cover, two title lines and the
 * bar's line; a text-only card, the size its original had with the bar. The translation gets what the
 * bar (one line, or two when the credit wraps) leaves; what the title doesn't use goes under the bar.
 */
export function useCardTranslation(note: NoteCard, title: string, textOnly: boolean): CardTranslation {
  const state = useTranslatable({ kind: 'note', id: note.id }, title ? [note.lang] : [], `${note.title}\n${note.excerpt}`);
  const text = state.offered && state.mode !== 'original' && state.data ? cardTranslation(state.data) || null : null;
  const ref = useRef<HTMLSpanElement>(null);
  const barRef = useRef<HTMLDivElement>(null);
  const [m, setM] = useState<Measure | null>(null);
  // After every render (the column may have changed width, the text may have been swapped): the sizes.
  useLayoutEffect(() => {
    const el = ref.current;
    const bar = barRef.current;
    if (!state.offered || !el || !bar) return;
    const css = getComputedStyle(el);
    const line = Number.parseFloat(css.lineHeight) || 20;
    const pad = (Number.parseFloat(css.paddingTop) || 0) + (Number.parseFloat(css.paddingBottom) || 0);
    const height = el.offsetHeight;
    setM((old) => {
      // A text-only card's room is its original's (with "Translate" on one line), kept while translated.
      const budget = !textOnly ? TITLE_LINES * line + BAR_ROW : text === null ? height + BAR_ROW : (old?.budget ?? null);
      const next = { budget, line, pad, title: height, bar: bar.offsetHeight };
      return old && same(old, next) ? old : next;
    });
  });
  let style: CSSProperties | undefined;
  let barStyle: CSSProperties | undefined;
  if (m && m.budget !== null) {
    if (text !== null) {
      const room = m.budget - m.bar;
      if (textOnly) {
        const height = Math.max(m.pad + m.line, room);
        style = { height, WebkitLineClamp: Math.max(1, Math.floor((height - m.pad) / m.line)) };
      } else {
        style = { WebkitLineClamp: Math.max(1, Math.min(TITLE_LINES, Math.floor(room / m.line))) };
      }
    }
    const spare = Math.round(m.budget - m.title - m.bar);
    if (spare > 0) barStyle = { marginBottom: spare };
  }
  return { state, text, ref, barRef, style, barStyle };
}

/** Under the card's title: "Translate"; once asked, who translated and the way back to the original. */
export function CardTranslateBar({
  state,
  title,
  style,
  barRef,
}: {
  state: Translatable;
  title: string;
  style?: CSSProperties | undefined;
  barRef?: RefObject<HTMLDivElement | null>;
}) {
  const { t } = useTranslation();
  const { mode, data, pending, error } = state;
  const on = mode !== 'original';
  const name = title.slice(0, 40);
  const credit = data
    ? `${data.kind === 'gloss' ? t('translate.glossBy', { provider: data.provider }) : t('translate.by', { provider: data.provider })}${
        data.fallback ? ` · ${t('translate.fallback', { provider: data.fallback.provider })}` : ''
      }`
    : '';
  const said = !on ? '' : error ? describeError(t, error) : pending || !data ? t('translate.working') : credit;
  return (
    <div ref={barRef} className={`card-translate ${on ? 'card-translate--on' : ''}`} style={style}>
      {/* Always there, so the change is announced: what is happening, or who translated. */}
      <span
        className={`card-translate__note ${on && error ? 'card-translate__note--error' : ''}`}
        role="status"
        title={said || undefined}
        data-testid={on && !error && data ? 'translation-credit' : undefined}
      >
        {said}
      </span>
      {/* One button, the same element in both states: the focus stays on it. */}
      <button
        type="button"
        className="card-translate__action"
        aria-label={t(on ? 'search.originalOf' : 'search.translateOf', { title: name })}
        onClick={() => state.setMode(on ? 'original' : 'translated')}
      >
        {on ? t('search.original') : t('translate.action')}
      </button>
    </div>
  );
}
