// The events accounts emits, in the transaction of the change. Subscribers (notifications, caches,
// later feeds and search) never make accounts call them.
declare module '../../platform/jobs/types.ts' {
  interface JobTypes {
    /** Deletes sessions past their expiry (hourly). */
    'accounts.purge-sessions': Record<string, never>;
  }
}

declare module '../../platform/events/index.ts' {
  interface DomainEvents {
    'account.created': { userId: string; handle: string };
    /** What others see of the person changed (name, bio, avatar, languages, region); `version` is now current. */
    'account.changed': { userId: string; version: number };
    'user.followed': { followerId: string; followeeId: string };
    'user.unfollowed': { followerId: string; followeeId: string };
    'user.blocked': { blockerId: string; blockedId: string };
    'user.unblocked': { blockerId: string; blockedId: string };
    'user.muted': { muterId: string; mutedId: string };
    'user.unmuted': { muterId: string; mutedId: string };
    /** The person asked to delete their account: sessions ended, profile gone; everything is erased at `erasesAt` unless they log in before. */
    'account.deletion_requested': { userId: string; erasesAt: string };
    /** They logged in during the grace period: the account stays, the erasure must not run. */
    'account.deletion_cancelled': { userId: string };
    /** The person declared (or changed) the TikTok username on their profile (lower case, without '@'). */
    'account.tiktok_declared': { userId: string; tiktokUsername: string };
  }
}

export {};
