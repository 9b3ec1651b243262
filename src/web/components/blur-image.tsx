// A photo at its true aspect ratio over its blurred ThumbHash placeholder, which fades out once the
// photo has loaded. Responsive: the browser picks the 360/720/1440 width that the layout needs.
import { useCallback, useState } from 'react';
import type { MediaView } from '../../shared/api/media.ts';
import { fallbackSrc, srcSetOf } from '../../shared/photo-sources.ts';
import { placeholderUrl } from '../lib/thumbhash.ts';
import './blur-image.css';

export type BlurImageMedia = Pick<MediaView, 'width' | 'height' | 'placeholder' | 'dominantColor' | 'urls'>;

export type BlurImageProps = {
  media: BlurImageMedia;
  alt: string;
  /** The `sizes` attribute: how wide the image is drawn at each breakpoint. */
  sizes: string;
  /** Which side fills the surrounding box ("contain" without cropping); 'none' keeps the natural flow. */
  fit?: 'width' | 'height' | 'none';
  eager?: boolean;
  /** the page's main image (its largest paint): fetched before anything else */
  priority?: boolean;
  className?: string;
};

export function BlurImage({ media, alt, sizes, fit = 'none', eager = false, priority = false, className }: BlurImageProps) {
  const [loaded, setLoaded] = useState(false);
  const placeholder = placeholderUrl(media.placeholder);
  // An image from the memory cache may be complete before React's onLoad is attached.
  const ref = useCallback((img: HTMLImageElement | null) => {
    if (img?.complete && img.naturalWidth > 0) setLoaded(true);
  }, []);
  const ratio = media.width > 0 && media.height > 0 ? media.width / media.height : 1;
  return (
    <span
      className={['blur-image', `blur-image--fit-${fit}`, loaded ? 'blur-image--loaded' : '', className ?? ''].filter(Boolean).join(' ')}
      style={{ aspectRatio: String(ratio), backgroundColor: media.dominantColor ?? undefined }}
    >
      {placeholder ? <img className="blur-image__placeholder" src={placeholder} alt="" aria-hidden="true" draggable={false} /> : null}
      <img
        ref={ref}
        className="blur-image__img"
        src={fallbackSrc(media.urls)}
        srcSet={srcSetOf(media.urls) || undefined}
        sizes={sizes}
        width={media.width || undefined}
        height={media.height || undefined}
        alt={alt}
        loading={eager || priority ? 'eager' : 'lazy'}
        fetchPriority={priority ? 'high' : undefined}
        decoding="async"
        draggable={false}
        onLoad={() => setLoaded(true)}
      />
    </span>
  );
}
