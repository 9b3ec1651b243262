// Blurred placeholders as a background: the dominant colour at once, the thumbhash (decoded and
// cached by lib/thumbhash.ts) on top, behind the real image until it loads.
import type { CSSProperties } from 'react';
import { placeholderUrl } from './thumbhash.ts';

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
