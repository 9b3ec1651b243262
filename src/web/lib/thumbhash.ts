// Media placeholders: the server stores a ThumbHash (base64, ~25 bytes) with each photo; this turns
// it into a tiny data: URL image (allowed by the CSP's img-src) to show, blurred, until the photo loads.
import { thumbHashToDataURL } from 'thumbhash';

const cache = new Map<string, string | null>();
const MAX_CACHED = 500;

function decode(base64: string): string | null {
  try {
    const binary = atob(base64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return thumbHashToDataURL(bytes);
  } catch {
    // A malformed hash just means no placeholder; the dominant colour still shows.
    return null;
  }
}

/** The placeholder image for a ThumbHash, or null when there is none (decoded once, then cached). */
export function placeholderUrl(hash: string | null | undefined): string | null {
  if (!hash) return null;
  let url = cache.get(hash);
  if (url === undefined) {
    url = decode(hash);
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
    cache.set(hash, url);
  }
  return url;
}
