// Starting conversations and the viewer's own standing in them: DMs (one per pair, through message
// requests when the other person does not follow the starter), groups, the inbox and requests box,
// accept / decline, renaming a group, mute and auto-translate, leaving, and what a block does.
//
// Message requests: a DM started with someone who does not follow the starter puts it in their
// requests box (state `request`; the starter's state is `pending`). The starter may send
// `requestMessages` messages (default 1, as RedNote) until the other person accepts or replies;
// declining hides it for them and stops the starter writing. Such starts — and people added to a
// group who do not follow the adder — spend the adder's daily stranger quota.
import type { ConversationList, ConversationView, CreateConversationBody } from '../../../shared/api/messages.ts';
import { CHAT_LIMITS } from '../../../shared/api/messages.ts';
import { cleanLine } from '../../../shared/text/clean.ts';
import { isUniqueViolation } from '../../platform/db/index.ts';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { decodeCursor, encodeCursor } from '../../platform/routes.ts';
import { type Core, dayOf, notMember, requireGroup } from './core.ts';
import { dmKey, peerOf } from './present.ts';
import type { ConversationStore } from './store.ts';
import type { ConversationRow, MemberRow, MemberState } from './tables.ts';

const noOne = (handle: string) => new NotFoundError(`No one is called @${handle}.`);
const restricted = () => new ForbiddenError('This person takes new messages only from some people (people they follow, or nobody).', 'messages_restricted');

export function cleanGroupName(raw: string): string {
  const name = cleanLine(raw);
  if ([...name].length > CHAT_LIMITS.groupNameChars) {
    throw new ValidationError('The group name is too long.', [{ field: 'name', message: `at most ${CHAT_LIMITS.groupNameChars} characters` }]);
  }
  return name;
}

export const memberRow = (
  conversationId: string,
  userId: string,
  role: MemberRow['role'],
  state: MemberState,
  fromSeq: number,
  at: string,
  addedBy: string | null,
): MemberRow => ({
  conversation_id: conversationId,
  user_id: userId,
  role,
  state,
  from_seq: fromSeq,
  last_read_seq: fromSeq,
  muted: 0,
  auto_translate: 0,
  added_by: addedBy,
  joined_at: at,
  updated_at: at,
});

export class Conversations {
  constructor(private readonly core: Core) {}

  /** Handles → ids, in order; a 404 naming the first handle nobody has, 400 for oneself. */
  async resolve(viewerId: string, handles: readonly string[]): Promise<string[]> {
    const lower = [...new Set(handles.map((h) => h.toLowerCase()))];
    const found = await this.core.deps.accounts.idsByHandles(lower);
    const ids = lower.map((h) => {
      const id = found.get(h);
      if (!id) throw noOne(h);
      return id;
    });
    if (ids.includes(viewerId))
      throw new ValidationError('You are in it already; name the others.', [{ field: 'members', message: 'must not name yourself' }], 'self_target');
    return ids;
  }

  /** Spends `n` of the person's daily stranger quota (a 429 when it would pass the limit). */
  async spendQuota(convs: ConversationStore, userId: string, n: number): Promise<void> {
    if (n === 0) return;
    const { strangerQuota } = this.core.deps.settings;
    if (n <= strangerQuota && (await convs.takeQuota(userId, dayOf(this.core.now()), n, strangerQuota))) return;
    const now = Date.parse(this.core.now());
    const retry = Math.max(1, Math.ceil((Date.parse(`${dayOf(this.core.now())}T00:00:00.000Z`) + 86_400_000 - now) / 1000));
    throw new AppError(429, 'rate_limited', `You can start at most ${strangerQuota} conversations a day with people who don't follow you.`, undefined, {
      'retry-after': String(retry),
    });
  }

