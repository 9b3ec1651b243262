// The dictionary card for a tapped word: a sheet from the bottom on phones, a dialog on desktop —
// the word in both scripts, its pinyin and senses for every reading (or, for an English word, the
// Chinese words it translates), with CC-CEDICT credited, and each Chinese word saved to My words
// with a press (with the note it was met in).
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../api/accounts.ts';
import { useSaveWord, useWord } from '../api/language.ts';
import { describeError } from '../lib/errors.ts';
import { Sheet, SheetHead } from './sheet.tsx';
import './word-card.css';

/** Senses shown for each entry (the rest are in the dictionary). */
const SENSES = 5;

export function WordCard({ word, noteId, onClose }: { word: string | null; noteId?: string; onClose: () => void }) {
  const titleId = useId();
  return (
    <Sheet open={word !== null} onClose={onClose} labelledBy={titleId} className="word-card">
      {word !== null ? <CardBody word={word} noteId={noteId} titleId={titleId} onClose={onClose} /> : null}
    </Sheet>
  );
}

function CardBody({ word, noteId, titleId, onClose }: { word: string; noteId: string | undefined; titleId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const lookup = useWord(word);
  const me = useMe().data;
  const save = useSaveWord();
  const [saved, setSaved] = useState<ReadonlySet<string>>(new Set());
  const entries = lookup.data?.entries ?? [];
  return (
    <div className="sheet__panel">
      <SheetHead titleId={titleId} title={word} titleClassName="word-card__word" closeLabel={t('learn.close')} onClose={onClose} />
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
              {me ? (
                <button
                  type="button"
                  className="word-card__save"
                  disabled={saved.has(e.simplified) || save.isPending}
                  onClick={() =>
                    save.mutate({ word: e.simplified, ...(noteId ? { noteId } : {}) }, { onSuccess: (w) => setSaved((s) => new Set([...s, w.word])) })
                  }
                >
                  {saved.has(e.simplified) ? t('learn.saved') : t('learn.save')}
                </button>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {save.isError ? (
        <p className="word-card__status" role="alert">
          {describeError(t, save.error)}
        </p>
      ) : null}
      {!me && entries.some((e) => e.simplified) ? (
        <p className="word-card__status">
          <Link to="/login">{t('learn.signInToSave')}</Link>
        </p>
      ) : null}
      <p className="word-card__credit">
        {t('learn.source')} · <Link to="/about">{t('learn.about')}</Link>
      </p>
    </div>
  );
}
