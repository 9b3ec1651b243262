// The author's subtitles, in the note's edit flow (video notes): the tracks there are, each with
// "Remove", and "Add subtitles" — a language and a .vtt or .srt file, uploaded as soon as it is
// chosen. What can be told before sending (type, size, UTF-8 text) is said at once in the reader's
// language; the server's refusal names the line that is wrong.
import { type ChangeEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import { readSubtitleFile, type SubtitleFileProblem, useRemoveSubtitles, useSubtitles, useUploadSubtitles } from '../../api/subtitles.ts';
import { Button } from '../../components/button.tsx';
import { useUiLanguage } from '../../i18n/index.ts';
import { describeError } from '../../lib/errors.ts';
import '../../components/text-field.css';
import './note-subtitles.css';

/** The languages offered for a file, by their own names. */
const LANGS = ['en', 'zh', 'zh-Hant', 'ja', 'ko', 'es', 'fr', 'de'] as const;

const ownName = (lang: string): string => {
  try {
    return new Intl.DisplayNames([lang], { type: 'language' }).of(lang) ?? lang;
  } catch {
    return lang;
  }
};

type Outcome = { ok: true; count: number } | { ok: false; problem: SubtitleFileProblem } | { ok: false; error: unknown } | null;

export function NoteSubtitlesEditor({ noteId, noteLang }: { noteId: string; noteLang: string }) {
  const { t } = useTranslation();
  const ui = useUiLanguage();
  const id = useId();
  const list = useSubtitles(noteId);
  const upload = useUploadSubtitles(noteId);
  const remove = useRemoveSubtitles(noteId);
  const [lang, setLang] = useState<string>(LANGS.includes(noteLang as (typeof LANGS)[number]) ? noteLang : ui);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const uploaded = (list.data?.items ?? []).filter((tr) => tr.kind === 'uploaded');

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    input.value = ''; // the same file may be chosen again after it is fixed
    if (!file) return;
    setOutcome(null);
    const read = await readSubtitleFile(file);
    if ('problem' in read) {
      setOutcome({ ok: false, problem: read.problem });
      return;
    }
    upload.mutate(
      { lang, content: read.text },
      { onSuccess: (track) => setOutcome({ ok: true, count: track.cueCount }), onError: (error) => setOutcome({ ok: false, error }) },
    );
  };

  return (
    <section className="panel note-subs" aria-labelledby={`${id}-title`}>
      <h2 className="panel__title note-subs__title" id={`${id}-title`}>
        {t('subtitles.editorTitle')}
      </h2>
      {uploaded.length > 0 ? (
        <ul className="note-subs__list">
          {uploaded.map((tr) => (
            <li key={tr.id} className="note-subs__item">
              <span className="note-subs__name">{tr.label}</span>
              <span className="note-subs__count">{t('subtitles.lines', { count: tr.cueCount })}</span>
              <Button
                variant="ghost"
                size="sm"
                aria-label={t('subtitles.removeLabel', { label: tr.label })}
                disabled={remove.isPending}
                onClick={() => remove.mutate(tr.lang, { onError: (error) => setOutcome({ ok: false, error }) })}
              >
                {t('subtitles.remove')}
              </Button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="panel__hint">{t('subtitles.none')}</p>
      )}
      <div className="note-subs__add">
        <div className="field note-subs__lang">
          <label className="field__label" htmlFor={`${id}-lang`}>
            {t('subtitles.language')}
          </label>
          <div className="field__box field__box--select">
            <select id={`${id}-lang`} className="field__control" value={lang} onChange={(e) => setLang(e.target.value)}>
              {LANGS.map((l) => (
                <option key={l} value={l}>
                  {ownName(l)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <label className={`btn btn--secondary btn--md note-subs__file ${upload.isPending ? 'note-subs__file--busy' : ''}`}>
          <input type="file" accept=".vtt,.srt,text/vtt,application/x-subrip" onChange={(e) => void onFile(e)} disabled={upload.isPending} />
          {upload.isPending ? t('subtitles.uploading') : t('subtitles.add')}
        </label>
      </div>
      <p className="panel__hint">{t('subtitles.editorHint')}</p>
      <SubtitlesOutcome outcome={outcome} />
    </section>
  );
}

function SubtitlesOutcome({ outcome }: { outcome: Outcome }) {
  const { t } = useTranslation();
  if (!outcome) return null;
  if (outcome.ok)
    return (
      <p className="note-subs__done" role="status">
        {t('subtitles.added', { count: outcome.count })}
      </p>
    );
  if ('problem' in outcome)
    return (
      <p className="note-subs__error" role="alert">
        {t(`subtitles.errors.${outcome.problem}`)}
      </p>
    );
  const { error } = outcome;
  if (isApiError(error, 'invalid_subtitles'))
    return (
      <div className="note-subs__error" role="alert">
        <p>{t('subtitles.errors.invalid')}</p>
        {/* The server's sentence names the line (in English): "Line 12: the cue ends … before it starts …". */}
        <p className="note-subs__detail">{error.detail}</p>
      </div>
    );
  return (
    <p className="note-subs__error" role="alert">
      {isApiError(error, 'file_too_large') ? t('subtitles.errors.tooLarge') : describeError(t, error)}
    </p>
  );
}
