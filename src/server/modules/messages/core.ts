// What every part of the messages module shares: its stores, the access checks (one place decides who
// is in a conversation and who runs a group), the batched presentation of conversations, and the
// delivery of frames to members' own realtime topics.
import type { ConversationView } from '../../../shared/api/messages.ts';
import { AppError, ForbiddenError, NotFoundError } from '../../platform/errors.ts';
import type { Tx } from '../../platform/events/index.ts';
import type { Person } from '../accounts/people.ts';
import type { MessagesDeps } from './deps.ts';
import type { MessageStore } from './message-store.ts';
import { hydrate, peerOf, presentConversation, presentMessage } from './present.ts';
import type { ConversationStore, InboxRow } from './store.ts';
import { type ConversationRow, IN_STATES, type MemberRow, type MessagesTables } from './tables.ts';

export const conversationNotFound = () => new NotFoundError('No such conversation.', 'conversation_not_found');
export const notMember = () => new ForbiddenError('You are not in this conversation.', 'not_member');

/** The realtime topic every signed-in socket of a person holds. */
export const userTopic = (userId: string): string => `user:${userId}`;

export type ConversationChange = 'created' | 'updated' | 'request' | 'accepted' | 'left' | 'removed' | 'ended';

export class Core {
  constructor(
    readonly convs: ConversationStore,
    readonly msgs: MessageStore,
    readonly deps: MessagesDeps,
  ) {}

  now(): string {
    return new Date(this.deps.clock?.() ?? Date.now()).toISOString();
  }

  /** A unit of work over both stores; the events emitted commit with it. */
  transaction<T>(fn: (tx: Tx<MessagesTables>, convs: ConversationStore, msgs: MessageStore) => Promise<T>): Promise<T> {
    return this.deps.events.transaction(this.convs.root, (tx) => fn(tx, this.convs.within(tx.db), this.msgs.within(tx.db)));
  }

  async conversation(id: string): Promise<ConversationRow> {
    const c = await this.convs.byId(id);
    if (!c) throw conversationNotFound();
    return c;
  }

  /** The conversation and the viewer's membership; 404 when it does not exist, 403 not_member when they are not in it. */
  async requireMember(viewerId: string, id: string): Promise<{ conversation: ConversationRow; member: MemberRow }> {
    const [conversation, member] = await Promise.all([this.convs.byId(id), this.convs.member(id, viewerId)]);
    if (!conversation) throw conversationNotFound();
    if (!member || !IN_STATES.includes(member.state)) throw notMember();
    return { conversation, member };
  }

  /** A group the viewer runs (owner or admin, active). */
  async requireAdmin(viewerId: string, id: string): Promise<{ conversation: ConversationRow; member: MemberRow }> {
    const r = await this.requireMember(viewerId, id);
    requireGroup(r.conversation);
    if (r.member.state !== 'active' || r.member.role === 'member')
      throw new ForbiddenError('Only the owner or an admin of the group may do this.', 'not_admin');
    return r;
  }

  /** Conversation views for one viewer, with one query a kind for the whole list. */
  async views(viewerId: string, rows: readonly InboxRow[]): Promise<ConversationView[]> {
    if (rows.length === 0) return [];
    const peers = rows.map((r) => peerOf(r.conversation, viewerId)).filter((id): id is string => id !== null);
    const unnamed = rows.filter((r) => r.conversation.kind === 'group' && !r.conversation.name).map((r) => r.conversation.id);
    const namesakes = new Map<string, string[]>();
    await Promise.all(
      unnamed.map(async (id) => {
        const page = await this.convs.memberPage(id, null, 4);
        namesakes.set(
          id,
          page.map((m) => m.user_id).filter((u) => u !== viewerId),
        );
      }),
    );
    const avatarIds = rows.map((r) => r.conversation.avatar_media_id).filter((id): id is string => id !== null);
    const lastRows = await this.msgs.lastOf(
      rows.filter((r) => r.conversation.last_seq > r.member.from_seq).map((r) => ({ conversationId: r.conversation.id, seq: r.conversation.last_seq })),
    );
    const dms = rows.filter((r) => r.conversation.kind === 'dm').map((r) => r.conversation.id);
    const [people, avatars, h, peerRows] = await Promise.all([
      this.deps.accounts.summaries([...new Set([...peers, ...[...namesakes.values()].flat()])]),
      avatarIds.length ? this.deps.media.avatarViews(avatarIds) : new Map<string, { url: string; placeholder?: string }>(),
      hydrate(this.deps, viewerId, [...lastRows.values()]),
      this.convs.peersOf(viewerId, dms),
    ]);
    return rows.map((r) => {
      const peerId = peerOf(r.conversation, viewerId);
      const last = lastRows.get(r.conversation.id);
      return presentConversation({
        conversation: r.conversation,
        member: r.member,
        peer: peerId ? (people.get(peerId) ?? null) : null,
        namesake: (namesakes.get(r.conversation.id) ?? []).map((id) => people.get(id)).filter((p): p is Person => p !== undefined),
        avatar: r.conversation.avatar_media_id ? (avatars.get(r.conversation.avatar_media_id) ?? null) : null,
        lastMessage: last ? presentMessage(h, last) : null,
        peerMember: peerRows.get(r.conversation.id) ?? null,
      });
    });
  }

  /** One conversation as the viewer sees it (they must be in it). */
  async view(viewerId: string, id: string): Promise<ConversationView> {
    const { conversation, member } = await this.requireMember(viewerId, id);
    const [v] = await this.views(viewerId, [{ conversation, member }]);
    if (!v) throw conversationNotFound();
    return v;
  }

  /** Sends a frame to each person's own topic (every process, every socket of theirs). */
  async publishTo(userIds: Iterable<string>, frame: Record<string, unknown>): Promise<void> {
    await Promise.all([...new Set(userIds)].map((id) => this.deps.publish(userTopic(id), frame).catch(() => undefined)));
  }

  /** Tells people a conversation changed: their clients refetch it. */
  changed(userIds: Iterable<string>, conversationId: string, change: ConversationChange): Promise<void> {
    return this.publishTo(userIds, { type: 'conversation', conversation: conversationId, change });
  }
}

export function requireGroup(c: ConversationRow): void {
  if (c.kind !== 'group') throw new AppError(409, 'not_group', 'This can be done in a group chat only.');
}

/** Today's UTC date, the stranger quota's day. */
export const dayOf = (iso: string): string => iso.slice(0, 10);
