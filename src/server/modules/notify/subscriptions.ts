// Who is told what, learned from the domain events of other modules (which never call notify).
// Each handler is idempotent: a notification remembers the event it came from, so an event
// delivered twice (a retry after a crash) tells no one twice.
import type { NotificationKind } from '../../../shared/api/notify.ts';
import type { EventBus, EventMeta } from '../../platform/events/index.ts';
import '../moderation/events.ts';
import type { NotifyService } from './service.ts';

/** Which of the notes the person may see (the shared read rules). */
declare module '../../platform/jobs/types.ts' {
  interface JobTypes {
    /** Deletes notifications older than the list window (hourly). */
    'notify.purge': Record<string, never>;
  }
}

export type CanSee = (viewerId: string, noteId: string) => Promise<boolean>;

export function subscribeNotify(events: EventBus, notify: NotifyService, canSee: CanSee): void {
  const tell = (meta: EventMeta, recipientId: string, kind: NotificationKind, actorId: string, subjectId?: string, commentId?: string) =>
    notify.notify({ recipientId, kind, actorId, ...(subjectId ? { subjectId } : {}), ...(commentId ? { commentId } : {}) }, meta.id);

  /** Mentions, to the people who may see the note (an only-me note tells no one). */
  const mentions = async (meta: EventMeta, noteId: string, authorId: string, mentioned: readonly string[]) => {
    for (const id of new Set(mentioned)) if (id !== authorId && (await canSee(id, noteId))) await tell(meta, id, 'mention', authorId, noteId);
  };

  events.on('note.created', 'notify', async (p, meta) => {
    // A video note that is still processing tells its mentions when it goes live.
    if (p.status === 'published') await mentions(meta, p.noteId, p.authorId, p.mentioned);
  });
  events.on('note.published', 'notify', (p, meta) => mentions(meta, p.noteId, p.authorId, p.mentioned));
  events.on('note.edited', 'notify', (p, meta) => mentions(meta, p.noteId, p.authorId, p.mentioned));
  events.on('note.liked', 'notify', async (p, meta) => void (await tell(meta, p.authorId, 'like', p.userId, p.noteId)));
  events.on('note.collected', 'notify', async (p, meta) => void (await tell(meta, p.authorId, 'collect', p.userId, p.noteId)));
  // The author's own video could not be processed: tell them, so they can retry or delete it.
  events.on('note.failed', 'notify', async (p, meta) => void (await tell(meta, p.authorId, 'note_failed', p.authorId, p.noteId)));
  events.on('user.followed', 'notify', async (p, meta) => void (await tell(meta, p.followeeId, 'follow', p.followerId)));

  // Moderators decided a case: the person it is about is told what was done and why (they may
  // appeal once); the people who reported it are told how it ended (once, not again on an appeal).
  events.on('moderation.decided', 'notify', async (p, meta) => {
    const moderation = { caseId: p.caseId, action: p.action };
    if (p.ownerId && p.action !== 'dismiss')
      await notify.notify({ recipientId: p.ownerId, kind: 'moderation', actorId: p.ownerId, moderation }, `${meta.id}:owner`);
    if (p.action === 'restore' || p.action === 'uphold') return;
    for (const reporterId of p.reporterIds) {
      if (reporterId !== p.ownerId)
        await notify.notify({ recipientId: reporterId, kind: 'report_outcome', actorId: reporterId, moderation }, `${meta.id}:${reporterId}`);
    }
  });

  events.on('comment.liked', 'notify', async (p, meta) => {
    if (await canSee(p.commentAuthorId, p.noteId)) await tell(meta, p.commentAuthorId, 'comment_like', p.userId, p.noteId, p.commentId);
  });

  // One notification a person a comment, the first reason winning: a reply beats a comment beats a
  // mention; only to people who may see the note.
  events.on('comment.created', 'notify', async (p, meta) => {
    const reasons: Array<[string, NotificationKind]> = [
      ...(p.answered ? [[p.answered, 'reply'] as [string, NotificationKind]] : []),
      [p.noteAuthorId, 'comment'],
      ...p.mentioned.map((id) => [id, 'mention'] as [string, NotificationKind]),
    ];
    const chosen = new Map<string, NotificationKind>();
    for (const [id, kind] of reasons) if (id !== p.authorId && !chosen.has(id)) chosen.set(id, kind);
    for (const [recipientId, kind] of chosen) {
      if (await canSee(recipientId, p.noteId)) await tell(meta, recipientId, kind, p.authorId, p.noteId, p.commentId);
    }
  });
}
