// A note's words — title and body rendered from their entities — with place, date and views;
// and the author's inline editor for title, body and visibility.
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Note, Visibility } from '../../../shared/api/notes.ts';
import { useUpdateNote } from '../../api/notes.ts';
import { LockIcon } from '../../components/action-bar-icons.tsx';
import { Button } from '../../components/button.tsx';
import { formatAgo } from '../../components/comments-time.ts';
import { EyeIcon, PinIcon } from '../../components/icons.tsx';
import { RichText } from '../../components/rich-text.tsx';
import { useUiLanguage } from '../../i18n/index.ts';
import { describeError, fieldErrors } from '../../lib/errors.ts';
import { formatCount, formatDateTime } from '../../lib/format.ts';
import { BodyField, TitleField, textProblems, VisibilitySelect } from '../compose/note-text-fields.tsx';

export function NoteText({ note }: { note: Note }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  return (
    <div className="note-text">
      {note.title ? <RichText as="h1" className="note-text__title" text={note.title} entities={note.entities.title} lang={note.lang} /> : null}
      {note.body ? <RichText className="note-text__body" text={note.body} entities={note.entities.body} lang={note.lang} /> : null}
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
  const server = fieldErrors(update.error);
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
