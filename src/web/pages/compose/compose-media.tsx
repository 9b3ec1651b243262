// The composer's media: an empty drop zone to start, then a crop-free preview of the selected photo
// (or the video, with the poster the server chose) above the row of thumbnails.
import type { TFunction } from 'i18next';
import { type ChangeEvent, type ReactNode, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { MEDIA_ACCEPT, type UploadFailure } from '../../api/media.ts';
import { AlertIcon, ImageIcon } from '../../components/action-bar-icons.tsx';
import { PlusIcon } from '../../components/icons.tsx';
import { type TrayFailure, UploadTray } from '../../components/upload-tray.tsx';
import { canRetry, MAX_PHOTOS, type UploadItem } from './use-uploads.ts';

export type ComposeMediaProps = {
  items: UploadItem[];
  /** The uploads' clock (ms), for "Retry in 12 s". */
  now: number;
  selectedKey: string | null;
  onSelect: (key: string) => void;
  onPick: (files: File[]) => void;
  onMove: (key: string, to: number) => void;
  onRemove: (key: string) => void;
  onRetry: (key: string) => void;
  error?: string;
};

/** A failed file's reason in the reader's language: a word or two for the file, and a sentence. */
export function failureText(t: TFunction, failure: UploadFailure): { label: string; description: string } {
  const limit = failure.limit ?? '';
  switch (failure.reason) {
    case 'tooLarge':
      return { label: t('uploadErrors.tooLarge'), description: limit ? t('uploadErrors.tooLargeLong', { limit }) : t('uploadErrors.tooLargeLongAny') };
    case 'unsupported':
      return { label: t('uploadErrors.unsupported'), description: t('uploadErrors.unsupportedLong') };
    case 'tooManyPixels':
      return {
        label: t('uploadErrors.tooManyPixels'),
        description: limit ? t('uploadErrors.tooManyPixelsLong', { limit }) : t('uploadErrors.tooManyPixelsLongAny'),
      };
    case 'videoTooLong':
      return {
        label: t('uploadErrors.videoTooLong'),
        description: limit ? t('uploadErrors.videoTooLongLong', { limit }) : t('uploadErrors.videoTooLongLongAny'),
      };
    case 'corrupt':
      return { label: t('uploadErrors.corrupt'), description: t('uploadErrors.corruptLong') };
    case 'noVideo':
      return { label: t('uploadErrors.noVideo'), description: t('uploadErrors.noVideoLong') };
    case 'codec':
      return { label: t('uploadErrors.codec'), description: t('uploadErrors.codecLong') };
    case 'empty':
      return { label: t('uploadErrors.empty'), description: t('uploadErrors.emptyLong') };
    case 'network':
      return { label: t('uploadErrors.network'), description: t('uploadErrors.networkLong') };
    case 'server':
      return { label: t('uploadErrors.server'), description: t('uploadErrors.serverLong') };
    case 'rateLimited':
      return { label: t('uploadErrors.rateLimited'), description: t('uploadErrors.rateLimitedLong') };
    case 'signedOut':
      return { label: t('uploadErrors.signedOut'), description: t('uploadErrors.signedOutLong') };
    case 'refused':
      // The server's sentence is English; our own is in the reader's language.
      return { label: t('uploadErrors.refused'), description: failure.detail ?? t('uploadErrors.refusedLong') };
  }
}

function trayFailure(t: TFunction, item: UploadItem, now: number): TrayFailure | null {
  if (item.status !== 'error' || !item.failure) return null;
  const text = failureText(t, item.failure);
  let retry: TrayFailure['retry'] = null;
  if (canRetry(item, now)) retry = 'now';
  else if (item.failure.retryable && item.retryAt !== null) retry = Math.max(1, Math.ceil((item.retryAt - now) / 1000));
  return { ...text, retry };
}

function FilePicker({ onPick, children, className }: { onPick: (files: File[]) => void; children: ReactNode; className: string }) {
  const id = useId();
  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(event.target.files ?? []);
    // Reset, so choosing the same file again after removing it still fires a change.
    event.target.value = '';
    if (files.length > 0) onPick(files);
  };
  return (
    <>
      <input id={id} className="visually-hidden compose-media__input" type="file" accept={MEDIA_ACCEPT} multiple onChange={onChange} />
      <label htmlFor={id} className={className}>
        {children}
      </label>
    </>
  );
}