  async create(viewerId: string, input: CreateConversationBody): Promise<ConversationView> {
    const ids = await this.resolve(viewerId, input.members);
    if (ids.length === 1 && input.name === undefined) return this.openDm(viewerId, ids[0] as string);
    return this.createGroup(viewerId, ids, cleanGroupName(input.name ?? ''));
  }

  /** The DM with this person: the existing one (brought back if the viewer had left it) or a new one. */
  async openDm(viewerId: string, otherId: string): Promise<ConversationView> {
    const rel = await this.core.deps.accounts.relations(viewerId, [otherId], { fresh: true });
    if (rel.blocked.has(otherId)) throw new ForbiddenError('One of you has blocked the other.', 'blocked');
    const key = dmKey(viewerId, otherId);
    const existing = await this.core.convs.dmByKey(key);
    if (existing) return this.reopenDm(viewerId, existing);
    if ((await this.refusing(viewerId, [otherId])).length > 0) throw restricted();
    const theyFollow = (await this.core.deps.accounts.relations(otherId, [viewerId], { fresh: true })).following.has(viewerId);
    const at = this.core.now();
    const id = newId();
    try {
      await this.core.transaction(async (tx, convs) => {
        if (!theyFollow) await this.spendQuota(convs, viewerId, 1);
        await convs.insert({
          id,
          kind: 'dm',
          name: '',
          avatar_media_id: null,
          dm_key: key,
          created_by: viewerId,
          last_seq: 0,
          member_count: 2,
          ended: 0,
          created_at: at,
          updated_at: at,
        });
        await convs.upsertMember(memberRow(id, viewerId, 'member', theyFollow ? 'active' : 'pending', 0, at, null));
        await convs.upsertMember(memberRow(id, otherId, 'member', theyFollow ? 'active' : 'request', 0, at, viewerId));
        await tx.emit('conversation.joined', { conversationId: id, userId: viewerId, via: 'created' });
      });
    } catch (err) {
      // Both opened it at once: the other start won; use that one.
      if (!isUniqueViolation(err)) throw err;
      const raced = await this.core.convs.dmByKey(key);
      if (!raced) throw err;
      return this.reopenDm(viewerId, raced);
    }
    await this.core.changed([otherId], id, theyFollow ? 'created' : 'request');
    // The starter's other devices list it too.
    await this.core.changed([viewerId], id, 'created');
    return this.core.view(viewerId, id);
  }

  private async reopenDm(viewerId: string, c: ConversationRow): Promise<ConversationView> {
    const me = await this.core.convs.member(c.id, viewerId);
    // Left (hidden) or declined: opening it again brings it back for the viewer — and reaching out to
    // someone whose request one declined answers it: they may write freely now.
    if (me && (me.state === 'left' || me.state === 'declined')) {
      await this.core.convs.setState(c.id, viewerId, 'active');
      const peer = peerOf(c, viewerId);
      if (me.state === 'declined' && peer && (await this.core.convs.setState(c.id, peer, 'active', ['pending'])))
        await this.core.changed([peer], c.id, 'accepted');
    }
    return this.core.view(viewerId, c.id);
  }

  async createGroup(viewerId: string, ids: string[], name: string): Promise<ConversationView> {
    const { maxGroupMembers } = this.core.deps.settings;
    if (ids.length + 1 > maxGroupMembers) throw new AppError(409, 'group_full', `A group has at most ${maxGroupMembers} members.`);
    const strangers = await this.checkAddable(viewerId, ids);
    const at = this.core.now();
    const id = newId();
    await this.core.transaction(async (tx, convs) => {
      await this.spendQuota(convs, viewerId, strangers.size);
      await convs.insert({
        id,
        kind: 'group',
        name,
        avatar_media_id: null,
        dm_key: null,
        created_by: viewerId,
        last_seq: 0,
        member_count: ids.length + 1,
        ended: 0,
        created_at: at,
        updated_at: at,
      });
      await convs.upsertMember(memberRow(id, viewerId, 'owner', 'active', 0, at, null));
      for (const uid of ids) {
        await convs.upsertMember(memberRow(id, uid, 'member', strangers.has(uid) ? 'request' : 'active', 0, at, viewerId));
        await tx.emit('conversation.joined', { conversationId: id, userId: uid, via: 'added' });
      }
    });
    await Promise.all([this.core.changed([viewerId, ...ids.filter((u) => !strangers.has(u))], id, 'created'), this.core.changed(strangers, id, 'request')]);
    return this.core.view(viewerId, id);
  }

