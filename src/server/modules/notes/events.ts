// The events the notes module emits, in the transaction of the change. Notifications, the read
// caches of every process, and later feeds, search and translation subscribe to them.
import type { NoteRow } from './tables.ts';

declare module '../../platform/jobs/types.ts' {
  interface JobTypes {
    /** Forgets who viewed what before yesterday (hourly); the counts stay. */
    'notes.purge-views': Record<string, never>;
  }
}

declare module '../../platform/events/index.ts' {
  interface DomainEvents {
    /** A note was posted; `mentioned`: the ids of people its text mentions. */
    'note.created': { noteId: string; authorId: string; visibility: NoteRow['visibility']; status: NoteRow['status']; mentioned: string[] };
    /** A video note whose transcode finished went live (its mentions are told now). */
    'note.published': { noteId: string; authorId: string; version: number; mentioned: string[] };
    /** A video note could not be processed: only its author sees it, marked failed. */
    'note.failed': { noteId: string; authorId: string; version: number };
    /** Text, place or comment settings changed; `mentioned`: people mentioned for the first time. */
    'note.edited': { noteId: string; authorId: string; version: number; fields: string[]; mentioned: string[] };
    'note.visibility_changed': { noteId: string; authorId: string; version: number; from: NoteRow['visibility']; to: NoteRow['visibility'] };
    'note.deleted': { noteId: string; authorId: string; version: number };
    'note.liked': { noteId: string; authorId: string; userId: string };
    'note.unliked': { noteId: string; authorId: string; userId: string };
    /** Views counted (once per viewer per day), written in batches: how many each note gained. */
    'note.viewed': { views: Array<{ noteId: string; count: number }> };
  }
}
