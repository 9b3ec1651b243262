// The events the media module emits. The notes module learns from them that a video note can go
// live, or that its video could not be processed.
declare module '../../platform/events/index.ts' {
  interface DomainEvents {
    /** The media's files are all there (a video's transcode finished). */
    /** An upload was stored (a photo is ready at once; a video's poster is, its transcode follows). */
    'media.stored': { mediaId: string; ownerId: string; kind: 'image' | 'video'; purpose: 'note' | 'avatar' };
    'media.ready': { mediaId: string; ownerId: string; attachedTo: string | null };
    /** The media could not be processed, for good (its last attempt failed). */
    'media.failed': { mediaId: string; ownerId: string; attachedTo: string | null };
  }
}

export {};
