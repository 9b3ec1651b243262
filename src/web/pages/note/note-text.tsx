// A note's words — title and body rendered from their entities — with place, date and views;
// and the author's inline editor for title, body and visibility.
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Note, Visibility } from '../../../shared/api/notes.ts';
import { HAN } from '../../../shared/text/han.ts';
import { useUpdateNote } from '../../api/notes.ts';
import { LockIcon } from '../../components/action-bar-icons.tsx';
import { Button } from '../../components/button.tsx';
import { formatAgo } from '../../components/comments-time.ts';
import { EyeIcon, PinIcon } from '../../components/icons.tsx';
import { LearnText } from '../../components/learn-text.tsx';
import { RichText } from '../../components/rich-text.tsx';
import { TranslateBar, TranslatedText, useTranslatable } from '../../components/translate.tsx';
import { WordCard } from '../../components/word-card.tsx';
import { useUiLanguage } from '../../i18n/index.ts';
import { describeError, fieldErrors } from '../../lib/errors.ts';
import { formatCount, formatDateTime } from '../../lib/format.ts';
import { BodyField, TitleField, textProblems, VisibilitySelect } from '../compose/note-text-fields.tsx';

export function NoteText({ note }: { note: Note }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  // Learner aids: pinyin over Chinese words and a dictionary card for any word tapped, on demand —
  // offered where there is Chinese to read, or English to look up in Chinese for a Chinese reader.
  const [learning, setLearning] = useState(false);
  const [word, setWord] = useState<string | null>(null);
  const words = `${note.title}\n${note.body}`;
  const learnable = HAN.test(words) || (lang === 'zh' && /[A-Za-z]/.test(words));
  const translation = useTranslatable({ kind: 'note', id: note.id }, note.langs, note.updatedAt);
  const tr = translation.mode !== 'original' && !learning ? translation.data : undefined;
  const shown = translation.mode === 'both' ? 'both' : 'translated';
  return (
    <div className="note-text">
      {note.title ? (
        tr ? (
          <TranslatedText as="h1" className="note-text__title" text={tr.title} segments={tr.segments.title} mode={shown} target={translation.target} />
        ) : learning ? (
          <LearnText as="h1" className="note-text__title" text={note.title} lang={note.lang} onWord={setWord} />
        ) : (
          <RichText as="h1" className="note-text__title" text={note.title} entities={note.entities.title} lang={note.lang} />
        )
      ) : null}
      {note.body ? (
        tr ? (
          <TranslatedText className="note-text__body" text={tr.body} segments={tr.segments.body} mode={shown} target={translation.target} />
        ) : learning ? (
          <LearnText className="note-text__body" text={note.body} lang={note.lang} onWord={setWord} />
        ) : (
          <RichText className="note-text__body" text={note.body} entities={note.entities.body} lang={note.lang} />
        )
      ) : null}
      <TranslateBar state={translation} />
      {learnable ? (
        <button type="button" className="note-text__learn" aria-pressed={learning} title={t('learn.toggleHint')} onClick={() => setLearning((on) => !on)}>
          <span aria-hidden="true">拼</span>
          {t('learn.toggle')}
        </button>
      ) : null}
      <WordCard word={word} noteId={note.id} onClose={() => setWord(null)} />
      <p className="note-text__meta">
        <time dateTime={note.createdAt} title={formatDateTime(note.createdAt, lang)}>
          {formatAgo(note.createdAt, lang)}
        </time>
        {note.placeName ? (
          <span className="note-text__place">
            <PinIcon size={14} />
            {note.placeName}
          </span>
        ) : null}
        <span className="note-text__views">
          <EyeIcon size={14} />
          {t('note.views', { count: note.counts.views, formatted: formatCount(note.counts.views, lang) })}
        </span>
        {note.visibility !== 'public' ? (
          <span className="note-text__visibility">
            <LockIcon size={14} />
            {note.visibility === 'followers' ? t('note.visibilityFollowers') : t('note.visibilityOnlyMe')}
          </span>
        ) : null}
      </p>
    </div>
  );
}

export function NoteEditForm({ note, onDone }: { note: Note; onDone: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateNote(note.id);
  const [title, setTitle] = useState(note.title);
  const [body, setBody] = useState(note.body);
  const [visibility, setVisibility] = useState<Visibility>(note.visibility);
  const problems = textProblems(title, body);
  const server = fieldErrors(update.error, t);
  const general = update.isError && Object.keys(server).length === 0 ? describeError(t, update.error) : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!problems.ok) return;
    update.mutate({ title: title.trim(), body: body.trim(), visibility }, { onSuccess: onDone });
  };

  return (
    <form className="note-edit" onSubmit={submit} noValidate aria-label={t('note.editTitle')}>
      <TitleField value={title} onChange={setTitle} serverError={server.title} />
      <BodyField value={body} onChange={setBody} serverError={server.body} />
      <VisibilitySelect value={visibility} onChange={setVisibility} serverError={server.visibility} />
      {general ? (
        <p className="note-edit__error" role="alert">
          {general}
        </p>
      ) : null}
      <div className="note-edit__actions">
        <Button variant="secondary" onClick={onDone}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" disabled={!problems.ok} loading={update.isPending}>
          {t('note.save')}
        </Button>
      </div>
    </form>
  );
}
