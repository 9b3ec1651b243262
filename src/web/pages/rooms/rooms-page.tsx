// /rooms — the directory of live rooms with how many people are in each right now (refreshed while
// open); admins can create a room.
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { CHAT_LIMITS } from '../../../shared/api/messages.ts';
import { useCreateRoom, useRooms } from '../../api/rooms.ts';
import { Button } from '../../components/button.tsx';
import { LiveIcon } from '../../components/chat/chat-icons.tsx';
import { EmptyState, Spinner } from '../../components/empty-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { RequireAuth } from '../../components/require-auth.tsx';
import { TextAreaField, TextField } from '../../components/text-field.tsx';
import { useUiLanguage } from '../../i18n/index.ts';
import { describeError } from '../../lib/errors.ts';
import { formatCount } from '../../lib/format.ts';
import '../messages/messages.css';

export function RoomsPage() {
  return <RequireAuth>{(me) => <RoomsView admin={me.role === 'admin'} />}</RequireAuth>;
}

function CreateRoom({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateRoom();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [slowMode, setSlowMode] = useState('0');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    const slowModeS = Math.max(0, Math.min(3600, Number.parseInt(slowMode, 10) || 0));
    create.mutate({ name: name.trim(), description: description.trim(), slowModeS }, { onSuccess: (room) => void navigate(`/rooms/${room.id}`) });
  };
  return (
    <form className="panel new-convo" onSubmit={submit} aria-label={t('rooms.create')}>
      <TextField label={t('rooms.name')} value={name} maxLength={CHAT_LIMITS.roomNameChars} onChange={(e) => setName(e.target.value)} required />
      <TextAreaField
        label={t('rooms.description')}
        value={description}
        maxLength={CHAT_LIMITS.roomDescriptionChars}
        rows={2}
        onChange={(e) => setDescription(e.target.value)}
      />
      <TextField
        label={t('rooms.slowMode')}
        type="number"
        min={0}
        max={3600}
        inputMode="numeric"
        value={slowMode}
        onChange={(e) => setSlowMode(e.target.value)}
      />
      {create.isError ? (
        <p className="field__error" role="alert">
          {describeError(t, create.error)}
        </p>
      ) : null}
      <div className="new-convo__actions">
        <Button type="button" variant="secondary" onClick={onClose}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
          {t('rooms.create')}
        </Button>
      </div>
    </form>
  );
}

function RoomsView({ admin }: { admin: boolean }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const rooms = useRooms();
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHeader
        backTo="/messages"
        title={t('rooms.title')}
        actions={
          admin && !creating ? (
            <Button size="sm" onClick={() => setCreating(true)}>
              {t('rooms.create')}
            </Button>
          ) : null
        }
      />
      <p className="rooms-intro">{t('rooms.intro')}</p>
      {creating ? <CreateRoom onClose={() => setCreating(false)} /> : null}
      {rooms.isPending ? (
        <Spinner label={t('common.loading')} />
      ) : rooms.isError ? (
        <EmptyState tone="error" title={describeError(t, rooms.error)} actions={<Button onClick={() => void rooms.refetch()}>{t('common.retry')}</Button>} />
      ) : rooms.data.items.length === 0 ? (
        <EmptyState icon={<LiveIcon size={32} />} title={t('rooms.empty')} />
      ) : (
        <ul className="room-list">
          {rooms.data.items.map((room) => (
            <li key={room.id}>
              <Link to={`/rooms/${room.id}`} className="room-card" data-testid="room-card">
                <span className="room-card__name">{room.name}</span>
                {room.description ? <span className="room-card__description">{room.description}</span> : null}
                <span className="room-card__live">
                  <span className="live-dot" aria-hidden="true" />
                  {t('rooms.live', { count: room.liveMembers, formatted: formatCount(room.liveMembers, lang) })}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
