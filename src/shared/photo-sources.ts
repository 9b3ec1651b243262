// Which file of a photo a browser fetches: the widths the server makes, and how wide the note page
// draws its first photo. The web client renders them; the server preloads the same choice on a
// note's page, so the browser can reuse that fetch only if both say exactly the same.
import type { MediaView } from './api/media.ts';

const WIDTHS = ['360', '720', '1440'] as const;

/** `srcset` from the widths the server made (small photos have fewer: never upscaled). */
export function srcSetOf(urls: MediaView['urls']): string {
  return WIDTHS.flatMap((w) => (urls[w] ? [`${urls[w]} ${w}w`] : [])).join(', ');
}

/** The best single URL when `srcset` isn't used. */
export function fallbackSrc(urls: MediaView['urls']): string | undefined {
  return urls['720'] ?? urls['360'] ?? urls['1440'] ?? urls.original ?? urls.poster;
}

/** The note page's carousel: how wide its photos are drawn at each breakpoint (its `sizes`). */
export const NOTE_PAGE_PHOTO_SIZES = '(min-width: 1024px) 600px, (min-width: 768px) 640px, 100vw';
