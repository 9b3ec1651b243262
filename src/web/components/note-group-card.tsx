// "Join the group chat" under a note that carries its group's invite link (as Chinese users did for
// newcomers in January 2025): the group's face, name and size, and one tap to its join page.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useNoteGroups } from '../api/messages.ts';
import { Avatar } from './avatar.tsx';
import { UsersIcon } from './chat/chat-icons.tsx';
import './note-group-card.css';

export function NoteGroupCard({ noteId, signedIn }: { noteId: string; signedIn: boolean }) {
  const { t } = useTranslation();
  const groups = useNoteGroups(noteId, signedIn);
  const items = groups.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <ul className="note-groups">
      {items.map((g) => (
        <li key={g.conversation.id}>
          <Link to={g.member ? `/messages/${g.conversation.id}` : `/join/${g.token}`} className="note-group" data-testid="note-group-card">
            <Avatar user={{ handle: g.conversation.id, displayName: g.conversation.name, avatar: g.conversation.avatar }} size="md" />
            <span className="note-group__main">
              <span className="note-group__cta">{t('chat.joinUnderNote')}</span>
              <span className="note-group__name">
                {g.conversation.name} · {t('chat.members', { count: g.conversation.memberCount })}
              </span>
            </span>
            <UsersIcon size={20} aria-hidden="true" />
          </Link>
        </li>
      ))}
    </ul>
  );
}
