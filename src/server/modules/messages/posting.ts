// Messages in conversations: posting (numbered in the write transaction, idempotent by clientId),
// delivery to every member's own topic after the commit, history paged upward, catching up after a
// reconnect, read receipts, typing, tombstones; and the checks other modules ask (a message's words
// for translation, whether a person may see a message's photo).
import { createHash } from 'node:crypto';
import type { ChatItem, HistoryPage, MessageBody } from '../../../shared/api/messages.ts';
import { MAX_MESSAGE_CHARS } from '../../../shared/api/messages.ts';
import { cleanMultiline } from '../../../shared/text/clean.ts';
import { isUniqueViolation } from '../../platform/db/index.ts';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { enforce } from '../../platform/ratelimit/index.ts';
import { langsOf, languageColumns } from '../language/detect.ts';
import type { Conversations } from './conversations.ts';
import type { Core } from './core.ts';
import { hydrate, peerOf, presentMessage } from './present.ts';
import { IN_STATES, type MessageKind, type MessageRow } from './tables.ts';

/** Messages one resume frame carries; a resume answers with several frames up to RESUME_MAX. */
export const RESUME_PAGE = 100;
/** Past this many missed messages a resume answers `resync`: reload the history page instead. */
export const RESUME_MAX = 1000;
/** Read receipts and typing go to every member of DMs and groups up to this size (beyond, they would cost a publish per member per keystroke). */
export const LIVE_SIGNALS_MAX_MEMBERS = 50;
const TYPING_EVERY_MS = 3_000;

export interface Posted {
  item: ChatItem;
  duplicate: boolean;
}

const hashOf = (kind: MessageKind, body: string, media: string | null, note: string | null) =>
  createHash('sha256')
    .update(JSON.stringify([kind, body, media, note]))
    .digest('hex');

const messageNotFound = () => new NotFoundError('No such message.', 'message_not_found');

export class Posting {
  private readonly typingAt = new Map<string, number>();
  /** the resync bound (tests lower it) */
  resumeMax = RESUME_MAX;

  constructor(
    private readonly core: Core,
    private readonly conversations: Conversations,
  ) {}

  /** What a send asks for, checked: kind, cleaned text within the limit, at most one attachment. */
  private shape(input: MessageBody): { kind: Exclude<MessageKind, 'system'>; body: string; media: string | null; note: string | null } {
    const body = cleanMultiline(input.body);
    if ([...body].length > MAX_MESSAGE_CHARS) {
      throw new ValidationError('The message is too long.', [{ field: 'body', message: `at most ${MAX_MESSAGE_CHARS} characters` }], 'text_too_long');
    }
    if (input.media && input.note)
      throw new ValidationError('A message carries a photo or a note, not both.', [{ field: 'note', message: 'send it separately' }]);
    const kind = input.media ? ('photo' as const) : input.note ? ('note' as const) : ('text' as const);
    if (kind === 'text' && body.length === 0) throw new ValidationError('The message is empty.', [{ field: 'body', message: 'must not be blank' }]);
    return { kind, body, media: input.media ?? null, note: input.note ?? null };
  }

