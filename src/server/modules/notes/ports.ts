// What the notes module needs from its neighbours, as narrow interfaces the composition root fills.
import type { Kysely } from 'kysely';
import type { MediaView } from '../../../shared/api/media.ts';

export interface MediaPort {
  /** Throws a 400 unless every id is the owner's own unattached, usable note media; rows in the given order. */
  checkAttachable(ownerId: string, ids: readonly string[]): Promise<Array<{ id: string; kind: 'image' | 'video'; status: string }>>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  attach(ids: readonly string[], noteId: string, trx?: Kysely<any>): Promise<void>;
  views(ids: readonly string[]): Promise<Map<string, MediaView>>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  scheduleDelete(noteId: string, trx?: Kysely<any>): Promise<void>;
}

export type NotifyKind = 'like' | 'collect' | 'comment' | 'reply' | 'mention' | 'follow' | 'comment_like';

export interface NotifyPort {
  notify(event: { recipientId: string; kind: NotifyKind; actorId: string; subjectId?: string; commentId?: string }): Promise<void>;
}

/** Used where nothing is wired (scripts, some tests): events go nowhere. */
export const noNotify: NotifyPort = { notify: async () => {} };
