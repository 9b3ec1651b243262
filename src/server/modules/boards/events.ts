// The events the boards module emits. Collecting is the boards module's act: notifications (and
// later feed ranking) learn of it here.
declare module '../../platform/events/index.ts' {
  interface DomainEvents {
    /** A person's first board took the note (it counts as collected once, however many boards hold it). */
    'note.collected': { noteId: string; authorId: string; userId: string; boardId: string };
    /** The person's last board let the note go. */
    'note.uncollected': { noteId: string; userId: string };
  }
}

export {};
