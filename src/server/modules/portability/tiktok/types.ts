// The normalised form of a TikTok export: only what an import uses, never the PII beside it.
import type { TikTokLayout, TikTokWhoCanView } from '../../../../shared/api/portability.ts';

export interface TikTokProfile {
  /** lower case, without `@` */
  userName: string | null;
  displayName: string | null;
  bio: string | null;
}

export interface TikTokFollow {
  /** lower case, without `@` */
  username: string;
  /** ISO-8601 UTC */
  date: string | null;
}

export interface TikTokPost {
  date: string | null;
  caption: string;
  hashtags: string[];
  likes: number | null;
  whoCanView: TikTokWhoCanView;
  /** TikTok's media URL (not a permalink), when the export has one */
  link: string | null;
}

export interface TikTokVideoLink {
  date: string | null;
  link: string;
  /** the numeric id in a share URL, when there is one */
  videoId: string | null;
}

export interface TikTokComment {
  date: string | null;
  text: string;
  /** the commented-on video (only 2026 exports name it reliably) */
  postUrl: string | null;
}

export interface TikTokExport {
  layout: TikTokLayout;
  profile: TikTokProfile;
  following: TikTokFollow[];
  followers: TikTokFollow[];
  posts: TikTokPost[];
  liked: TikTokVideoLink[];
  favorites: TikTokVideoLink[];
  comments: TikTokComment[];
}

/** How much of an upload we are willing to read; every limit is checked while streaming. */
export interface UploadLimits {
  /** entries in a zip (declared and counted) */
  maxEntries: number;
  /** uncompressed bytes of all entries together (declared, and inflated) */
  maxTotalBytes: number;
  /** uncompressed : compressed, per entry larger than `ratioMinBytes` */
  maxRatio: number;
  ratioMinBytes: number;
  /** bytes of the JSON file itself */
  maxJsonBytes: number;
  /** nesting of objects and arrays */
  maxDepth: number;
  /** items kept per list (following, likes…): a hostile file can't explode memory */
  maxItems: number;
  /** characters kept of one text (a caption, a comment) */
  maxTextChars: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxEntries: 10_000,
  maxTotalBytes: 300 * 1024 * 1024,
  maxRatio: 100,
  ratioMinBytes: 1024 * 1024,
  maxJsonBytes: 100 * 1024 * 1024,
  maxDepth: 64,
  maxItems: 100_000,
  maxTextChars: 10_000,
};
