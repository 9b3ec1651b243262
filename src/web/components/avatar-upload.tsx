// Edit profile's photo: choose → upload (purpose "avatar", with progress) → PUT /me/avatar → shown
// at once everywhere the account appears; or remove it.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ChangeEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../shared/api/accounts.ts';
import type { MediaView } from '../../shared/api/media.ts';
import { accountKeys } from '../api/accounts.ts';
import { ApiError, apiFetch, NETWORK_ERROR } from '../api/client.ts';
import { noteKeys } from '../api/notes.ts';
import { describeError } from '../lib/errors.ts';
import { Avatar, type AvatarProps } from './avatar.tsx';
import { Button } from './button.tsx';
import './avatar-upload.css';

const MAX_BYTES = 20 * 1024 * 1024;
const ACCEPT = 'image/jpeg,image/png,image/webp,image/avif,image/gif';

/**
 * Uploads with XMLHttpRequest, the one browser API that reports upload progress. Errors come back as
 * the same ApiError that apiFetch throws.
 */
export function uploadAvatarFile(file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<MediaView> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const form = new FormData();
    form.append('purpose', 'avatar'); // before the file: the server reads fields as they stream in
    form.append('file', file, file.name);
    xhr.open('POST', '/api/v1/media');
    xhr.responseType = 'text';
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        // not JSON: described by the status below
      }
      if (xhr.status >= 200 && xhr.status < 300 && body) return resolve(body as MediaView);
      const problem = (body ?? {}) as Partial<ConstructorParameters<typeof ApiError>[0]>;
      reject(
        new ApiError({
          type: problem.type ?? 'about:blank',
          title: problem.title ?? xhr.statusText ?? 'Error',
          status: typeof problem.status === 'number' ? problem.status : xhr.status,
          code: typeof problem.code === 'string' ? problem.code : `http_${xhr.status}`,
          detail: problem.detail ?? '',
          requestId: problem.requestId,
          errors: problem.errors,
        }),
      );
    };
    const networkError = () => reject(new ApiError({ type: 'about:blank', title: 'Network error', status: 0, code: NETWORK_ERROR, detail: 'upload failed' }));
    xhr.onerror = networkError;
    xhr.ontimeout = networkError;
    xhr.onabort = () => reject(new DOMException('Aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}

/** Sets (or with null, removes) my avatar; every cached place that shows me is refreshed. */
export function useSetAvatar() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (mediaId: string | null) => apiFetch<Me>('/me/avatar', { method: 'PUT', body: { mediaId } }),
    onSuccess: (me) => {
      queryClient.setQueryData(accountKeys.me(), me);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: accountKeys.profile(me.handle) }),
        queryClient.invalidateQueries({ queryKey: accountKeys.lists() }),
        // Note cards and note pages carry the author's avatar.
        queryClient.invalidateQueries({ queryKey: noteKeys.all }),
        queryClient.invalidateQueries({ queryKey: ['boards'] }),
        queryClient.invalidateQueries({ queryKey: ['notify'] }),
      ]);
    },
  });
}

type Phase = { kind: 'idle' } | { kind: 'uploading'; fraction: number } | { kind: 'saving' };

/** The strings each picker brings: the same keys under its own i18n section. */
export type AvatarUploadStrings = 'avatarUpload' | 'groupAvatar';

export type AvatarUploaderProps = {
  /** Whose face the preview shows; its `avatar` decides between Add and Change / Remove. */
  face: AvatarProps['user'];
  /** Sends the chosen file (purpose "avatar"), reporting the fraction sent. */
  upload: (file: File, onProgress: (fraction: number) => void) => Promise<MediaView>;
  /** Sets the uploaded photo, or with null removes it. */
  save: (mediaId: string | null) => Promise<unknown>;
  strings: AvatarUploadStrings;
  /** Without it only the face is shown (a group's members who do not manage it). */
  editable?: boolean;
  className?: string;
  /** On the section; its file input gets `${testId}-input`. */
  testId?: string;
};

/** The photo picker: choose → upload (with progress) → save → shown; or remove. */
export function AvatarUploader({ face, upload, save, strings, editable = true, className, testId }: AvatarUploaderProps) {
  const { t } = useTranslation();
  const inputId = useId();
  const hintId = useId();
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [removing, setRemoving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const busy = phase.kind !== 'idle';

  const onChoose = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = ''; // choosing the same file again still fires change
    if (!file) return;
    setError(null);
    setStatus(null);
    if (file.type && !file.type.startsWith('image/')) return setError(t(`${strings}.notImage`));
    if (file.size > MAX_BYTES) return setError(t(`${strings}.tooLarge`));
    try {
      setPhase({ kind: 'uploading', fraction: 0 });
      const media = await upload(file, (fraction) => setPhase({ kind: 'uploading', fraction }));
      setPhase({ kind: 'saving' });
      await save(media.id);
      setStatus(t(`${strings}.updated`));
    } catch (err) {
      setError(err instanceof ApiError && err.code === 'unsupported_type' ? t(`${strings}.notImage`) : describeError(t, err));
    } finally {
      setPhase({ kind: 'idle' });
    }
  };

  const onRemove = async () => {
    setError(null);
    setStatus(null);
    setRemoving(true);
    try {
      await save(null);
      setStatus(t(`${strings}.removed`));
    } catch (err) {
      setError(describeError(t, err));
    } finally {
      setRemoving(false);
    }
  };

  const percent = phase.kind === 'uploading' ? Math.round(phase.fraction * 100) : 100;
  return (
    <section className={className ? `avatar-upload ${className}` : 'avatar-upload'} aria-label={t(`${strings}.label`)} data-testid={testId}>
      <div className={`avatar-upload__preview ${busy ? 'avatar-upload__preview--busy' : ''}`}>
        <Avatar user={face} size="xl" />
      </div>
      {editable ? (
        <div className="avatar-upload__side">
          <div className="avatar-upload__buttons">
            {/* A real file input, visually replaced by the button-styled label. */}
            <input
              id={inputId}
              className="visually-hidden"
              type="file"
              accept={ACCEPT}
              disabled={busy}
              aria-describedby={hintId}
              data-testid={testId ? `${testId}-input` : undefined}
              onChange={(e) => void onChoose(e)}
            />
            <label htmlFor={inputId} className={`btn btn--secondary btn--sm ${busy ? 'avatar-upload__label--busy' : ''}`}>
              {face.avatar ? t(`${strings}.change`) : t(`${strings}.add`)}
            </label>
            {face.avatar ? (
              <Button variant="ghost" size="sm" disabled={busy} loading={removing} onClick={() => void onRemove()}>
                {t(`${strings}.remove`)}
              </Button>
            ) : null}
          </div>
          {busy ? (
            <div className="avatar-upload__progress" role="status">
              <progress max={100} value={percent} aria-label={t(`${strings}.label`)} />
              <span>{phase.kind === 'uploading' ? t(`${strings}.uploading`, { percent }) : t(`${strings}.saving`)}</span>
            </div>
          ) : (
            <p id={hintId} className="avatar-upload__hint">
              {t(`${strings}.hint`)}
            </p>
          )}
          {error ? (
            <p className="field__error" role="alert">
              {error}
            </p>
          ) : status ? (
            <p className="avatar-upload__status" role="status">
              {status}
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

/** Edit profile's photo. */
export function AvatarUpload({ me }: { me: Me }) {
  const setAvatar = useSetAvatar();
  return <AvatarUploader face={me} upload={uploadAvatarFile} save={setAvatar.mutateAsync} strings="avatarUpload" />;
}
