// What the moderation module reaches of the things people report — notes, comments, chat and
// room messages, people — built by the composition root from the owning modules' services, so
// moderation never touches their tables and they never know moderation exists.
import type { AccountsService } from './modules/accounts/index.ts';
import type { CommentsService } from './modules/comments/service.ts';
import type { MessagesService } from './modules/messages/index.ts';
import type { ImageSafety } from './modules/moderation/images/service.ts';
import type { ModerationReach } from './modules/moderation/index.ts';
import type { NotesReader } from './modules/notes/index.ts';
import type { RoomsService } from './modules/rooms/service.ts';

export interface ReachDeps {
  reader: NotesReader;
  accounts: AccountsService;
  comments: CommentsService;
  messages: MessagesService;
  rooms: RoomsService;
  images: ImageSafety;
}

export function moderationReach({ reader, accounts, comments, messages, rooms, images }: ReachDeps): ModerationReach {
  const ref = (p: { handle: string; displayName: string; avatar: { url: string; placeholder?: string } | null } | undefined) =>
    p ? { handle: p.handle, displayName: p.displayName, avatar: p.avatar } : null;
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  return {
    visibleTo: async (viewerId, type, id) => {
      switch (type) {
        case 'note': {
          const n = await reader.access(viewerId, id);
          return n ? { id: n.id, ownerId: n.authorId } : null;
        }
        case 'comment':
          return comments.visibleTo(viewerId, id);
        case 'message':
          return messages.posting.visibleTo(viewerId, id);
        case 'room_message':
          return rooms.visibleTo(viewerId, id);
        case 'user': {
          const userId = UUID.test(id) ? id : await accounts.visibleId(viewerId, id).catch(() => null);
          if (!userId || (await accounts.summaries([userId])).size === 0) return null;
          return { id: userId, ownerId: userId };
        }
      }
    },
    remove: async (type, id) => {
      if (type === 'comment') await comments.removeByModerator(id);
      else if (type === 'message') await messages.posting.removeByModerator(id);
      else await rooms.removeByModerator(id);
    },
    noteMedia: async (noteId) => {
      const n = (await reader.hydrate(null, [noteId])).notes.get(noteId);
      return n ? { authorId: n.authorId, mediaIds: n.media.map((m) => m.id) } : null;
    },
    content: async (type, id) => {
      switch (type) {
        case 'note': {
          const h = await reader.hydrate(null, [id]);
          const n = h.notes.get(id);
          if (!n) return null;
          const scores = await images.scores(n.media.map((m) => m.id));
          return {
            type,
            id,
            author: ref(h.authors.get(n.authorId)),
            title: n.title,
            text: n.body,
            lang: n.lang,
            images: n.media.map((m) => ({
              url: m.urls['720'] ?? m.urls['360'] ?? m.urls.poster ?? m.urls.original ?? '',
              flagged: scores.get(m.id)?.flagged ?? false,
              score: scores.get(m.id)?.score ?? null,
            })),
            href: `/n/${id}`,
            createdAt: n.createdAt,
          };
        }
        case 'comment': {
          const c = await comments.forModeration(id);
          if (!c) return null;
          const author = (await accounts.summaries([c.authorId])).get(c.authorId);
          return { type, id, author: ref(author), title: '', text: c.body, lang: c.lang, images: [], href: `/n/${c.noteId}`, createdAt: c.createdAt };
        }
        case 'message': {
          const m = await messages.posting.forModeration(id);
          if (!m) return null;
          const author = m.authorId ? (await accounts.summaries([m.authorId])).get(m.authorId) : undefined;
          return { type, id, author: ref(author), title: '', text: m.body, lang: m.lang, images: [], href: null, createdAt: m.createdAt };
        }
        case 'room_message': {
          const m = await rooms.forModeration(id);
          if (!m) return null;
          const author = (await accounts.summaries([m.authorId])).get(m.authorId);
          return { type, id, author: ref(author), title: '', text: m.body, lang: m.lang, images: [], href: `/rooms/${m.roomId}`, createdAt: m.createdAt };
        }
        case 'user': {
          const p = (await accounts.summaries([id])).get(id);
          if (!p) return null;
          return { type, id, author: ref(p), title: p.displayName, text: p.bio, lang: 'und', images: [], href: `/u/${p.handle}`, createdAt: '' };
        }
      }
    },
  };
}
