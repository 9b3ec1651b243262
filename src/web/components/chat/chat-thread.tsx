// The scrolling list of a chat: history scrolls upward (reaching the top loads older messages, and
// the view stays where the reader was), new messages are appended and followed when the reader is at
// the bottom; my messages still on their way come last; "Seen" under my newest message the other
// person has read; who is typing.
import { type ReactNode, useEffect, useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChatItem } from '../../../shared/api/messages.ts';
import { type ChatTarget, chatStore, useThread } from '../../lib/chat-store.ts';
import type { MenuItem } from '../menu.tsx';
import { ChatBubble, PendingBubble } from './chat-bubble.tsx';

type ThreadProps = {
  target: ChatTarget;
  myHandle: string;
  showAuthors: boolean;
  autoTranslate?: boolean;
  /** seq of my message to mark "Seen" */
  seenSeq?: number | null;
  /** the menu of one message (nothing: no menu) */
  menuFor?: (item: ChatItem, mine: boolean) => MenuItem[];
  /** a message that was not sent, taken back to the box to edit (its text) */
  onEditPending?: (text: string) => void;
  footer?: ReactNode;
};

const NEAR_PX = 120;

export function ChatThread({ target, myHandle, showAuthors, autoTranslate, seenSeq, menuFor, onEditPending, footer }: ThreadProps) {
  const { t } = useTranslation();
  const thread = useThread(target);
  const box = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const anchor = useRef<{ first: number | undefined; height: number; top: number } | null>(null);
  const store = chatStore();
  const first = thread.items[0]?.seq;
  const count = thread.items.length + thread.pending.length;

  // Older messages went in front: keep the reader's place (the same message under their eyes).
  useLayoutEffect(() => {
    const el = box.current;
    const a = anchor.current;
    if (!el || !a || a.first === first) return;
    el.scrollTop = a.top + (el.scrollHeight - a.height);
    anchor.current = null;
  }, [first]);

  // Something new at the end: follow it if the reader was at the bottom (or it is mine).
  const lastPendingCount = useRef(thread.pending.length);
  useLayoutEffect(() => {
    const el = box.current;
    const mine = thread.pending.length > lastPendingCount.current;
    lastPendingCount.current = thread.pending.length;
    if (el && (atBottom.current || mine) && count > 0) el.scrollTop = el.scrollHeight;
  });

  const loadOlder = () => {
    const el = box.current;
    if (!el || !thread.hasMore) return;
    anchor.current = { first, height: el.scrollHeight, top: el.scrollTop };
    void store.loadOlder(target).catch(() => {
      anchor.current = null;
    });
  };

  const onScroll = () => {
    const el = box.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_PX;
    if (el.scrollTop < NEAR_PX && thread.hasMore && !anchor.current) loadOlder();
  };

  // A first page shorter than the box can't be scrolled: nothing to do until the reader asks.
  useEffect(() => {
    atBottom.current = true;
  }, []);

  return (
    <div className="chat-thread" ref={box} onScroll={onScroll} data-testid="chat-thread">
      <div className="chat-thread__top">
        {thread.hasMore ? (
          <button type="button" className="text-button chat-link" onClick={loadOlder} data-testid="chat-load-older">
            {anchor.current ? t('chat.loadingOlder') : t('chat.loadOlder')}
          </button>
        ) : thread.loaded ? (
          <span className="chat-thread__beginning">{thread.items.length > 0 ? t('chat.beginning') : t('chat.noMessages')}</span>
        ) : null}
      </div>
      <ol className="chat-thread__list" aria-live="polite" aria-relevant="additions">
        {thread.items.map((item) => (
          <ChatMessage
            key={item.seq}
            item={item}
            mine={item.author?.handle === myHandle}
            showAuthor={showAuthors && item.author?.handle !== myHandle}
            autoTranslate={autoTranslate}
            menu={menuFor?.(item, item.author?.handle === myHandle)}
            seen={seenSeq === item.seq}
          />
        ))}
        {thread.pending.map((p) => (
          <PendingBubble
            key={p.clientId}
            message={p}
            onRetry={() => store.transmit(target, p.clientId)}
            onDiscard={() => store.discard(target, p.clientId)}
            onEdit={
              onEditPending && p.body && !p.media && !p.note
                ? () => {
                    store.discard(target, p.clientId);
                    onEditPending(p.body);
                  }
                : undefined
            }
          />
        ))}
      </ol>
      {footer}
    </div>
  );
}

function ChatMessage({ seen, ...props }: Parameters<typeof ChatBubble>[0] & { seen: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <ChatBubble {...props} />
      {seen ? (
        <li className="chat-seen" data-testid="chat-seen">
          {t('chat.seen')}
        </li>
      ) : null}
    </>
  );
}
