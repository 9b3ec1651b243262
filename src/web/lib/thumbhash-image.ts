// Blurred placeholders: the server stores a thumbhash (base64) with every photo; we turn it into a
// tiny PNG data URL (CSP allows `img-src data:`) and paint it behind the real image until it loads.
import type { CSSProperties } from 'react';
import { thumbHashToDataURL } from 'thumbhash';

// Decoding costs ~0.1 ms; a grid re-renders often, so keep the recent ones. Bounded: a long
// scroll session must not grow this forever.
const CACHE_LIMIT = 400;
const cache = new Map<string, string | null>();

function decodeBase64(b64: string): Uint8Array {
  const binary = atob(b64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The placeholder as a data URL, or null when there is none or it cannot be decoded. */
export function placeholderUrl(hash: string | null | undefined): string | null {
  if (!hash) return null;
  const hit = cache.get(hash);
  if (hit !== undefined) return hit;
  let url: string | null;
  try {
    url = thumbHashToDataURL(decodeBase64(hash));
  } catch {
    url = null; // a malformed hash only costs the blur, never the page
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(hash, url);
  return url;
}

/**
 * Inline style for the box behind an image: the dominant colour at once, the blurred thumbhash on
 * top of it. React sets it through the CSSOM, which the CSP allows (no `style=""` in markup).
 */
export function placeholderStyle(hash: string | null | undefined, colour?: string | null): CSSProperties {
  const url = placeholderUrl(hash);
  const style: CSSProperties = {};
  if (colour && /^#[0-9a-f]{3,8}$/i.test(colour)) style.backgroundColor = colour;
  if (url) style.backgroundImage = `url("${url}")`;
  return style;
}
