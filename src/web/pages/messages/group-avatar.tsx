// A group's photo in its settings: owners and admins choose one (uploaded with purpose "avatar", with
// progress), which PATCH /conversations/:id sets; the list and the chat's header show it at once
// (the mutation refreshes every chat query). Members see it without the buttons.
import { type ChangeEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationView } from '../../../shared/api/messages.ts';
import { ApiError } from '../../api/client.ts';
import { uploadMedia } from '../../api/media.ts';
import { useUpdateConversation } from '../../api/messages.ts';
import { Avatar } from '../../components/avatar.tsx';
import { Button } from '../../components/button.tsx';
import { describeError } from '../../lib/errors.ts';
import '../../components/avatar-upload.css';

const MAX_BYTES = 20 * 1024 * 1024;
const ACCEPT = 'image/jpeg,image/png,image/webp,image/avif,image/gif';

type Phase = { kind: 'idle' } | { kind: 'uploading'; fraction: number } | { kind: 'saving' };

export function GroupAvatar({ c, canManage }: { c: ConversationView; canManage: boolean }) {
  const { t } = useTranslation();
  const inputId = useId();
  const hintId = useId();
  const update = useUpdateConversation(c.id);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const busy = phase.kind !== 'idle';
  const face = { handle: c.id, displayName: c.name, avatar: c.avatar };

  const onChoose = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = ''; // choosing the same file again still fires change
    if (!file) return;
    setError(null);
    setStatus(null);
    if (file.type && !file.type.startsWith('image/')) return setError(t('groupAvatar.notImage'));
    if (file.size > MAX_BYTES) return setError(t('groupAvatar.tooLarge'));
    try {
      setPhase({ kind: 'uploading', fraction: 0 });
      const media = await uploadMedia(file, { purpose: 'avatar', onProgress: (fraction) => setPhase({ kind: 'uploading', fraction }) });
      setPhase({ kind: 'saving' });
      await update.mutateAsync({ avatar: media.id });
      setStatus(t('groupAvatar.updated'));
    } catch (err) {
      setError(err instanceof ApiError && err.code === 'unsupported_type' ? t('groupAvatar.notImage') : describeError(t, err));
    } finally {
      setPhase({ kind: 'idle' });
    }
  };

  const onRemove = () => {
    setError(null);
    setStatus(null);
    update.mutate({ avatar: null }, { onSuccess: () => setStatus(t('groupAvatar.removed')), onError: (err) => setError(describeError(t, err)) });
  };

  const percent = phase.kind === 'uploading' ? Math.round(phase.fraction * 100) : 100;
  return (
    <section className="avatar-upload group-avatar" aria-label={t('groupAvatar.label')} data-testid="group-avatar">
      <div className={`avatar-upload__preview ${busy ? 'avatar-upload__preview--busy' : ''}`}>
        <Avatar user={face} size="xl" />
      </div>
      {canManage ? (
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
              data-testid="group-avatar-input"
              onChange={(e) => void onChoose(e)}
            />
            <label htmlFor={inputId} className={`btn btn--secondary btn--sm ${busy ? 'avatar-upload__label--busy' : ''}`}>
              {c.avatar ? t('groupAvatar.change') : t('groupAvatar.add')}
            </label>
            {c.avatar ? (
              <Button variant="ghost" size="sm" disabled={busy} loading={update.isPending && phase.kind === 'idle'} onClick={onRemove}>
                {t('groupAvatar.remove')}
              </Button>
            ) : null}
          </div>
          {busy ? (
            <div className="avatar-upload__progress" role="status">
              <progress max={100} value={percent} aria-label={t('groupAvatar.label')} />
              <span>{phase.kind === 'uploading' ? t('groupAvatar.uploading', { percent }) : t('groupAvatar.saving')}</span>
            </div>
          ) : (
            <p id={hintId} className="avatar-upload__hint">
              {t('groupAvatar.hint')}
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
