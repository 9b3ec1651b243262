// The dictionary card for a tapped word: a sheet from the bottom on phones, a dialog on desktop —
// the word in both scripts, its pinyin and senses for every reading (or, for an English word, the
// Chinese words it translates), with CC-CEDICT credited.
import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useWord } from '../api/language.ts';
import { describeError } from '../lib/errors.ts';
import { CloseIcon } from './action-bar-icons.tsx';
import './word-card.css';

/** Senses shown for each entry (the rest are in the dictionary). */
const SENSES = 5;

export function WordCard({ word, onClose }: { word: string | null; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (word !== null && !el.open) el.showModal();
    else if (word === null && el.open) el.close();
  }, [word]);

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the backdrop click is the pointer twin of Escape, which the dialog handles natively
    <dialog
      ref={dialog}
      className="word-card"
      aria-labelledby={titleId}
      onClose={onClose}
      onClick={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      {word !== null ? <CardBody word={word} titleId={titleId} onClose={onClose} /> : null}
    </dialog>
  );
}

function CardBody({ word, titleId, onClose }: { word: string; titleId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const lookup = useWord(word);
  const entries = lookup.data?.entries ?? [];
  return (
    <div className="word-card__panel">
      <div className="word-card__head">
        <h2 id={titleId} className="word-card__word">
          {word}
        </h2>
        <button type="button" className="word-card__close" onClick={onClose} aria-label={t('learn.close')}>
          <CloseIcon size={18} />
        </button>
      </div>
      {lookup.isPending ? (
        <p className="word-card__status" aria-live="polite">
          {t('learn.lookingUp')}
        </p>
      ) : lookup.isError ? (
        <p className="word-card__status" role="alert">
          {describeError(t, lookup.error)}
        </p>
      ) : entries.length === 0 ? (
        <p className="word-card__status">{t('learn.noEntry', { word })}</p>
      ) : (
        <ol className="word-card__entries">
          {entries.map((e) => (
            <li key={`${e.traditional}|${e.simplified}|${e.pinyin}`} className="word-card__entry">
              <p className="word-card__headword">
                <span lang="zh-Hans">{e.simplified}</span>
                {e.traditional !== e.simplified ? (
                  <span className="word-card__traditional" lang="zh-Hant" title={t('learn.traditional')}>
                    {e.traditional}
                  </span>
                ) : null}
                <span className="word-card__pinyin">{e.pinyin}</span>
              </p>
              <ul className="word-card__senses">
                {e.senses.slice(0, SENSES).map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
      <p className="word-card__credit">
        {t('learn.source')} · <Link to="/about">{t('learn.about')}</Link>
      </p>
    </div>
  );
}
