// What the messages module holds about a person: the conversations they are or were in (with their
// role and state there), the messages they wrote, the invite links they made and their stranger quota.
// The others' messages in their DMs and groups are the others' own: not in this person's archive.
//
// Erasure: a DM whose other side is no longer in it (nobody could open it again: it is found by its
// key, which names both) goes whole. A DM the other person is still in stays for them, read-only and
// without a peer (the app shows such a DM with a neutral face, as for a person it cannot find). A group
// goes on with its member count corrected and, if they owned it, a new owner as when an owner leaves.
// Their messages in conversations that go on become authorless deleted lines: nothing of them remains,
// and the others' numbering keeps no hole.
import type { Kysely } from 'kysely';
import { nowIso } from '../../platform/ids.ts';
import { keysetPages, type PersonalData } from '../../platform/personal-data.ts';
import { MessagesPersonalStore } from './personal-store.ts';
import type { MessagesTables } from './tables.ts';

const PAGE = 500;
/** memberships handled per round: each may delete a whole DM */
const MEMBERSHIPS = 50;

export function createMessagesPersonalData(deps: { db: Kysely<MessagesTables>; now?: () => number }): PersonalData {
  const store = new MessagesPersonalStore(deps.db);
  const iso = () => (deps.now ? new Date(deps.now()).toISOString() : nowIso());
  return {
    module: 'messages',
    tables: {
      conversations: { kind: 'personal', owner: ['created_by'] },
      conversation_members: { kind: 'personal', owner: ['user_id'] },
      messages: { kind: 'personal', owner: ['author_id'] },
      conversation_invites: { kind: 'personal', owner: ['created_by'] },
      conversation_notes: { kind: 'derived' },
      stranger_quota: { kind: 'personal', owner: ['user_id'] },
    },
    files: {
      'messages/conversations.json': 'The direct messages and group chats you are or were in: each conversation, with your role and state in it.',
      'messages/messages.json': 'Every message you wrote, with its full text (the other people’s messages are theirs, not in your archive).',
      'messages/invites.json': 'The invite links to group chats you made.',
      'messages/quota.json': 'How many conversations with people who do not follow you, you started each day (kept a few days).',
    },
    async export(userId, out) {
      await out.json(
        'messages/conversations.json',
        keysetPages(
          (a) => store.memberships(userId, a, PAGE),
          '',
          (r) => r.member.conversation_id,
          ({ member: m, conversation: c }) => ({
            conversation: c
              ? {
                  id: c.id,
                  kind: c.kind,
                  name: c.name,
                  avatarMediaId: c.avatar_media_id,
                  dmKey: c.dm_key,
                  createdBy: c.created_by,
                  lastSeq: Number(c.last_seq),
                  memberCount: Number(c.member_count),
                  ended: Number(c.ended) === 1,
                  createdAt: c.created_at,
                  updatedAt: c.updated_at,
                }
              : null,
            member: {
              conversationId: m.conversation_id,
              userId: m.user_id,
              role: m.role,
              state: m.state,
              fromSeq: Number(m.from_seq),
              lastReadSeq: Number(m.last_read_seq),
              muted: Number(m.muted) === 1,
              autoTranslate: Number(m.auto_translate) === 1,
              addedBy: m.added_by,
              joinedAt: m.joined_at,
              updatedAt: m.updated_at,
            },
          }),
        ),
      );
      await out.json(
        'messages/messages.json',
        keysetPages(
          (a) => store.messages(userId, a, PAGE),
          '',
          (r) => r.id,
          (r) => ({
            id: r.id,
            conversationId: r.conversation_id,
            seq: Number(r.seq),
            authorId: r.author_id,
            kind: r.kind,
            body: r.body,
            lang: r.lang,
            langs: r.langs,
            mediaId: r.media_id,
            noteId: r.note_id,
            clientId: r.client_id,
            contentHash: r.content_hash,
            createdAt: r.created_at,
            deletedAt: r.deleted_at,
          }),
        ),
      );
      await out.json(
        'messages/invites.json',
        keysetPages(
          (a) => store.invites(userId, a, PAGE),
          '',
          (r) => r.token,
          (r) => ({
            token: r.token,
            conversationId: r.conversation_id,
            createdBy: r.created_by,
            expiresAt: r.expires_at,
            revokedAt: r.revoked_at,
            uses: Number(r.uses),
            createdAt: r.created_at,
          }),
        ),
      );
      await out.json(
        'messages/quota.json',
        (await store.quota(userId)).map((r) => ({ userId: r.user_id, day: r.day, used: Number(r.used) })),
      );
    },
    async erase(userId) {
      // Each round takes the person out of the conversations it handles, so the next sees the next ones.
      for (;;) {
        const batch = await store.firstMemberships(userId, MEMBERSHIPS);
        for (const { member, conversation } of batch) {
          const gone = !conversation || (conversation.kind === 'dm' && (await store.unit((trx) => store.othersIn(trx, member.conversation_id, userId))) === 0);
          if (gone) {
            // Bounded by the conversation's messages: each round deletes up to PAGE of them.
            while ((await store.deleteConversationMessages(member.conversation_id, PAGE)) === PAGE) {}
            await store.deleteConversation(member.conversation_id);
          } else await store.unit((trx) => store.leave(trx, member, conversation));
        }
        if (batch.length < MEMBERSHIPS) break;
      }
      while ((await store.blankMessages(userId, PAGE, iso())) === PAGE) {}
      while ((await store.deleteInvites(userId, PAGE)) === PAGE) {}
      await store.forgetMentions(userId);
      await store.deleteQuota(userId);
    },
  };
}
