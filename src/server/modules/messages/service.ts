// The messages service: conversations (DMs and groups), their messages, groups' running, built over
// one shared core. Other modules and the routes reach the capability only through this.

import { Conversations } from './conversations.ts';
import { Core } from './core.ts';
import type { MessagesDeps } from './deps.ts';
import { Groups } from './groups.ts';
import type { MessageStore } from './message-store.ts';
import { Posting } from './posting.ts';
import type { ConversationStore } from './store.ts';

export class MessagesService {
  readonly core: Core;
  readonly conversations: Conversations;
  readonly posting: Posting;
  readonly groups: Groups;

  constructor(convs: ConversationStore, msgs: MessageStore, deps: MessagesDeps) {
    this.core = new Core(convs, msgs, deps);
    this.conversations = new Conversations(this.core);
    this.posting = new Posting(this.core, this.conversations);
    this.groups = new Groups(this.core, this.conversations);
  }

  /** A message's words for the language module (null: gone, or not the reader's to see). */
  messageText(viewerId: string | null, id: string) {
    return this.posting.text(viewerId, id);
  }

  /** Whether media attached to `message:<id>` may be served to this person. */
  canSeeMedia(viewerId: string | null, attachedTo: string): Promise<boolean> {
    return this.posting.canSeeMedia(viewerId, attachedTo);
  }

  /** Forgets stranger-quota days older than yesterday (daily job). */
  purgeQuota(): Promise<void> {
    return this.core.convs.purgeQuota(new Date(Date.parse(this.core.now()) - 2 * 86_400_000).toISOString().slice(0, 10));
  }
}
