// /compose: pick photos (or one video), which upload at once while the text is written; then Post.
import { type FormEvent, type RefObject, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Visibility } from '../../../shared/api/notes.ts';
import { NOTE_LIMITS } from '../../../shared/rules/notes.ts';
import { useCreateNote } from '../../api/notes.ts';
import { Button } from '../../components/button.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { RequireAuth } from '../../components/require-auth.tsx';
import { TextField } from '../../components/text-field.tsx';
import { describeError, fieldErrors } from '../../lib/errors.ts';
import { ComposeMedia } from './compose-media.tsx';
import { BodyField, TitleField, textProblems, VisibilitySelect } from './note-text-fields.tsx';
import { type AddProblem, useUploads } from './use-uploads.ts';
import './compose-page.css';

const PLACE_MAX = NOTE_LIMITS.placeChars;

export function ComposePage() {
  return <RequireAuth>{() => <Composer />}</RequireAuth>;
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

function Composer() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const uploads = useUploads();
  const create = useCreateNote();
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [pickProblem, setPickProblem] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState<Visibility>('public');
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
  const server = fieldErrors(create.error);

  // Closing the tab with an unposted note asks first.
  const dirty = !posted && (items.length > 0 || title !== '' || body !== '');
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
    create.mutate(
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
      <PageHeader title={t('composer.title')} backTo="/" />
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
          </div>
          <label className="switch">
            <input type="checkbox" className="switch__input" checked={commentsEnabled} onChange={(e) => setCommentsEnabled(e.target.checked)} />
            <span className="switch__track" aria-hidden="true" />
            <span className="switch__label">{t('composer.commentsOn')}</span>
          </label>
        </div>
        <div className="compose__submit">
          {generalError ? (
            <p className="compose__error" role="alert">
              {generalError}
            </p>
          ) : null}
          <Button type="submit" size="lg" block disabled={!canPost} loading={create.isPending}>
            {create.isPending ? t('composer.posting') : t('composer.post')}
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
