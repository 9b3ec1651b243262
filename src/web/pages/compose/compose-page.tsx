// /compose: pick photos (or one video), which upload at once while the text is written; then Post.
// /compose?draft=<id> finishes a draft brought over from TikTok: prefilled with its text and audience,
// the person adds photos, and Publish publishes that draft (never without this tap).
import { type FormEvent, type RefObject, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Visibility } from '../../../shared/api/notes.ts';
import type { Draft } from '../../../shared/api/portability.ts';
import { NOTE_LIMITS } from '../../../shared/rules/notes.ts';
import { useCreateNote } from '../../api/notes.ts';
import { usePublishDraft } from '../../api/portability.ts';
import { Button } from '../../components/button.tsx';
import { EmptyState, Spinner } from '../../components/empty-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { RequireAuth } from '../../components/require-auth.tsx';
import { TextField } from '../../components/text-field.tsx';
import { useUiLanguage } from '../../i18n/index.ts';
import { describeError, fieldErrors } from '../../lib/errors.ts';
import { formatDate } from '../../lib/format.ts';
import { ComposeMedia } from './compose-media.tsx';
import { BodyField, TitleField, textProblems, VisibilitySelect } from './note-text-fields.tsx';
import { draftBody, useDraftToFinish } from './use-draft.ts';
import { type AddProblem, useUploads } from './use-uploads.ts';
import './compose-page.css';

const PLACE_MAX = NOTE_LIMITS.placeChars;

export function ComposePage() {
  return <RequireAuth>{() => <ComposerFor />}</RequireAuth>;
}

/** The plain composer, or the one that finishes a draft once that draft is known. */
function ComposerFor() {
  const { t } = useTranslation();
  const wanted = useDraftToFinish();
  if (wanted.id === null) return <Composer />;
  if (wanted.isPending) return <Spinner label={t('common.loading')} />;
  if (!wanted.draft) {
    return (
      <>
        <PageHeader title={t('data.finish.title')} backTo="/me/drafts" />
        <EmptyState tone={wanted.error ? 'error' : 'info'} title={wanted.error ? describeError(t, wanted.error) : t('data.finish.missing')} />
      </>
    );
  }
  return <Composer key={wanted.draft.id} draft={wanted.draft} />;
}

function hasFiles(event: DragEvent) {
  return Array.from(event.dataTransfer?.types ?? []).includes('Files');
}

/**
 * Files dropped anywhere on the composer are added; `dropping` is true while some are held over it.
 * Listened to natively: the page is a drop zone, not a control, so it has no role to give it.
 */
function useFileDrop(zone: RefObject<HTMLElement | null>, onFiles: (files: File[]) => void): boolean {
  const [dropping, setDropping] = useState(false);
  const latest = useRef(onFiles);
  latest.current = onFiles;
  useEffect(() => {
    const el = zone.current;
    if (!el) return;
    const over = (event: DragEvent) => {
      if (!hasFiles(event) || !event.dataTransfer) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
      setDropping(true);
    };
    const leave = (event: DragEvent) => {
      if (!el.contains(event.relatedTarget as Node | null)) setDropping(false);
    };
    const drop = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      setDropping(false);
      latest.current(Array.from(event.dataTransfer?.files ?? []));
    };
    el.addEventListener('dragover', over);
    el.addEventListener('dragleave', leave);
    el.addEventListener('drop', drop);
    return () => {
      el.removeEventListener('dragover', over);
      el.removeEventListener('dragleave', leave);
      el.removeEventListener('drop', drop);
    };
  }, [zone]);
  return dropping;
}

