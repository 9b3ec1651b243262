import type { UserSummary } from '../../shared/api/accounts.ts';
import { placeholderStyle } from '../lib/thumbhash-image.ts';
import './avatar.css';

export type AvatarSize = 'sm' | 'md' | 'lg' | 'xl';

const PALETTE_SIZE = 8;

/** A stable palette slot per handle, so a person keeps their colour everywhere. */
function colourSlot(handle: string): number {
  let hash = 0;
  for (const ch of handle.toLowerCase()) hash = (hash * 31 + ch.codePointAt(0)!) >>> 0;
  return hash % PALETTE_SIZE;
}

/** The first user-perceived character (so 林 or 👩‍🎨 stay whole), upper-cased. */
function initialOf(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) return '?';
  const segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter() : null;
  const first = segmenter ? segmenter.segment(trimmed)[Symbol.iterator]().next().value?.segment : Array.from(trimmed)[0];
  return (first ?? '?').toLocaleUpperCase();
}

export type AvatarProps = {
  user: Pick<UserSummary, 'handle' | 'displayName' | 'avatar'>;
  size?: AvatarSize;
};

export function Avatar({ user, size = 'md' }: AvatarProps) {
  const className = `avatar avatar--${size}`;
  if (user.avatar) {
    // The blurred thumbhash paints behind the photo until it arrives.
    return (
      <img
        className={`${className} avatar--photo`}
        src={user.avatar.url}
        style={placeholderStyle(user.avatar.placeholder)}
        alt=""
        loading="lazy"
        decoding="async"
      />
    );
  }
  return (
    <span className={`${className} avatar--c${colourSlot(user.handle)}`} aria-hidden="true">
      {initialOf(user.displayName || user.handle)}
    </span>
  );
}
