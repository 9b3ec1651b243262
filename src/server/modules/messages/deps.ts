// What the messages module needs from the rest of Biji: narrow views of other modules' services, given
// by the composition root, so the module never reaches another's tables.
import type { RateRule } from '../../config.ts';
import type { EventBus } from '../../platform/events/index.ts';
import type { ContentPolicy } from '../../platform/policy.ts';
import type { RateLimiter } from '../../platform/ratelimit/index.ts';
import type { AccountsService } from '../accounts/index.ts';
import type { MediaService } from '../media/index.ts';

export interface MessagesSettings {
  /** members a group may have (at most CHAT_LIMITS.maxGroupMembers) */
  maxGroupMembers: number;
  /** new conversations a person may start per UTC day with people who do not follow them */
  strangerQuota: number;
  /** messages the starter of a message request may send before the other person answers */
  requestMessages: number;
  /** messages one person may send (HTTP and stream together) */
  sendRate: RateRule;
}

export interface NoteSubject {
  id: string;
  title: string;
  cover: { url: string; placeholder: string | null } | null;
}

export interface MessagesDeps {
  events: EventBus;
  limiter: RateLimiter;
  /** publishes a frame to a realtime topic in every process */
  publish(topic: string, frame: Record<string, unknown>): Promise<void>;
  accounts: Pick<AccountsService, 'summaries' | 'relations' | 'idsByHandles' | 'blockedEitherWay' | 'me'>;
  media: Pick<MediaService, 'checkAttachable' | 'attach' | 'views' | 'claimAvatar' | 'releaseAvatar' | 'avatarViews' | 'scheduleDelete'>;
  notes: {
    /** cards of the notes the viewer may see (the shared read pipeline) */
    subjects(viewerId: string, ids: readonly string[]): Promise<Map<string, NoteSubject>>;
    /** the note's author when the viewer may see it, else null */
    author(viewerId: string | null, noteId: string): Promise<string | null>;
  };
  settings: MessagesSettings;
  /**
   * May `senderId` start a conversation with `recipientId` (a DM, or adding them to a group)? The
   * recipient's "who may message me" control; default: everyone may. Existing conversations go on.
   */
  mayMessage?: (recipientId: string, senderId: string) => Promise<boolean>;
  /** every message's words are screened by it (word lists, waves, suspensions); none: everything allowed */
  policy?: ContentPolicy;
  clock?: () => number;
}
