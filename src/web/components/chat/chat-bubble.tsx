// One message in a chat: text, a photo or a shared note as a card; mine on the right in the accent
// colour, others' on the left with their face; a tombstone once deleted; Translate under a message not
// in the reader's languages; my own not yet confirmed ones show "Sending…" or "Not sent · Retry".
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ChatItem } from '../../../shared/api/messages.ts';
import type { PendingMessage } from '../../lib/chat-merge.ts';
import { placeholderStyle } from '../../lib/thumbhash-image.ts';
import { Avatar } from '../avatar.tsx';
import { MoreIcon } from '../icons.tsx';
import { Menu, type MenuItem } from '../menu.tsx';
import { TranslateBar, TranslatedText, useTranslatable } from '../translate.tsx';

type BubbleProps = {
  item: ChatItem;
  mine: boolean;
  /** the author's face and name (groups and rooms; not my own, not a DM) */
  showAuthor: boolean;
  autoTranslate?: boolean;
  /** what the message's menu offers (delete mine; pin, for a room's moderators) */
  menu?: MenuItem[];
};

function NoteCard({ note }: { note: NonNullable<ChatItem['note']> }) {
  const { t } = useTranslation();
  return (
    <Link to={`/n/${note.id}`} className="chat-note" data-testid="chat-note-card">
      {note.cover ? <img className="chat-note__cover" src={note.cover.url} style={placeholderStyle(note.cover.placeholder)} alt="" /> : null}
      <span className="chat-note__body">
        <span className="chat-note__title">{note.title}</span>
        <span className="chat-note__open">{t('chat.openNote')}</span>
      </span>
    </Link>
  );
}

function Photo({ photo }: { photo: NonNullable<ChatItem['photo']> }) {
  const ratio = photo.width > 0 && photo.height > 0 ? `${photo.width} / ${photo.height}` : '1';
  return <img className="chat-photo" src={photo.url} style={{ ...placeholderStyle(photo.placeholder), aspectRatio: ratio }} alt="" loading="lazy" />;
}

function TextBody({ item, autoTranslate }: { item: ChatItem; autoTranslate?: boolean }) {
  const state = useTranslatable({ kind: 'message', id: item.id }, item.lang ? [item.lang] : [], item.id, autoTranslate);
  const translated = state.mode !== 'original' && state.data ? state.data : null;
  return (
    <>
      {translated ? (
        <TranslatedText
          text={translated.body ?? item.body}
          segments={translated.segments?.body ?? []}
          mode={state.mode === 'both' ? 'both' : 'translated'}
          target={state.target}
          className="chat-bubble__text"
        />
      ) : (
        <p className="chat-bubble__text">{item.body}</p>
      )}
      <TranslateBar state={state} />
    </>
  );
}

export function ChatBubble({ item, mine, showAuthor, autoTranslate, menu }: BubbleProps) {
  const { t } = useTranslation();
  if (item.kind === 'system')
    return (
      <li className="chat-line chat-line--system" data-seq={item.seq}>
        <span>{item.body}</span>
      </li>
    );
  const deleted = Boolean(item.deleted);
  return (
    <li className={`chat-line ${mine ? 'chat-line--mine' : ''}`} data-seq={item.seq} data-testid="chat-message">
      {showAuthor && item.author ? (
        <Link to={`/u/${item.author.handle}`} className="chat-line__face" tabIndex={-1} aria-hidden="true">
          <Avatar user={item.author} size="sm" />
        </Link>
      ) : null}
      <div className="chat-line__stack">
        {showAuthor && item.author ? <span className="chat-line__name">{item.author.displayName}</span> : null}
        <div className={`chat-bubble ${deleted ? 'chat-bubble--deleted' : !item.body && (item.photo || item.note) ? 'chat-bubble--media' : ''}`}>
          {deleted ? (
            <p className="chat-bubble__text">{t('chat.deleted')}</p>
          ) : (
            <>
              {item.photo ? <Photo photo={item.photo} /> : null}
              {item.note ? <NoteCard note={item.note} /> : null}
              {item.body ? <TextBody item={item} autoTranslate={autoTranslate} /> : null}
            </>
          )}
        </div>
      </div>
      {!deleted && menu && menu.length > 0 ? (
        <Menu className="chat-line__menu" label={t('chat.messageMenu')} trigger={<MoreIcon size={18} />} items={menu} />
      ) : null}
    </li>
  );
}

/** Why my message was not sent: the stream's code in the reader's words, else the server's own. */
function failure(t: TFunction, exists: (key: string) => boolean, message: PendingMessage): string {
  const code = message.error;
  if (!code) return '';
  const key = `chat.errors.${code}` as 'chat.errors.timeout';
  if (exists(key)) return t(key);
  return message.detail ?? t('chat.errors.generic', { code });
}

/** My message on its way: the same bubble, with its state and (when it failed) retry. */
export function PendingBubble({
  message,
  onRetry,
  onDiscard,
  onEdit,
}: {
  message: PendingMessage;
  onRetry: () => void;
  onDiscard: () => void;
  /** put its text back in the box (a refused text can be changed and sent again) */
  onEdit?: () => void;
}) {
  const { t, i18n } = useTranslation();
  const uploading = message.progress !== undefined && message.progress < 1 && !message.media && message.status === 'sending';
  return (
    <li className="chat-line chat-line--mine chat-line--pending" data-testid="chat-pending" data-status={message.status}>
      <div className="chat-line__stack">
        <div className={`chat-bubble ${message.body ? '' : 'chat-bubble--media'}`}>
          {message.previewUrl ? <img className="chat-photo" src={message.previewUrl} alt="" /> : null}
          {message.noteTitle ? <span className="chat-note chat-note__title">{message.noteTitle}</span> : null}
          {message.body ? <p className="chat-bubble__text">{message.body}</p> : null}
          {uploading ? (
            <progress
              className="chat-progress"
              max={1}
              value={message.progress}
              aria-label={t('chat.uploading', { percent: Math.round((message.progress ?? 0) * 100) })}
            />
          ) : null}
        </div>
        <span
          className={`chat-line__state ${message.status === 'failed' ? 'chat-line__state--failed' : ''}`}
          role={message.status === 'failed' ? 'alert' : undefined}
        >
          {message.status === 'failed' ? (
            <>
              {t('chat.failed')}
              {message.error ? ` · ${failure(t, (key) => i18n.exists(key), message)}` : ''}
              <button type="button" className="text-button chat-link" onClick={onRetry}>
                {t('chat.retry')}
              </button>
              {onEdit ? (
                <button type="button" className="text-button chat-link" onClick={onEdit} data-testid="chat-edit-failed">
                  {t('chat.editFailed')}
                </button>
              ) : null}
              <button type="button" className="text-button chat-link" onClick={onDiscard}>
                {t('chat.discard')}
              </button>
            </>
          ) : uploading ? (
            t('chat.uploading', { percent: Math.round((message.progress ?? 0) * 100) })
          ) : message.status === 'sending' ? (
            t('chat.sending')
          ) : null}
        </span>
      </div>
    </li>
  );
}
