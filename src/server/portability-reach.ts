// What the portability module reaches of people, boards and notes — built by the composition root
// from the owning modules' services, so portability never touches their tables.
import type { AccountsService } from './modules/accounts/index.ts';
import type { BoardsService } from './modules/boards/index.ts';
import type { NotesService } from './modules/notes/service.ts';
import type { PortabilityModuleDeps } from './modules/portability/index.ts';

export interface PortabilityReachDeps {
  accounts: AccountsService;
  boards: BoardsService;
  notes: NotesService;
}

export function portabilityReach({ accounts, boards, notes }: PortabilityReachDeps): Pick<PortabilityModuleDeps, 'people' | 'boards' | 'notes'> {
  return {
    people: {
      updateMe: (userId, patch) => accounts.updateMe(userId, patch),
      byTikTokUsernames: async (usernames) => {
        const found = await accounts.byTikTokUsernames(usernames);
        return new Map([...found].map(([u, p]) => [u, { userId: p.userId, handle: p.handle, displayName: p.displayName, avatar: p.avatar }]));
      },
      following: async (viewerId, ids) => (ids.length === 0 ? new Set() : (await accounts.relations(viewerId, ids, { fresh: true })).following),
      uiLanguage: async (userId) => (await accounts.me(userId)).uiLanguage,
      handleOf: async (userId) => (await accounts.me(userId)).handle,
      pendingErasure: (userId) => accounts.pendingErasure(userId),
    },
    boards: {
      createPrivateBoard: (userId, name) => boards.createPrivateBoard(userId, name),
      addLinks: (userId, boardId, links) => boards.addLinks(userId, boardId, links),
    },
    notes: { create: (authorId, input) => notes.create(authorId, input) },
  };
}