  async send(userId: string, conversationId: string, input: MessageBody): Promise<Posted> {
    const msg = this.shape(input);
    const { conversation: c, member } = await this.core.requireMember(userId, conversationId);
    const clientId = input.clientId ?? null;
    const hash = hashOf(msg.kind, msg.body, msg.media, msg.note);
    if (clientId) {
      const before = await this.core.msgs.byClientId(c.id, userId, clientId);
      if (before) return this.repeat(userId, before, hash);
    }
    if (c.ended) throw new ForbiddenError('This conversation has ended.', 'conversation_ended');
    const peer = peerOf(c, userId);
    let peerState: string | null = null;
    if (peer) {
      if (await this.core.deps.accounts.blockedEitherWay(userId, peer)) {
        await this.conversations.blockChanged(userId, peer);
        throw new ForbiddenError('One of you has blocked the other.', 'blocked');
      }
      peerState = (await this.core.convs.member(c.id, peer))?.state ?? null;
      if (peerState === 'declined') throw new ForbiddenError('They declined your message request.', 'request_pending');
      // While pending, every message is the starter's (a reply would have accepted the request).
      if (member.state === 'pending' && c.last_seq >= this.core.deps.settings.requestMessages) {
        throw new ForbiddenError('Wait for them to accept your message request.', 'request_pending');
      }
    }
    if (msg.kind === 'photo') {
      const [row] = await this.core.deps.media.checkAttachable(userId, [msg.media as string]);
      if (row?.kind !== 'image')
        throw new ValidationError('Only photos can be sent in chat.', [{ field: 'media', message: 'must be a photo' }], 'invalid_media');
    }
    if (msg.kind === 'note' && (await this.core.deps.notes.author(userId, msg.note as string)) === null) throw new NotFoundError('No such note.');
    await enforce(this.core.deps.limiter, [[`messages:${userId}`, this.core.deps.settings.sendRate]]);

    const id = newId();
    // Screened before it is written (a refusal loses nothing: the client keeps the text); a hold opens a case.
    if (msg.body && this.core.deps.policy)
      await this.core.deps.policy.screen({ kind: 'message', authorId: userId, targetId: id, fields: [{ name: 'body', text: msg.body }], isNew: true });
    const me = await this.core.deps.accounts.me(userId);
    const at = this.core.now();
    const lang = msg.body ? languageColumns(msg.body, me.languages) : { lang: null, langs: '' };
    let row: MessageRow;
    try {
      row = await this.core.transaction(async (tx, convs, msgs) => {
        const seq = await convs.nextSeq(c.id, at);
        if (seq === null) throw messageNotFound();
        const r: MessageRow = {
          id,
          conversation_id: c.id,
          seq,
          author_id: userId,
          kind: msg.kind,
          body: msg.body,
          lang: lang.lang,
          langs: lang.langs,
          media_id: msg.media,
          note_id: msg.note,
          client_id: clientId,
          content_hash: hash,
          created_at: at,
          deleted_at: null,
        };
        await msgs.insert(r);
        if (msg.media) await this.core.deps.media.attach([msg.media], `message:${id}`, tx.db);
        // Writing reads everything before it; replying to a request accepts it; a DM one side had hidden comes back.
        await convs.markRead(c.id, userId, seq);
        if (member.state === 'request') await this.conversations.acceptWithin(convs, c, userId);
        if (peer && peerState === 'left') await convs.setState(c.id, peer, 'active', ['left']);
        await tx.emit('message.posted', { messageId: id, conversationId: c.id, seq, authorId: userId, kind: msg.kind });
        return r;
      });
    } catch (err) {
      // The same clientId sent twice at once: the other one was posted.
      if (clientId && isUniqueViolation(err)) {
        const before = await this.core.msgs.byClientId(c.id, userId, clientId);
        if (before) return this.repeat(userId, before, hash);
      }
      throw err;
    }
    if (member.state === 'request') await this.core.changed([userId, ...(peer ? [peer] : [])], c.id, 'accepted');
    if (peer && peerState === 'left') await this.core.changed([peer], c.id, 'created');
    const item = await this.deliver(userId, row);
    return { item, duplicate: false };
  }

  /** A clientId seen before: the same message again is answered as posted; anything else is refused. */
  private async repeat(userId: string, before: MessageRow, hash: string): Promise<Posted> {
    if (before.content_hash !== hash) throw new AppError(409, 'client_id_reused', 'This clientId was already used for a different message.');
    const h = await hydrate(this.core.deps, userId, [before]);
    return { item: presentMessage(h, before), duplicate: true };
  }

  /**
   * Publishes the new message to each member's own topic (one publish a member). Presented once; a
   * shared note is shown to each member as they may see it.
   */
  private async deliver(authorId: string, row: MessageRow): Promise<ChatItem> {
    // Someone who joined after it was numbered reads from their joining on.
    const members = (await this.core.convs.inMembers(row.conversation_id)).filter((m) => m.from_seq < row.seq);
    const h = await hydrate(this.core.deps, authorId, [row]);
    const item = presentMessage(h, row);
    const frame = (i: ChatItem) => ({ type: 'messages', conversation: row.conversation_id, items: [i] });
    if (row.kind !== 'note') {
      await this.core.publishTo(
        members.map((m) => m.user_id),
        frame(item),
      );
      return item;
    }
    await Promise.all(
      members.map(async (m) => {
        const mine = m.user_id === authorId ? item : presentMessage(await hydrate(this.core.deps, m.user_id, [row]), row);
        await this.core.publishTo([m.user_id], frame(mine));
      }),
    );
    return item;
  }

