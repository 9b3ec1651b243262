// Edit profile's photo: choose → upload (purpose "avatar", with progress) → PUT /me/avatar → shown
// at once everywhere the account appears; or remove it.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ChangeEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../shared/api/accounts.ts';
import type { MediaView } from '../../shared/api/media.ts';
import { accountKeys } from '../api/accounts.ts';
import { ApiError, apiFetch, NETWORK_ERROR } from '../api/client.ts';
import { noteKeys } from '../api/notes.ts';
import { describeError } from '../lib/errors.ts';
import { Avatar } from './avatar.tsx';
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

export function AvatarUpload({ me }: { me: Me }) {
  const { t } = useTranslation();
  const inputId = useId();
  const hintId = useId();
  const input = useRef<HTMLInputElement>(null);
  const setAvatar = useSetAvatar();
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const busy = phase.kind !== 'idle';

  const onChoose = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = ''; // choosing the same file again still fires change
    if (!file) return;
    setError(null);
    setStatus(null);
    if (file.type && !file.type.startsWith('image/')) return setError(t('avatarUpload.notImage'));
    if (file.size > MAX_BYTES) return setError(t('avatarUpload.tooLarge'));
    try {
      setPhase({ kind: 'uploading', fraction: 0 });
      const media = await uploadAvatarFile(file, (fraction) => setPhase({ kind: 'uploading', fraction }));
      setPhase({ kind: 'saving' });
      await setAvatar.mutateAsync(media.id);
      setStatus(t('avatarUpload.updated'));
    } catch (err) {
      setError(err instanceof ApiError && err.code === 'unsupported_type' ? t('avatarUpload.notImage') : describeError(t, err));
    } finally {
      setPhase({ kind: 'idle' });
    }
  };

  const onRemove = () => {
    setError(null);
    setStatus(null);
    setAvatar.mutate(null, {
      onSuccess: () => setStatus(t('avatarUpload.removed')),
      onError: (err) => setError(describeError(t, err)),
    });
  };

  const percent = phase.kind === 'uploading' ? Math.round(phase.fraction * 100) : 100;
  return (
    <section className="avatar-upload" aria-label={t('avatarUpload.label')}>
      <div className={`avatar-upload__preview ${busy ? 'avatar-upload__preview--busy' : ''}`}>
        <Avatar user={me} size="xl" />
      </div>
      <div className="avatar-upload__side">
        <div className="avatar-upload__buttons">
          {/* A real file input, visually replaced by the button-styled label. */}
          <input
            ref={input}
            id={inputId}
            className="visually-hidden"
            type="file"
            accept={ACCEPT}
            disabled={busy}
            aria-describedby={hintId}
            onChange={(e) => void onChoose(e)}
          />
          <label htmlFor={inputId} className={`btn btn--secondary btn--sm ${busy ? 'avatar-upload__label--busy' : ''}`}>
            {me.avatar ? t('avatarUpload.change') : t('avatarUpload.add')}
          </label>
          {me.avatar ? (
            <Button variant="ghost" size="sm" disabled={busy} loading={setAvatar.isPending && phase.kind === 'idle'} onClick={onRemove}>
              {t('avatarUpload.remove')}
            </Button>
          ) : null}
        </div>
        {busy ? (
          <div className="avatar-upload__progress" role="status">
            <progress max={100} value={percent} aria-label={t('avatarUpload.label')} />
            <span>{phase.kind === 'uploading' ? t('avatarUpload.uploading', { percent }) : t('avatarUpload.saving')}</span>
          </div>
        ) : (
          <p id={hintId} className="avatar-upload__hint">
            {t('avatarUpload.hint')}
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
    </section>
  );
}
