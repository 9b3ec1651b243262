// The composer's media: an empty drop zone to start, then a crop-free preview of the selected photo
// (or the video, with the poster the server chose) above the row of thumbnails.
import { type ChangeEvent, type ReactNode, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { MEDIA_ACCEPT } from '../../api/media.ts';
import { ImageIcon } from '../../components/action-bar-icons.tsx';
import { PlusIcon } from '../../components/icons.tsx';
import { UploadTray } from '../../components/upload-tray.tsx';
import { describeError } from '../../lib/errors.ts';
import { MAX_PHOTOS, type UploadItem } from './use-uploads.ts';

export type ComposeMediaProps = {
  items: UploadItem[];
  selectedKey: string | null;
  onSelect: (key: string) => void;
  onPick: (files: File[]) => void;
  onMove: (key: string, to: number) => void;
  onRemove: (key: string) => void;
  onRetry: (key: string) => void;
  error?: string;
};

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

export function ComposeMedia({ items, selectedKey, onSelect, onPick, onMove, onRemove, onRetry, error }: ComposeMediaProps) {
  const { t } = useTranslation();
  const selected = items.find((i) => i.key === selectedKey) ?? items[0];
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

  const failed = items.find((i) => i.status === 'error');
  return (
    <section className="compose-media">
      {selected ? <Preview item={selected} /> : null}
      <UploadTray
        items={items.map((i) => ({ key: i.key, previewUrl: i.previewUrl, kind: i.kind, name: i.file.name, progress: i.progress, status: i.status }))}
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
      {failed ? (
        <p className="compose-media__error" role="alert">
          {failed.file.name}: {describeError(t, failed.error)}
        </p>
      ) : null}
      {error ? (
        <p className="compose-media__error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
