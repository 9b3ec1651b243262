// Keeps the conversation list (and so the Messages tab's badge) in step with the stream: a new
// message, a new or changed conversation, a request answered — the list and that conversation are
// fetched again (at most a few times a second, however many frames come).
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useMe } from '../api/accounts.ts';
import { chatKeys } from '../api/messages.ts';
import { chatStore } from './chat-store.ts';
import { liveConnection } from './realtime.ts';

const REFRESH_MS = 300;

export function useChatLive(): void {
  const queryClient = useQueryClient();
  const signedIn = Boolean(useMe().data);
  useEffect(() => {
    if (!signedIn) return;
    const dirty = new Set<string>();
    let timer: number | null = null;
    const flush = () => {
      timer = null;
      void queryClient.invalidateQueries({ queryKey: [...chatKeys.all, 'list'] });
      for (const id of dirty) void queryClient.invalidateQueries({ queryKey: chatKeys.conversation(id) });
      dirty.clear();
    };
    const off = chatStore().onConversationFrame((frame) => {
      if (frame.type !== 'messages' && frame.type !== 'conversation' && frame.type !== 'deleted') return;
      if (frame.type === 'conversation' && frame.conversation) {
        dirty.add(frame.conversation);
        void queryClient.invalidateQueries({ queryKey: chatKeys.members(frame.conversation) });
      }
      timer ??= window.setTimeout(flush, REFRESH_MS);
    });
    // After a reconnect the list may have moved while we were away.
    const offReady = liveConnection().onReady(() => {
      timer ??= window.setTimeout(flush, REFRESH_MS);
    });
    return () => {
      off();
      offReady();
      if (timer !== null) window.clearTimeout(timer);
    };
  }, [signedIn, queryClient]);
}
