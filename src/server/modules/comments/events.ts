// The events the comments module emits, in the transaction of the change.
declare module '../../platform/events/index.ts' {
  interface DomainEvents {
    /**
     * A comment or reply was posted. `answered`: the person a reply answers (the author of the
     * comment replied to); `mentioned`: people its text mentions.
     */
    'comment.created': {
      commentId: string;
      noteId: string;
      noteAuthorId: string;
      authorId: string;
      parentId: string | null;
      answered: string | null;
      mentioned: string[];
    };
    'comment.deleted': { commentId: string; noteId: string; authorId: string };
    'comment.liked': { commentId: string; noteId: string; commentAuthorId: string; userId: string };
  }
}

export {};