function Preview({ item }: { item: UploadItem }) {
  const { t } = useTranslation();
  if (item.status === 'error' && item.failure) {
    // No picture to show (often there is none to decode): say what went wrong with this file instead.
    const text = failureText(t, item.failure);
    return (
      <figure className="compose-preview compose-preview--failed">
        <AlertIcon size={28} />
        <figcaption>
          <strong className="compose-preview__name">{item.file.name}</strong>
          <span>{text.description}</span>
        </figcaption>
      </figure>
    );
  }
  if (item.kind === 'video') {
    const poster = item.media?.urls.poster ?? item.media?.urls['720'];
    return (
      <figure className="compose-preview compose-preview--video">
        <video className="compose-preview__media" src={item.previewUrl} poster={poster} controls muted playsInline preload="metadata" />
        {item.status === 'done' ? (
          <figcaption className="compose-preview__note">
            {poster ? <img className="compose-preview__poster" src={poster} alt={t('composer.videoPosterCaption')} /> : null}
            <span>
              <strong>{t('composer.videoProcessingTitle')}</strong>
              <span className="compose-preview__note-body">{t('composer.videoProcessingBody')}</span>
              <span className="compose-preview__note-caption">{t('composer.videoPosterCaption')}</span>
            </span>
          </figcaption>
        ) : null}
      </figure>
    );
  }
  return (
    <figure className="compose-preview">
      <img className="compose-preview__media" src={item.previewUrl} alt={t('composer.previewOf', { name: item.file.name })} />
    </figure>
  );
}

export function ComposeMedia({ items, now, selectedKey, onSelect, onPick, onMove, onRemove, onRetry, error }: ComposeMediaProps) {
  const { t } = useTranslation();
  // Until one is chosen, the first file that made it (a failed one has no picture worth showing).
  const selected = items.find((i) => i.key === selectedKey) ?? items.find((i) => i.status !== 'error') ?? items[0];
  const isVideo = items[0]?.kind === 'video';

  if (items.length === 0) {
    return (
      <section className="compose-media">
        <FilePicker onPick={onPick} className="compose-drop">
          <span className="compose-drop__icon">
            <ImageIcon size={32} />
          </span>
          <span className="compose-drop__title">{t('composer.addMedia')}</span>
          <span className="compose-drop__hint">{t('composer.addMediaHint')}</span>
          <span className="compose-drop__button">{t('composer.choose')}</span>
        </FilePicker>
        {error ? (
          <p className="compose-media__error" role="alert">
            {error}
          </p>
        ) : null}
      </section>
    );
  }

  const failed = items.filter((i) => i.status === 'error');
  return (
    <section className="compose-media">
      {selected ? <Preview item={selected} /> : null}
      <UploadTray
        items={items.map((i) => ({
          key: i.key,
          previewUrl: i.previewUrl,
          kind: i.kind,
          name: i.file.name,
          progress: i.progress,
          status: i.status,
          failure: trayFailure(t, i, now),
        }))}
        selectedKey={selected?.key ?? null}
        onSelect={onSelect}
        onMove={onMove}
        onRemove={onRemove}
        onRetry={onRetry}
        trailing={
          !isVideo && items.length < MAX_PHOTOS ? (
            <FilePicker onPick={onPick} className="compose-media__add">
              <PlusIcon size={22} />
              <span className="visually-hidden">{t('composer.addMore')}</span>
            </FilePicker>
          ) : null
        }
      />
      {/* Every failed file with its own reason (the thumbnails say it in a word or two). */}
      <ul className="compose-media__failures" aria-label={t('uploadErrors.listLabel')} aria-live="polite" hidden={failed.length === 0}>
        {failed.map((i) => (
          <li key={i.key} className="compose-media__error" data-testid="upload-failure">
            {t('uploadErrors.item', { name: i.file.name, reason: i.failure ? failureText(t, i.failure).description : t('composer.uploadFailed') })}
          </li>
        ))}
      </ul>
      {error ? (
        <p className="compose-media__error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