  /**
   * Refuses people who block the adder or whom the adder blocks (403 blocked); the rest who do not
   * follow the adder are strangers: they get the group as a request.
   */
  async checkAddable(adderId: string, ids: readonly string[]): Promise<Set<string>> {
    const rel = await this.core.deps.accounts.relations(adderId, ids, { fresh: true });
    if (rel.blocked.size > 0) throw new ForbiddenError('You cannot add someone who has blocked you or whom you blocked.', 'blocked');
    // Being added to a group starts a conversation with them: their "who may message me" holds.
    if ((await this.refusing(adderId, ids)).length > 0) throw restricted();
    const strangers = new Set<string>();
    await Promise.all(
      ids.map(async (uid) => {
        if (!(await this.core.deps.accounts.relations(uid, [adderId])).following.has(adderId)) strangers.add(uid);
      }),
    );
    return strangers;
  }

  /** Those of `ids` whose "who may message me" control refuses a new conversation from `senderId`. */
  private async refusing(senderId: string, ids: readonly string[]): Promise<string[]> {
    const may = this.core.deps.mayMessage;
    if (!may) return [];
    const allowed = await Promise.all(ids.map((id) => may(id, senderId)));
    return ids.filter((_, i) => !allowed[i]);
  }

  // ---- reading

  async list(viewerId: string, box: 'inbox' | 'requests', cursor: string | undefined, limit: number): Promise<ConversationList> {
    const after = decodeCursor(cursor, ['time', 'id']);
    const states: MemberState[] = box === 'requests' ? ['request'] : ['active', 'pending'];
    const rows = await this.core.convs.inbox(viewerId, states, after ? { at: after[0] as string, id: after[1] as string } : null, limit + 1);
    const page = rows.slice(0, limit);
    const [items, requests] = await Promise.all([this.core.views(viewerId, page), this.core.convs.countInState(viewerId, 'request')]);
    const last = page[page.length - 1];
    return {
      items,
      nextCursor: rows.length > limit && last ? encodeCursor([last.conversation.updated_at, last.conversation.id]) : null,
      requests,
    };
  }

  get(viewerId: string, id: string): Promise<ConversationView> {
    return this.core.view(viewerId, id);
  }

  // ---- the viewer's standing

  /** Accepts a message request: the conversation moves to the inbox; the starter can write freely. */
  async accept(viewerId: string, id: string): Promise<ConversationView> {
    const { conversation, member } = await this.core.requireMember(viewerId, id);
    if (member.state !== 'request') return this.core.view(viewerId, id);
    const others = await this.acceptWithin(this.core.convs, conversation, viewerId);
    await this.core.changed(others, id, 'accepted');
    return this.core.view(viewerId, id);
  }

  /** Moves the viewer from request to active (and a DM's starter from pending); the people to tell. */
  async acceptWithin(convs: ConversationStore, c: ConversationRow, viewerId: string): Promise<string[]> {
    await convs.setState(c.id, viewerId, 'active', ['request']);
    const peer = peerOf(c, viewerId);
    if (peer) await convs.setState(c.id, peer, 'active', ['pending']);
    return peer ? [peer, viewerId] : [viewerId];
  }

