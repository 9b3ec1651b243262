// The feed module's background jobs. (It emits no events: it only listens.)
declare module '../../platform/jobs/types.ts' {
  interface JobTypes {
    /** Ranks a reader's next Explore list, so a fresh Explore reads a prepared one. */
    'feed.prepare': { userId: string };
    /** Builds a reader's Following inbox (they read Following and have none kept up). */
    'feed.inbox': { userId: string };
    /** Recomputes a reader's taste neighbours after they engaged. */
    'feed.neighbours': { userId: string };
    /** Judges the traffic pools (every minute). */
    'feed.pools': Record<string, never>;
    /** Recomputes trending topics (every minute). */
    'feed.trending': Record<string, never>;
    /** Forgets old lists, impressions, hourly uses and pool results (hourly). */
    'feed.purge': Record<string, never>;
  }
}

export {};
