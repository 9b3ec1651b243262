// What an upload holds, as the person sees it before deciding: whole counts, short lists.
import type { ImportPreview } from '../../../../shared/api/portability.ts';
import type { TikTokExport } from './types.ts';

export const PREVIEW_LIMITS = { usernames: 50, posts: 50, comments: 20 } as const;

/** `onBiji`: how many of the followed usernames are declared by people on Biji (the caller looks it up). */
export function previewOf(exp: TikTokExport, onBiji: number): ImportPreview {
  return {
    layout: exp.layout,
    profile: { userName: exp.profile.userName, displayName: exp.profile.displayName, bio: exp.profile.bio },
    following: {
      count: exp.following.length,
      usernames: exp.following.slice(0, PREVIEW_LIMITS.usernames).map((f) => f.username),
      onBiji,
    },
    followers: { count: exp.followers.length, usernames: exp.followers.slice(0, PREVIEW_LIMITS.usernames).map((f) => f.username) },
    posts: {
      count: exp.posts.length,
      items: exp.posts
        .slice(0, PREVIEW_LIMITS.posts)
        .map((p) => ({ date: p.date, caption: p.caption, hashtags: [...p.hashtags], likes: p.likes, whoCanView: p.whoCanView })),
      onlyMe: exp.posts.filter((p) => p.whoCanView === 'only_me').length,
    },
    liked: { count: exp.liked.length },
    favorites: { count: exp.favorites.length },
    comments: { count: exp.comments.length, items: exp.comments.slice(0, PREVIEW_LIMITS.comments).map((c) => ({ date: c.date, text: c.text })) },
  };
}