function Composer({ draft }: { draft?: Draft }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const navigate = useNavigate();
  const uploads = useUploads();
  const createNote = useCreateNote();
  const publish = usePublishDraft(draft?.id ?? '');
  // One of the two is the write this composer makes; its pending/error state is what the form shows.
  const create = draft ? publish : createNote;
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [pickProblem, setPickProblem] = useState<string | null>(null);
  const [title, setTitle] = useState(draft?.title ?? '');
  const [body, setBody] = useState(() => (draft ? draftBody(draft) : ''));
  // A draft keeps its audience (only-me stays only-me) unless the person changes it here.
  const [visibility, setVisibility] = useState<Visibility>(draft?.visibility ?? 'public');
  const [placeName, setPlaceName] = useState('');
  const [commentsEnabled, setCommentsEnabled] = useState(true);
  const [posted, setPosted] = useState(false);

  const { items } = uploads;
  const text = textProblems(title, body);
  const uploading = items.some((i) => i.status === 'queued' || i.status === 'uploading' || i.status === 'processing');
  const failed = items.some((i) => i.status === 'error');
  const ready = items.filter((i) => i.status === 'done' && i.media);
  const blocker =
    items.length === 0
      ? t('composer.needMedia')
      : uploading
        ? t('composer.waitUploads')
        : failed
          ? t('composer.fixUploads')
          : text.empty
            ? t('composer.needText')
            : null;
  const canPost = blocker === null && text.ok && ready.length > 0 && !create.isPending;
  const server = fieldErrors(create.error, t);

  // Closing the tab with an unposted note asks first.
  const dirty = !posted && (items.length > 0 || (!draft && (title !== '' || body !== '')));
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);

  const describeProblem = (p: AddProblem) =>
    p.kind === 'too_many'
      ? t('composer.tooMany', { count: p.count })
      : p.kind === 'video_alone'
        ? t('composer.videoAlone')
        : t('composer.unsupported', { name: p.name });

  const pick = (files: File[]) => {
    const problems = uploads.add(files);
    setPickProblem(problems.length > 0 ? problems.map(describeProblem).join(' ') : null);
  };

  const remove = (key: string) => {
    uploads.remove(key);
    if (selectedKey === key) setSelectedKey(null);
    setPickProblem(null);
  };

  const zone = useRef<HTMLDivElement>(null);
  const dropping = useFileDrop(zone, pick);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!canPost) return;
    if (draft) {
      const mediaIds = ready.map((i) => i.media!.id);
      publish.mutate(
        { title: title.trim(), body: body.trim(), mediaIds, visibility },
        {
          onSuccess: ({ noteId }) => {
            setPosted(true);
            void navigate(`/n/${noteId}`, { replace: true });
          },
        },
      );
      return;
    }
    createNote.mutate(
      {
        title: title.trim(),
        body: body.trim(),
        mediaIds: ready.map((i) => i.media!.id),
        visibility,
        placeName: placeName.trim() || null,
        commentsEnabled,
      },
      {
        onSuccess: (note) => {
          setPosted(true);
          void navigate(`/n/${note.id}`, { replace: true });
        },
      },
    );
  };

  const generalError = create.isError && Object.keys(server).length === 0 ? describeError(t, create.error) : null;

  return (
    <div className="compose" ref={zone}>
      <PageHeader title={draft ? t('data.finish.title') : t('composer.title')} backTo={draft ? '/me/drafts' : '/'} />
      {draft ? (
        <p className="compose__draft-lead" data-testid="draft-origin">
          {draft.originalAt ? t('data.finish.lead', { date: formatDate(draft.originalAt, lang) }) : t('data.finish.leadUndated')}
        </p>
      ) : null}
      <form className="compose__form" onSubmit={submit} noValidate>
        <ComposeMedia
          items={items}
          now={uploads.now}
          selectedKey={selectedKey}
          onSelect={setSelectedKey}
          onPick={pick}
          onMove={uploads.move}
          onRemove={remove}
          onRetry={uploads.retry}
          error={[pickProblem, server.mediaIds].filter(Boolean).join(' ') || undefined}
        />
        <div className="compose__fields">
          <TitleField value={title} onChange={setTitle} serverError={server.title} />
          <BodyField value={body} onChange={setBody} serverError={server.body} />
          <div className="compose__row">
            <VisibilitySelect value={visibility} onChange={setVisibility} serverError={server.visibility} />
            {/* A draft publishes with its text, photos and audience only: place and comments are set on the note after. */}
            {draft ? null : (
              <TextField
                label={
                  <>
                    {t('composer.place')} <span className="muted">({t('common.optional')})</span>
                  </>
                }
                placeholder={t('composer.placePlaceholder')}
                value={placeName}
                maxLength={PLACE_MAX}
                onChange={(e) => setPlaceName(e.target.value)}
                error={server.placeName}
              />
            )}
          </div>
          {draft ? null : (
            <label className="switch">
              <input type="checkbox" className="switch__input" checked={commentsEnabled} onChange={(e) => setCommentsEnabled(e.target.checked)} />
              <span className="switch__track" aria-hidden="true" />
              <span className="switch__label">{t('composer.commentsOn')}</span>
            </label>
          )}
        </div>
        <div className="compose__submit">
          {generalError ? (
            <p className="compose__error" role="alert">
              {generalError}
            </p>
          ) : null}
          <Button type="submit" size="lg" block disabled={!canPost} loading={create.isPending}>
            {draft
              ? create.isPending
                ? t('data.finish.publishing')
                : t('data.finish.publish')
              : create.isPending
                ? t('composer.posting')
                : t('composer.post')}
          </Button>
          {blocker && !create.isPending ? <p className="compose__blocker">{blocker}</p> : null}
        </div>
      </form>
      {dropping ? (
        <div className="compose__drop-overlay" aria-hidden="true">
          <span>{t('composer.dropHere')}</span>
        </div>
      ) : null}
    </div>
  );
}
