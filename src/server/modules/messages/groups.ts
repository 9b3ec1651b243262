// Running a group: its member list, adding and removing people, admins, invite links (revocable,
// optional expiry) and the note that carries its join link ("join the group chat" under the note).

import type { MemberPage, NoteGroups } from '../../../shared/api/conversations.ts';
import type { ConversationView, InvitePreview, InviteView } from '../../../shared/api/messages.ts';
import { AppError, ForbiddenError, NotFoundError } from '../../platform/errors.ts';
import { newToken } from '../../platform/ids.ts';
import { decodeCursor, encodeCursor } from '../../platform/routes.ts';
import { type Conversations, memberRow } from './conversations.ts';
import { type Core, requireGroup } from './core.ts';
import type { ConversationStore } from './store.ts';
import { type ConversationRow, IN_STATES, type InviteRow } from './tables.ts';

const inviteNotFound = () => new NotFoundError('This invite link does not work: it was revoked, has expired or never existed.', 'invite_not_found');
const inviteView = (r: InviteRow): InviteView => ({ token: r.token, url: `/join/${r.token}`, expiresAt: r.expires_at, uses: r.uses, createdAt: r.created_at });

export class Groups {
  constructor(
    private readonly core: Core,
    private readonly conversations: Conversations,
  ) {}

