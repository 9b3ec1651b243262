// The quiet "Translate" / "翻译" under any text that is not in one of the reader's languages — a note's
// title and body, a comment, a bio. It toggles between the original, the translation and both (each
// sentence followed by its translation), names who translated ("Translated by DeepL", or "Word gloss ·
// CC-CEDICT" — a gloss is never called a translation), and with the auto-translate setting on starts
// translated. The reader's languages are the ones in their profile and the one the app is shown in.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TranslatedSegment, Translation, TranslationLang } from '../../shared/api/language.ts';
import { useMe } from '../api/accounts.ts';
import { type TranslationSubject, useTranslationOf } from '../api/language.ts';
import { useUiLanguage } from '../i18n/index.ts';
import { describeError } from '../lib/errors.ts';
import './translate.css';

export type TranslateMode = 'original' | 'translated' | 'both';

export interface Translatable {
  /** whether the reader is offered a translation at all */
  offered: boolean;
  mode: TranslateMode;
  setMode: (mode: TranslateMode) => void;
  target: TranslationLang;
  data: Translation | undefined;
  pending: boolean;
  error: Error | null;
  retry: () => void;
}

/**
 * Whether a text in `langs` needs translating for this reader, and its translation once asked for.
 * `auto` overrides the reader's auto-translate setting (a chat's own toggle).
 */
export function useTranslatable(subject: TranslationSubject, langs: readonly string[], version: string, auto?: boolean): Translatable {
  const me = useMe().data;
  const target = useUiLanguage();
  const reads = new Set([target, ...(me?.languages ?? []).map((l) => l.split('-')[0] ?? l)]);
  const offered = langs.some((l) => (l === 'en' || l === 'zh') && !reads.has(l));
  const [chosen, setMode] = useState<TranslateMode | null>(null);
  const mode: TranslateMode = chosen ?? (offered && (auto ?? me?.autoTranslate) ? 'translated' : 'original');
  const q = useTranslationOf(subject, target, version, offered && mode !== 'original');
  return {
    offered,
    mode: offered ? mode : 'original',
    setMode,
    target,
    data: q.data,
    pending: q.isFetching && !q.data,
    error: q.error,
    retry: () => void q.refetch(),
  };
}

/** The translate action and, once translated, who did it and the way back to the original. */
export function TranslateBar({ state }: { state: Translatable }) {
  const { t } = useTranslation();
  if (!state.offered) return null;
  const { mode, data, pending, error } = state;
  if (mode === 'original')
    return (
      <div className="translate-bar">
        <button type="button" className="text-button translate-bar__action" onClick={() => state.setMode('translated')}>
          {t('translate.action')}
        </button>
      </div>
    );
  if (error)
    return (
      <div className="translate-bar" role="alert">
        <span className="translate-bar__error">{describeError(t, error)}</span>
        <button type="button" className="text-button translate-bar__action" onClick={state.retry}>
          {t('translate.retry')}
        </button>
        <button type="button" className="text-button translate-bar__action" onClick={() => state.setMode('original')}>
          {t('translate.showOriginal')}
        </button>
      </div>
    );
  if (pending || !data)
    return (
      <div className="translate-bar" aria-busy="true">
        <span className="translate-bar__credit">{t('translate.working')}</span>
      </div>
    );
  return (
    <div className="translate-bar">
      <span className="translate-bar__credit" data-testid="translation-credit">
        {data.kind === 'gloss' ? t('translate.glossBy', { provider: data.provider }) : t('translate.by', { provider: data.provider })}
        {data.fallback ? ` · ${t('translate.fallback', { provider: data.fallback.provider })}` : ''}
      </span>
      <button type="button" className="text-button translate-bar__action" onClick={() => state.setMode('original')}>
        {t('translate.showOriginal')}
      </button>
      <button
        type="button"
        className="text-button translate-bar__action"
        aria-pressed={mode === 'both'}
        onClick={() => state.setMode(mode === 'both' ? 'translated' : 'both')}
      >
        {t('translate.showBoth')}
      </button>
    </div>
  );
}

export type TranslatedTextProps = {
  text: string;
  segments: readonly TranslatedSegment[];
  mode: 'translated' | 'both';
  target: TranslationLang;
  as?: 'p' | 'div' | 'h1';
  className?: string;
};

/** A translated text: the translation alone, or each sentence of the original followed by its translation. */
export function TranslatedText({ text, segments, mode, target, as: Tag = 'p', className }: TranslatedTextProps) {
  if (mode === 'translated')
    return (
      <Tag className={`rich-text translated ${className ?? ''}`} lang={target} data-testid="translated-text">
        {text}
      </Tag>
    );
  return (
    <Tag className={`rich-text translated translated--both ${className ?? ''}`} data-testid="translated-both">
      {segments.map((s, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the sentences of one translation never reorder
        <span key={i} className="translated__pair">
          <span className="translated__original">{s.original}</span>
          {s.translated !== null ? (
            <span className="translated__line" lang={target}>
              {s.translated}
            </span>
          ) : null}
          {/* After a translation (a block of its own) only line breaks matter; between originals, their spacing. */}
          {s.translated === null || s.tail.includes('\n') ? s.tail : ''}
        </span>
      ))}
    </Tag>
  );
}
