// The author row above a note: back, avatar and name, Follow — or, for the author, the "…" menu
// (edit, comments on/off, delete).
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import type { Note } from '../../../shared/api/notes.ts';
import { useProfile, useRelation } from '../../api/accounts.ts';
import { Avatar } from '../../components/avatar.tsx';
import { Button, ButtonLink } from '../../components/button.tsx';
import { BackIcon, MoreIcon } from '../../components/icons.tsx';
import { Menu } from '../../components/menu.tsx';
import { loginPath } from '../../components/require-auth.tsx';

export type AuthorMenu = {
  onEdit: () => void;
  onToggleComments: () => void;
  onDelete: () => void;
  /** a signed-in reader's "Report" (never the author's) */
  onReport?: () => void;
};

function FollowButton({ handle, signedIn }: { handle: string; signedIn: boolean }) {
  const { t } = useTranslation();
  const location = useLocation();
  const profile = useProfile(handle);
  const relation = useRelation(handle);
  if (!signedIn) {
    return (
      <ButtonLink to={loginPath(location.pathname)} size="sm" variant="secondary" className="note-head__follow">
        {t('profile.follow')}
      </ButtonLink>
    );
  }
  const viewer = profile.data?.viewer;
  if (!viewer || viewer.blocking) return null;
  return viewer.following ? (
    <Button
      size="sm"
      variant="secondary"
      className="note-head__follow"
      title={t('profile.unfollow')}
      onClick={() => relation.mutate({ relation: 'follow', on: false })}
    >
      {t('profile.followingButton')}
    </Button>
  ) : (
    <Button size="sm" className="note-head__follow" onClick={() => relation.mutate({ relation: 'follow', on: true })}>
      {viewer.followedBy ? t('profile.followBack') : t('profile.follow')}
    </Button>
  );
}

export function NoteHeader({ note, signedIn, menu }: { note: Note; signedIn: boolean; menu: AuthorMenu }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { author } = note;
  const goBack = () => {
    const idx = (window.history.state as { idx?: number } | null)?.idx ?? 0;
    if (idx > 0) void navigate(-1);
    else void navigate('/');
  };
  return (
    <header className="note-head">
      <button type="button" className="note-head__back" onClick={goBack} aria-label={t('common.back')}>
        <BackIcon />
      </button>
      <Link to={`/u/${author.handle}`} className="note-head__author">
        <Avatar user={author} size="sm" />
        <span className="note-head__name">{author.displayName || author.handle}</span>
      </Link>
      {note.viewer.isAuthor ? (
        <Menu
          label={t('note.actions')}
          trigger={<MoreIcon />}
          items={[
            { key: 'edit', label: t('note.edit'), onSelect: menu.onEdit },
            {
              key: 'comments',
              label: note.commentsEnabled ? t('note.turnCommentsOff') : t('note.turnCommentsOn'),
              onSelect: menu.onToggleComments,
            },
            { key: 'delete', label: t('note.delete'), onSelect: menu.onDelete, danger: true },
          ]}
        />
      ) : (
        <>
          <FollowButton handle={author.handle} signedIn={signedIn} />
          {signedIn && menu.onReport ? (
            <Menu
              label={t('note.actions')}
              trigger={<MoreIcon />}
              items={[{ key: 'report', label: t('report.action'), onSelect: menu.onReport, danger: true }]}
            />
          ) : null}
        </>
      )}
    </header>
  );
}
