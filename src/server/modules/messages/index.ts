// The messages module (conversations: direct messages and group chats) as the composition root wires
// it: `createMessagesModule(deps)` builds the service, takes the stream's conversation frames,
// subscribes to the events it reacts to (blocks end DMs, a deleted note drops its group links) and
// gives the routes.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Db, scoped } from '../../platform/db/index.ts';
import type { JobQueue } from '../../platform/jobs/types.ts';
import type { PersonalData } from '../../platform/personal-data.ts';
import type { Gateway } from '../../platform/realtime/gateway.ts';
import type { RouteKit } from '../../platform/routes.ts';
import type { MessagesDeps } from './deps.ts';
import './events.ts';
import { MessageStore } from './message-store.ts';
import { createMessagesPersonalData } from './personal-data.ts';
import { registerConversationCommands } from './realtime.ts';
import { messagesRoutes } from './routes.ts';
import { MessagesService } from './service.ts';
import { ConversationStore } from './store.ts';
import type { MessagesTables } from './tables.ts';

declare module '../../platform/jobs/types.ts' {
  interface JobTypes {
    /** Forgets old days of the stranger quota (daily). */
    'messages.purge-quota': Record<string, never>;
  }
}

export interface MessagesModuleDeps extends Omit<MessagesDeps, 'publish'> {
  db: Db;
  jobs: JobQueue;
  gateway: Gateway;
  kit: RouteKit;
}

export interface MessagesModule {
  service: MessagesService;
  routes: FastifyPluginAsyncTypebox;
  personalData: PersonalData;
}

export function createMessagesModule(deps: MessagesModuleDeps): MessagesModule {
  const db = scoped<MessagesTables>(deps.db);
  const { gateway, kit, jobs, db: _db, ...rest } = deps;
  const service = new MessagesService(new ConversationStore(db), new MessageStore(db), {
    ...rest,
    publish: (topic, frame) => gateway.publish(topic, frame),
  });
  registerConversationCommands(gateway, service.posting);
  const { events } = deps;
  events.on('user.blocked', 'messages', (p) => service.conversations.blockChanged(p.blockerId, p.blockedId));
  events.on('user.unblocked', 'messages', (p) => service.conversations.blockChanged(p.blockerId, p.blockedId));
  events.on('note.deleted', 'messages', (p) => service.groups.noteDeleted(p.noteId));
  jobs.register('messages.purge-quota', () => service.purgeQuota(), { keepDone: false });
  jobs.every('messages.purge-quota', 86_400_000, {});
  const personalData = createMessagesPersonalData({ db, ...(deps.clock ? { now: deps.clock } : {}) });
  return { service, routes: messagesRoutes(service, kit), personalData };
}

export type { MessagesSettings } from './deps.ts';
export { MessagesService } from './service.ts';
