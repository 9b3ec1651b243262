// Writing a message: Enter sends (Shift+Enter: a new line), a photo button, and — in a room with
// slow mode — the send button counts down the seconds until the next message may go.
import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_MESSAGE_CHARS } from '../../../shared/api/stream.ts';
import { ImageIcon, SendIcon } from './chat-icons.tsx';

type ComposerProps = {
  onSend: (body: string) => void;
  onPhoto?: (file: File) => void;
  /** I am typing (called at most every few seconds) */
  onTyping?: () => void;
  /** epoch ms before which sending waits (slow mode) */
  cooldownUntil?: number;
  disabled?: boolean;
  /** text to put in the box (a refused message taken back to edit); a new `key` puts it again */
  draft?: { text: string; key: number };
};

const TYPING_EVERY_MS = 3000;

/** Seconds left until `until`, ticking once a second while there are any. */
export function useCountdown(until: number | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!until || until <= Date.now()) return;
    setNow(Date.now());
    const timer = window.setInterval(() => {
      setNow(Date.now());
      if (Date.now() >= until) window.clearInterval(timer);
    }, 250);
    return () => window.clearInterval(timer);
  }, [until]);
  return until ? Math.max(0, Math.ceil((until - now) / 1000)) : 0;
}

export function ChatComposer({ onSend, onPhoto, onTyping, cooldownUntil, disabled, draft }: ComposerProps) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const lastTyping = useRef(0);
  const fileInput = useRef<HTMLInputElement>(null);
  const wait = useCountdown(cooldownUntil);
  const box = useRef<HTMLTextAreaElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new draft (its key) refills the box
  useEffect(() => {
    if (!draft) return;
    setBody(draft.text);
    box.current?.focus();
  }, [draft?.key]);
  const text = body.trim();
  const tooLong = [...text].length > MAX_MESSAGE_CHARS;
  const canSend = !disabled && wait === 0 && text.length > 0 && !tooLong;

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!canSend) return;
    onSend(text);
    setBody('');
    // What comes next is a new message: its typing is news again.
    lastTyping.current = 0;
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };
  const onChange = (value: string) => {
    setBody(value);
    if (onTyping && value && Date.now() - lastTyping.current > TYPING_EVERY_MS) {
      lastTyping.current = Date.now();
      onTyping();
    }
  };

  return (
    <form className="chat-composer" onSubmit={submit}>
      {onPhoto ? (
        <>
          <button
            type="button"
            className="chat-composer__icon"
            aria-label={t('chat.sendPhoto')}
            title={t('chat.sendPhoto')}
            disabled={disabled}
            onClick={() => fileInput.current?.click()}
          >
            <ImageIcon />
          </button>
          <input
            ref={fileInput}
            type="file"
            accept="image/jpeg,image/png,image/webp,image/avif,image/gif"
            hidden
            data-testid="chat-photo-input"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) onPhoto(file);
            }}
          />
        </>
      ) : null}
      <textarea
        ref={box}
        className="chat-composer__input"
        rows={1}
        value={body}
        placeholder={t('chat.placeholder')}
        aria-label={t('chat.messageLabel')}
        disabled={disabled}
        maxLength={MAX_MESSAGE_CHARS * 2}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <button
        type="submit"
        className="chat-composer__send"
        disabled={!canSend}
        data-testid="chat-send"
        aria-label={wait > 0 ? t('rooms.wait', { seconds: wait }) : t('chat.send')}
      >
        {wait > 0 ? <span className="chat-composer__wait">{t('rooms.wait', { seconds: wait })}</span> : <SendIcon />}
      </button>
    </form>
  );
}