  /** History: `before` pages upward (newest first fetched, returned oldest first); `after` catches up. */
  async history(viewerId: string, conversationId: string, q: { before?: number; after?: number; limit?: number }): Promise<HistoryPage> {
    const { member } = await this.core.requireMember(viewerId, conversationId);
    const limit = q.limit ?? 50;
    const floor = member.from_seq;
    let rows: MessageRow[];
    let hasMore: boolean;
    if (q.after !== undefined && q.before === undefined) {
      rows = await this.core.msgs.range(conversationId, Math.max(q.after, floor), null, limit);
      const first = rows[0];
      hasMore = first !== undefined && first.seq > floor + 1;
    } else {
      const got = await this.core.msgs.before(conversationId, q.before ?? null, Math.max(floor, q.after ?? 0), limit + 1);
      hasMore = got.length > limit;
      rows = got.slice(0, limit).reverse();
    }
    const h = await hydrate(this.core.deps, viewerId, rows);
    return { items: rows.map((r) => presentMessage(h, r)), hasMore };
  }

  /**
   * The messages after `after`, as frames for one socket: pages of RESUME_PAGE, or `resync` when more
   * than RESUME_MAX are missing (the client reloads its latest page instead).
   */
  async resume(viewerId: string, conversationId: string, after: number, reply: (frame: Record<string, unknown>) => void): Promise<void> {
    const { conversation: c, member } = await this.core.requireMember(viewerId, conversationId);
    let from = Math.max(after, member.from_seq);
    if (c.last_seq - from > this.resumeMax) return reply({ type: 'resync', conversation: conversationId });
    while (from < c.last_seq) {
      const rows = await this.core.msgs.range(conversationId, from, c.last_seq + 1, RESUME_PAGE);
      const last = rows[rows.length - 1];
      if (!last) break;
      const h = await hydrate(this.core.deps, viewerId, rows);
      reply({ type: 'messages', conversation: conversationId, items: rows.map((r) => presentMessage(h, r)) });
      from = last.seq;
    }
  }

  /** Everything up to `seq` is read: moves the read position forward only, and tells the others (read receipts). */
  async ack(viewerId: string, conversationId: string, seq: number): Promise<void> {
    const { conversation: c, member } = await this.core.requireMember(viewerId, conversationId);
    const upTo = Math.min(seq, c.last_seq);
    if (!(await this.core.convs.markRead(conversationId, viewerId, upTo))) return;
    const me = (await this.core.deps.accounts.summaries([viewerId])).get(viewerId);
    if (!me) return;
    const frame = { type: 'read', conversation: conversationId, handle: me.handle, seq: upTo };
    // The reader's other devices always hear it (their unread badge); the others in small conversations —
    // but reading a message request tells its sender nothing until it is accepted.
    const tellOthers = c.member_count <= LIVE_SIGNALS_MAX_MEMBERS && member.state !== 'request';
    const to = tellOthers ? (await this.core.convs.inMembers(conversationId)).map((m) => m.user_id) : [viewerId];
    await this.core.publishTo(to, frame);
  }

  /** "Typing…" to the others, at most once every few seconds per person and conversation (in this process). */
  async typing(viewerId: string, conversationId: string): Promise<void> {
    const key = `${viewerId}:${conversationId}`;
    const now = Date.now();
    if (now - (this.typingAt.get(key) ?? 0) < TYPING_EVERY_MS) return;
    const { conversation: c } = await this.core.requireMember(viewerId, conversationId);
    if (c.ended || c.member_count > LIVE_SIGNALS_MAX_MEMBERS) return;
    this.typingAt.set(key, now);
    if (this.typingAt.size > 10_000) for (const [k, t] of this.typingAt) if (now - t > TYPING_EVERY_MS) this.typingAt.delete(k);
    const me = (await this.core.deps.accounts.summaries([viewerId])).get(viewerId);
    if (!me) return;
    const others = (await this.core.convs.inMembers(conversationId)).map((m) => m.user_id).filter((u) => u !== viewerId);
    await this.core.publishTo(others, { type: 'typing', conversation: conversationId, handle: me.handle });
  }