  async members(viewerId: string, id: string, cursor: string | undefined, limit: number): Promise<MemberPage> {
    await this.core.requireMember(viewerId, id);
    const after = decodeCursor(cursor, ['time', 'id']);
    const rows = await this.core.convs.memberPage(id, after ? { joinedAt: after[0] as string, userId: after[1] as string } : null, limit + 1);
    const page = rows.slice(0, limit);
    const people = await this.core.deps.accounts.summaries(page.map((m) => m.user_id));
    const items = page.flatMap((m) => {
      const p = people.get(m.user_id);
      return p ? [{ user: { handle: p.handle, displayName: p.displayName, bio: p.bio, avatar: p.avatar }, role: m.role, joinedAt: m.joined_at }] : [];
    });
    const last = page[page.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.joined_at, last.user_id]) : null };
  }

  private full(c: ConversationRow, adding: number): void {
    if (c.member_count + adding > this.core.deps.settings.maxGroupMembers) throw this.groupFull();
  }

  private groupFull(): AppError {
    return new AppError(409, 'group_full', `A group has at most ${this.core.deps.settings.maxGroupMembers} members.`);
  }

  /** Any active member may add people; strangers (who do not follow the adder) get it as a request. */
  async add(viewerId: string, id: string, handles: readonly string[]): Promise<ConversationView> {
    const { conversation: c, member } = await this.core.requireMember(viewerId, id);
    requireGroup(c);
    if (member.state !== 'active') throw new ForbiddenError('Accept the group first.', 'not_member');
    const ids = await this.conversations.resolve(viewerId, handles);
    const current = new Map((await this.core.convs.membersOf(id, ids)).map((m) => [m.user_id, m]));
    const fresh = ids.filter((u) => !IN_STATES.includes(current.get(u)?.state ?? 'left'));
    if (fresh.length === 0) return this.core.view(viewerId, id);
    this.full(c, fresh.length);
    const strangers = await this.conversations.checkAddable(viewerId, fresh);
    const at = this.core.now();
    await this.core.transaction(async (tx, convs) => {
      await this.conversations.spendQuota(convs, viewerId, strangers.size);
      if (!(await convs.addMembersWithin(id, fresh.length, this.core.deps.settings.maxGroupMembers))) throw this.groupFull();
      // Read after the UPDATE, which holds the row: no message can be numbered between the two.
      const now = await convs.byId(id);
      if (!now) throw new NotFoundError('No such conversation.', 'conversation_not_found');
      for (const uid of fresh) {
        await convs.upsertMember(memberRow(id, uid, 'member', strangers.has(uid) ? 'request' : 'active', now.last_seq, at, viewerId));
        await tx.emit('conversation.joined', { conversationId: id, userId: uid, via: 'added' });
      }
    });
    await this.core.changed(
      fresh.filter((u) => !strangers.has(u)),
      id,
      'created',
    );
    await this.core.changed(strangers, id, 'request');
    await this.tellMembers(id, 'updated');
    return this.core.view(viewerId, id);
  }

  /** The owner removes anyone; an admin removes members (not other admins or the owner). One's own handle: leaving. */
  async remove(viewerId: string, id: string, handle: string): Promise<void> {
    if ((await this.core.deps.accounts.idsByHandles([handle.toLowerCase()])).get(handle.toLowerCase()) === viewerId)
      return this.conversations.leave(viewerId, id);
    const { member: me } = await this.core.requireAdmin(viewerId, id);
    const [targetId] = await this.conversations.resolve(viewerId, [handle]);
    const target = await this.core.convs.member(id, targetId as string);
    if (!target || !IN_STATES.includes(target.state)) throw new NotFoundError(`@${handle} is not in this group.`);
    if (target.role === 'owner' || (target.role === 'admin' && me.role !== 'owner'))
      throw new ForbiddenError('Only the owner may remove an admin.', 'not_owner');
    await this.core.transaction(async (tx, convs) => {
      if (!(await convs.setState(id, target.user_id, 'removed', IN_STATES))) return;
      await convs.setRole(id, target.user_id, 'member');
      await convs.bumpMembers(id, -1);
      await tx.emit('conversation.left', { conversationId: id, userId: target.user_id, removedBy: viewerId });
    });
    await this.core.changed([target.user_id], id, 'removed');
    await this.tellMembers(id, 'updated');
  }

  /** The owner makes a member an admin, or an admin a member again. */
  async setRole(viewerId: string, id: string, handle: string, role: 'admin' | 'member'): Promise<void> {
    const { member: me } = await this.core.requireAdmin(viewerId, id);
    if (me.role !== 'owner') throw new ForbiddenError('Only the owner chooses admins.', 'not_owner');
    const [targetId] = await this.conversations.resolve(viewerId, [handle]);
    const target = await this.core.convs.member(id, targetId as string);
    if (target?.state !== 'active') throw new NotFoundError(`@${handle} is not in this group.`);
    await this.core.convs.setRole(id, target.user_id, role);
    await this.tellMembers(id, 'updated');
  }

  private async tellMembers(id: string, change: 'updated'): Promise<void> {
    await this.core.changed(
      (await this.core.convs.inMembers(id)).map((m) => m.user_id),
      id,
      change,
    );
  }

  // ---- invite links

  async createInvite(viewerId: string, id: string, expiresInHours?: number): Promise<InviteView> {
    await this.core.requireAdmin(viewerId, id);
    return inviteView(await this.newInvite(this.core.convs, id, viewerId, expiresInHours));
  }

  private async newInvite(convs: ConversationStore, id: string, by: string, expiresInHours?: number): Promise<InviteRow> {
    const at = this.core.now();
    const row: InviteRow = {
      token: newToken().slice(0, 22),
      conversation_id: id,
      created_by: by,
      expires_at: expiresInHours ? new Date(Date.parse(at) + expiresInHours * 3_600_000).toISOString() : null,
      revoked_at: null,
      uses: 0,
      created_at: at,
    };
    await convs.insertInvite(row);
    return row;
  }

  async invites(viewerId: string, id: string): Promise<{ items: InviteView[] }> {
    await this.core.requireAdmin(viewerId, id);
    return { items: (await this.core.convs.liveInvites(id, this.core.now())).map(inviteView) };
  }

  async revokeInvite(viewerId: string, id: string, token: string): Promise<void> {
    await this.core.requireAdmin(viewerId, id);
    if (!(await this.core.convs.revokeInvite(id, token))) throw inviteNotFound();
  }

  /** The invite and its group, when the link still works. */
  private async liveInvite(token: string): Promise<{ invite: InviteRow; conversation: ConversationRow }> {
    const invite = await this.core.convs.invite(token);
    if (!invite || invite.revoked_at !== null || (invite.expires_at !== null && invite.expires_at <= this.core.now())) throw inviteNotFound();
    const conversation = await this.core.convs.byId(invite.conversation_id);
    if (!conversation) throw inviteNotFound();
    return { invite, conversation };
  }

  async preview(viewerId: string | null, token: string): Promise<InvitePreview> {
    const { invite, conversation: c } = await this.liveInvite(token);
    const [view] = await this.core.views(viewerId ?? '', [
      { conversation: c, member: memberRow(c.id, viewerId ?? '', 'member', 'active', c.last_seq, c.created_at, null) },
    ]);
    const mine = viewerId ? await this.core.convs.member(c.id, viewerId) : undefined;
    return {
      conversation: { id: c.id, name: view?.name ?? c.name, avatar: view?.avatar ?? null, memberCount: c.member_count },
      member: !!mine && IN_STATES.includes(mine.state),
      expiresAt: invite.expires_at,
    };
  }

  /** Joins by link: a former member comes back, seeing history from now on. */
  async join(viewerId: string, token: string): Promise<ConversationView> {
    const { invite, conversation: c } = await this.liveInvite(token);
    const mine = await this.core.convs.member(c.id, viewerId);
    if (mine && IN_STATES.includes(mine.state)) {
      if (mine.state === 'request') await this.conversations.acceptWithin(this.core.convs, c, viewerId);
      return this.core.view(viewerId, c.id);
    }
    this.full(c, 1);
    const at = this.core.now();
    await this.core.transaction(async (tx, convs) => {
      if (!(await convs.addMembersWithin(c.id, 1, this.core.deps.settings.maxGroupMembers))) throw this.groupFull();
      const now = await convs.byId(c.id);
      if (!now) throw inviteNotFound();
      await convs.upsertMember(memberRow(c.id, viewerId, 'member', 'active', now.last_seq, at, invite.created_by));
      await convs.useInvite(token);
      await tx.emit('conversation.joined', { conversationId: c.id, userId: viewerId, via: 'invite' });
    });
    await this.tellMembers(c.id, 'updated');
    return this.core.view(viewerId, c.id);
  }

  // ---- a note's group

  /** The owner shows the group under a note of theirs; the note carries a join link of its own. */
  async linkNote(viewerId: string, id: string, noteId: string): Promise<void> {
    const { member } = await this.core.requireAdmin(viewerId, id);
    if (member.role !== 'owner') throw new ForbiddenError('Only the owner links the group to a note.', 'not_owner');
    const author = await this.core.deps.notes.author(viewerId, noteId);
    if (author === null) throw new NotFoundError('No such note.');
    if (author !== viewerId) throw new ForbiddenError('Only a note of your own can carry your group.', 'not_author');
    const existing = await this.core.convs.noteLink(id);
    await this.core.transaction(async (_tx, convs) => {
      const invite =
        existing && (await convs.invite(existing.invite_token))?.revoked_at === null
          ? existing.invite_token
          : (await this.newInvite(convs, id, viewerId)).token;
      await convs.setNoteLink({ conversation_id: id, note_id: noteId, invite_token: invite, created_at: this.core.now() });
    });
  }

  async unlinkNote(viewerId: string, id: string): Promise<void> {
    const { member } = await this.core.requireAdmin(viewerId, id);
    if (member.role !== 'owner') throw new ForbiddenError('Only the owner links the group to a note.', 'not_owner');
    const link = await this.core.convs.noteLink(id);
    if (!link) return;
    await this.core.transaction(async (_tx, convs) => {
      await convs.clearNoteLink(id);
      await convs.revokeInvite(id, link.invite_token);
    });
  }

  /** The groups shown under a note, for a reader who may see the note (a 404 otherwise). */
  async ofNote(viewerId: string | null, noteId: string): Promise<NoteGroups> {
    const author = await this.core.deps.notes.author(viewerId, noteId);
    if (author === null) throw new NotFoundError('No such note.');
    const links = await this.core.convs.groupsOfNote(noteId);
    const convs = new Map((await this.core.convs.byIds(links.map((l) => l.conversation_id))).map((c) => [c.id, c]));
    const items: NoteGroups['items'] = [];
    for (const l of links) {
      const c = convs.get(l.conversation_id);
      // Only while the note's author still owns the group: a group handed on leaves the note.
      const owner = c ? await this.core.convs.member(c.id, author) : undefined;
      if (!c || owner?.role !== 'owner' || owner.state !== 'active') continue;
      const p = await this.preview(viewerId, l.invite_token).catch(() => null);
      if (!p) continue;
      items.push({
        conversation: p.conversation,
        token: l.invite_token,
        url: `/join/${l.invite_token}`,
        member: p.member,
        full: c.member_count >= this.core.deps.settings.maxGroupMembers,
      });
    }
    return { items };
  }

  noteDeleted(noteId: string): Promise<void> {
    return this.core.convs.clearLinksOfNote(noteId);
  }
}
