// The events the messages module emits, in the transaction of the change (nothing subscribes yet:
// search, notifications and moderation may, without the messages module knowing them).
declare module '../../platform/events/index.ts' {
  interface DomainEvents {
    'message.posted': { messageId: string; conversationId: string; seq: number; authorId: string; kind: 'text' | 'photo' | 'note' };
    'message.deleted': { messageId: string; conversationId: string; seq: number; authorId: string | null };
    'conversation.joined': { conversationId: string; userId: string; via: 'created' | 'added' | 'invite' };
    'conversation.left': { conversationId: string; userId: string; removedBy: string | null };
  }
}

export {};
