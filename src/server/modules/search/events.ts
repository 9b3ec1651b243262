// The search module's background jobs. (It emits no events: it only listens.)
declare module '../../platform/jobs/types.ts' {
  interface JobTypes {
    /** Recomputes trending searches (every minute). */
    'search.trending': Record<string, never>;
  }
}

export {};