  /** Declines a request: it leaves the requests box; a DM's starter can no longer write. */
  async decline(viewerId: string, id: string): Promise<void> {
    const { conversation, member } = await this.core.requireMember(viewerId, id);
    if (member.state !== 'request') throw new AppError(409, 'conflict', 'There is no message request to decline here.');
    await this.core.transaction(async (tx, convs) => {
      if (!(await convs.setState(id, viewerId, 'declined', ['request']))) return;
      // A DM keeps both people counted (the starter may still read it); a group loses the member.
      if (conversation.kind === 'group') await convs.bumpMembers(id, -1);
      await tx.emit('conversation.left', { conversationId: id, userId: viewerId, removedBy: null });
    });
    await this.core.changed([viewerId], id, 'left');
  }

  async update(viewerId: string, id: string, patch: { name?: string; avatar?: string | null }): Promise<ConversationView> {
    const { conversation } = await this.core.requireAdmin(viewerId, id);
    requireGroup(conversation);
    const name = patch.name !== undefined ? cleanGroupName(patch.name) : undefined;
    await this.core.transaction(async (tx, convs) => {
      if (patch.avatar !== undefined && patch.avatar !== conversation.avatar_media_id) {
        if (patch.avatar !== null) await this.core.deps.media.claimAvatar(tx.db, viewerId, patch.avatar);
        if (conversation.avatar_media_id) await this.core.deps.media.releaseAvatar(tx.db, conversation.avatar_media_id);
      }
      await convs.update(id, {
        ...(name !== undefined ? { name } : {}),
        ...(patch.avatar !== undefined ? { avatar_media_id: patch.avatar } : {}),
      });
    });
    await this.core.changed(
      (await this.core.convs.inMembers(id)).map((m) => m.user_id),
      id,
      'updated',
    );
    return this.core.view(viewerId, id);
  }

  async settings(viewerId: string, id: string, s: { muted?: boolean; autoTranslate?: boolean }): Promise<ConversationView> {
    await this.core.requireMember(viewerId, id);
    await this.core.convs.setSettings(id, viewerId, {
      ...(s.muted !== undefined ? { muted: s.muted ? 1 : 0 } : {}),
      ...(s.autoTranslate !== undefined ? { auto_translate: s.autoTranslate ? 1 : 0 } : {}),
    });
    await this.core.changed([viewerId], id, 'updated');
    return this.core.view(viewerId, id);
  }

  /**
   * Leaves: a DM is hidden for the viewer (it comes back with the next message); a group is left, and an
   * owner hands the group to the oldest admin, else the oldest member.
   */
  async leave(viewerId: string, id: string): Promise<void> {
    const { conversation, member } = await this.core.requireMember(viewerId, id);
    let heir: string | null = null;
    await this.core.transaction(async (tx, convs) => {
      if (!(await convs.setState(id, viewerId, 'left', ['active', 'request', 'pending']))) throw notMember();
      if (conversation.kind === 'dm') return;
      await convs.bumpMembers(id, -1);
      if (member.role === 'owner') {
        const next = await convs.successor(id, viewerId);
        if (next) {
          heir = next.user_id;
          await convs.setRole(id, next.user_id, 'owner');
        }
      }
      await convs.setRole(id, viewerId, 'member');
      await tx.emit('conversation.left', { conversationId: id, userId: viewerId, removedBy: null });
    });
    await this.core.changed([viewerId], id, 'left');
    if (conversation.kind === 'group')
      await this.core.changed((await this.core.convs.inMembers(id)).map((m) => m.user_id).concat(heir ? [heir] : []), id, 'updated');
  }

  // ---- blocks (from the accounts module's events)

  /** A block either way ends the pair's DM (read-only); lifting the last block opens it again. */
  async blockChanged(a: string, b: string): Promise<void> {
    const c = await this.core.convs.dmByKey(dmKey(a, b));
    if (!c) return;
    const ended = (await this.core.deps.accounts.blockedEitherWay(a, b)) ? 1 : 0;
    if (c.ended === ended) return;
    await this.core.convs.update(c.id, { ended });
    await this.core.changed([a, b], c.id, ended ? 'ended' : 'updated');
  }
}