  /** Deletes a message: its author, or a group's owner or admin. It stays as a numbered tombstone. */
  async remove(viewerId: string, conversationId: string, messageId: string): Promise<void> {
    const { conversation: c, member } = await this.core.requireMember(viewerId, conversationId);
    const m = await this.core.msgs.byId(messageId);
    if (!m || m.conversation_id !== conversationId || m.seq <= member.from_seq || m.deleted_at !== null) throw messageNotFound();
    const moderates = c.kind === 'group' && member.state === 'active' && member.role !== 'member';
    if (m.author_id !== viewerId && !moderates) throw new ForbiddenError('You can delete only your own messages.', 'not_author');
    const done = await this.core.transaction(async (tx, _convs, msgs) => {
      if (!(await msgs.tombstone(messageId, this.core.now()))) return false;
      if (m.media_id) await this.core.deps.media.scheduleDelete(`message:${messageId}`, tx.db);
      await tx.emit('message.deleted', { messageId, conversationId, seq: m.seq, authorId: m.author_id });
      return true;
    });
    if (!done) throw messageNotFound();
    const members = await this.core.convs.inMembers(conversationId);
    await this.core.publishTo(
      members.map((x) => x.user_id),
      { type: 'deleted', conversation: conversationId, id: messageId, seq: m.seq },
    );
  }

  // ---- for other modules

  /** A message as moderators see it (null when gone). */
  async forModeration(messageId: string): Promise<{ id: string; authorId: string | null; body: string; lang: string; createdAt: string } | null> {
    const m = await this.core.msgs.byId(messageId);
    if (!m || m.deleted_at !== null) return null;
    return { id: m.id, authorId: m.author_id, body: m.body, lang: m.lang ?? 'und', createdAt: m.created_at };
  }

  /** The message's author, when the person may see (and so report) it: a member who was there for it. */
  async visibleTo(viewerId: string, messageId: string): Promise<{ id: string; ownerId: string } | null> {
    const m = await this.core.msgs.byId(messageId);
    if (!m || m.deleted_at !== null || !m.author_id) return null;
    const member = await this.core.convs.member(m.conversation_id, viewerId);
    if (!member || !IN_STATES.includes(member.state) || m.seq <= member.from_seq) return null;
    return { id: m.id, ownerId: m.author_id };
  }

  /** Taken down by the instance's moderators: a tombstone, as its author's delete leaves; members hear `deleted`. */
  async removeByModerator(messageId: string): Promise<void> {
    const m = await this.core.msgs.byId(messageId);
    if (!m || m.deleted_at !== null) return;
    const done = await this.core.transaction(async (tx, _convs, msgs) => {
      if (!(await msgs.tombstone(messageId, this.core.now()))) return false;
      if (m.media_id) await this.core.deps.media.scheduleDelete(`message:${messageId}`, tx.db);
      await tx.emit('message.deleted', { messageId, conversationId: m.conversation_id, seq: m.seq, authorId: m.author_id });
      return true;
    });
    if (!done) return;
    const members = await this.core.convs.inMembers(m.conversation_id);
    await this.core.publishTo(
      members.map((x) => x.user_id),
      { type: 'deleted', conversation: m.conversation_id, id: messageId, seq: m.seq },
    );
  }

  /** A message's words for translation: null when gone or not the reader's to see. */
  async text(viewerId: string | null, messageId: string): Promise<{ body: string; lang: string; langs: string[] } | null> {
    if (!viewerId) return null;
    const m = await this.core.msgs.byId(messageId);
    if (!m || m.deleted_at !== null || !m.body) return null;
    const member = await this.core.convs.member(m.conversation_id, viewerId);
    if (!member || !IN_STATES.includes(member.state) || m.seq <= member.from_seq) return null;
    return { body: m.body, lang: m.lang ?? 'und', langs: langsOf(m.lang ?? 'und', m.langs) };
  }

  /** Whether the person may see media attached to `message:<id>` (the media module serves it then). */
  async canSeeMedia(viewerId: string | null, attachedTo: string): Promise<boolean> {
    if (!viewerId || !attachedTo.startsWith('message:')) return false;
    const m = await this.core.msgs.byId(attachedTo.slice('message:'.length));
    if (!m || m.deleted_at !== null) return false;
    const member = await this.core.convs.member(m.conversation_id, viewerId);
    return !!member && IN_STATES.includes(member.state) && m.seq > member.from_seq;
  }
}
