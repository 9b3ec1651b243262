// A note's one video: plays the transcoded MP4 over its poster, or shows the poster with a
// "processing" notice until the background transcode is done.
import { useTranslation } from 'react-i18next';
import type { MediaView } from '../../shared/api/media.ts';
import { AlertIcon } from './action-bar-icons.tsx';
import { BlurImage } from './blur-image.tsx';

export function CarouselVideo({ media, label }: { media: MediaView; label: string }) {
  const { t } = useTranslation();
  if (media.status === 'ready' && media.urls.video) {
    return (
      // biome-ignore lint/a11y/useMediaCaption: people's uploads carry no caption track (yet); the note text is beside it
      <video
        className="carousel__video"
        src={media.urls.video}
        poster={media.urls.poster ?? media.urls['720']}
        controls
        playsInline
        preload="metadata"
        aria-label={label}
      />
    );
  }
  const failed = media.status === 'failed';
  return (
    <div className="carousel__processing">
      <BlurImage media={media} alt={label} sizes="(min-width: 1024px) 560px, 100vw" fit="width" eager />
      <div className="carousel__processing-note" role="status">
        {failed ? <AlertIcon size={20} /> : <span className="carousel__spinner" aria-hidden="true" />}
        <span>
          <strong>{failed ? t('note.videoFailed') : t('note.processing')}</strong>
          {failed ? null : <span className="carousel__processing-body">{t('note.processingBody')}</span>}
        </span>
      </div>
    </div>
  );
}
