// /messages/:id/settings — my settings for a conversation (mute, auto-translate) and, for a group,
// its name, members (add, remove, leave) and invite links (create with an optional expiry, copy, revoke).
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { CHAT_LIMITS, type ConversationView } from '../../../shared/api/messages.ts';
import {
  useAddMembers,
  useConversation,
  useCreateInvite,
  useInvites,
  useLinkNote,
  useMembers,
  useMySettings,
  useRemoveMember,
  useRevokeInvite,
  useUpdateConversation,
} from '../../api/messages.ts';
import { Toast, useToast } from '../../components/action-bar-toast.tsx';
import { Avatar } from '../../components/avatar.tsx';
import { Button } from '../../components/button.tsx';
import { EmptyState, Spinner } from '../../components/empty-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { RequireAuth } from '../../components/require-auth.tsx';
import { TextField } from '../../components/text-field.tsx';
import { useUiLanguage } from '../../i18n/index.ts';
import { noteIdOf } from '../../lib/chat-links.ts';
import { describeError } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { GroupAvatar } from './group-avatar.tsx';
import { parseHandles } from './new-conversation.tsx';
import './messages.css';

export function GroupSettingsPage() {
  const { id = '' } = useParams();
  return <RequireAuth>{(me) => <SettingsView id={id} myHandle={me.handle} />}</RequireAuth>;
}

function Toggle({ label, hint, checked, onChange }: { label: string; hint?: string; checked: boolean; onChange: (on: boolean) => void }) {
  return (
    <label className="chat-toggle">
      <span>
        <span className="chat-toggle__label">{label}</span>
        {hint ? <span className="chat-toggle__hint">{hint}</span> : null}
      </span>
      <input type="checkbox" role="switch" aria-checked={checked} checked={checked} onChange={(e) => onChange(e.target.checked)} />
    </label>
  );
}

function Members({ c, myHandle, canManage }: { c: ConversationView; myHandle: string; canManage: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const members = useMembers(c.id);
  const add = useAddMembers(c.id);
  const remove = useRemoveMember(c.id);
  const [handles, setHandles] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const list = parseHandles(handles);
    if (list.length > 0) add.mutate(list, { onSuccess: () => setHandles('') });
  };
  const leave = () => {
    if (window.confirm(t('chat.leaveConfirm'))) remove.mutate(myHandle, { onSuccess: () => void navigate('/messages') });
  };
  return (
    <section className="panel" aria-labelledby="members-title">
      <h2 id="members-title" className="panel__title">
        {t('chat.membersTitle')} · {c.memberCount}
      </h2>
      {canManage ? (
        <form className="settings-inline" onSubmit={submit}>
          <TextField
            label={t('chat.addMembers')}
            hint={t('chat.handlesHint')}
            value={handles}
            onChange={(e) => setHandles(e.target.value)}
            error={add.isError ? describeError(t, add.error) : undefined}
          />
          <Button type="submit" size="sm" loading={add.isPending} disabled={!handles.trim()}>
            {t('chat.add')}
          </Button>
        </form>
      ) : null}
      {members.isPending ? <Spinner label={t('common.loading')} /> : null}
      <ul className="member-list">
        {(members.data?.items ?? []).map((m) => (
          <li key={m.user.handle} className="member-row" data-testid="member-row">
            <Link to={`/u/${m.user.handle}`} className="member-row__who">
              <Avatar user={m.user} size="sm" />
              <span className="member-row__name">{m.user.displayName}</span>
              {m.role !== 'member' ? <span className="member-row__role">{m.role === 'owner' ? t('chat.owner') : t('chat.admin')}</span> : null}
            </Link>
            {canManage && m.user.handle !== myHandle && m.role !== 'owner' ? (
              <Button
                size="sm"
                variant="ghost"
                onClick={() => window.confirm(t('chat.removeConfirm', { name: m.user.displayName })) && remove.mutate(m.user.handle)}
              >
                {t('chat.remove')}
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
      <Button variant="danger" onClick={leave} loading={remove.isPending && remove.variables === myHandle}>
        {t('chat.leave')}
      </Button>
    </section>
  );
}

/** "Join the group chat" under one of my notes: its link (or id) in, the card shows there. */
function NoteLink({ c }: { c: ConversationView }) {
  const { t } = useTranslation();
  const link = useLinkNote(c.id);
  const [text, setText] = useState('');
  const note = noteIdOf(text) ?? (/^[0-9a-f-]{36}$/.test(text.trim()) ? text.trim() : null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (note) link.mutate(note, { onSuccess: () => setText('') });
  };
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="note-link-title">
      <h2 id="note-link-title" className="panel__title">
        {t('chat.noteLink')}
      </h2>
      <p className="panel__hint">{t('chat.noteLinkHint')}</p>
      <div className="settings-inline">
        <TextField
          label={t('chat.noteLinkLabel')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          error={link.isError ? describeError(t, link.error) : undefined}
          hint={link.isSuccess && link.variables ? t('chat.noteLinked') : undefined}
        />
        <Button type="submit" size="sm" loading={link.isPending && link.variables !== null} disabled={!note}>
          {t('chat.noteLinkSave')}
        </Button>
      </div>
      <div>
        <Button type="button" size="sm" variant="ghost" onClick={() => link.mutate(null)}>
          {t('chat.noteUnlink')}
        </Button>
      </div>
    </form>
  );
}

const EXPIRY = { never: undefined, day: 24, week: 24 * 7 } as const;

function Invites({ c }: { c: ConversationView }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const invites = useInvites(c.id, true);
  const create = useCreateInvite(c.id);
  const revoke = useRevokeInvite(c.id);
  const [expiry, setExpiry] = useState<keyof typeof EXPIRY>('never');
  const { toast, show, dismiss } = useToast();
  const copy = (url: string) => {
    const full = new URL(url, window.location.origin).toString();
    void navigator.clipboard?.writeText(full).then(
      () => show(t('chat.copied')),
      () => show(full),
    );
  };
  return (
    <section className="panel" aria-labelledby="invites-title">
      <h2 id="invites-title" className="panel__title">
        {t('chat.invites')}
      </h2>
      <p className="panel__hint">{t('chat.invitesHint')}</p>
      <div className="settings-inline">
        <label className="chat-select">
          <span>{t('chat.expiry')}</span>
          <select value={expiry} onChange={(e) => setExpiry(e.target.value as keyof typeof EXPIRY)}>
            <option value="never">{t('chat.expiryNever')}</option>
            <option value="day">{t('chat.expiryDay')}</option>
            <option value="week">{t('chat.expiryWeek')}</option>
          </select>
        </label>
        <Button size="sm" loading={create.isPending} onClick={() => create.mutate(EXPIRY[expiry] ? { expiresInHours: EXPIRY[expiry] } : {})}>
          {t('chat.createInvite')}
        </Button>
      </div>
      {create.isError ? <p className="field__error">{describeError(t, create.error)}</p> : null}
      {invites.data && invites.data.items.length === 0 ? <p className="panel__hint">{t('chat.noInvites')}</p> : null}
      <ul className="invite-list">
        {(invites.data?.items ?? []).map((invite) => (
          <li key={invite.token} className="invite-row" data-testid="invite-row">
            <span className="invite-row__main">
              <code className="invite-row__url" data-testid="invite-url">
                {invite.url}
              </code>
              <span className="invite-row__meta">
                {invite.expiresAt ? t('chat.expiresAt', { date: formatDateTime(invite.expiresAt, lang) }) : t('chat.noExpiry')} ·{' '}
                {t('chat.uses', { count: invite.uses })}
              </span>
            </span>
            <span className="invite-row__actions">
              <Button size="sm" variant="secondary" onClick={() => copy(invite.url)}>
                {t('chat.copy')}
              </Button>
              <Button size="sm" variant="ghost" onClick={() => revoke.mutate(invite.token)}>
                {t('chat.revoke')}
              </Button>
            </span>
          </li>
        ))}
      </ul>
      <Toast toast={toast} onDismiss={dismiss} />
    </section>
  );
}

function SettingsView({ id, myHandle }: { id: string; myHandle: string }) {
  const { t } = useTranslation();
  const conversation = useConversation(id);
  const mine = useMySettings(id);
  const update = useUpdateConversation(id);
  const [name, setName] = useState<string | null>(null);
  if (conversation.isPending) return <Spinner label={t('common.loading')} />;
  if (conversation.isError) return <EmptyState tone="error" title={describeError(t, conversation.error)} />;
  const c = conversation.data;
  const canManage = c.kind === 'group' && c.viewer.role !== 'member';
  const saveName = (event: FormEvent) => {
    event.preventDefault();
    if (name?.trim()) update.mutate({ name: name.trim() }, { onSuccess: () => setName(null) });
  };
  return (
    <>
      <PageHeader backTo={`/messages/${id}`} title={t('chat.settings')} />
      <div className="chat-settings">
        {c.kind === 'group' ? <GroupAvatar c={c} canManage={canManage} /> : null}
        <section className="panel">
          <Toggle label={t('chat.mute')} checked={c.viewer.muted} onChange={(muted) => mine.mutate({ muted })} />
          <Toggle
            label={t('chat.autoTranslate')}
            hint={t('chat.autoTranslateHint')}
            checked={c.viewer.autoTranslate}
            onChange={(autoTranslate) => mine.mutate({ autoTranslate })}
          />
        </section>
        {c.kind === 'group' && canManage ? (
          <form className="panel" onSubmit={saveName}>
            <div className="settings-inline">
              <TextField label={t('chat.name')} value={name ?? c.name} maxLength={CHAT_LIMITS.groupNameChars} onChange={(e) => setName(e.target.value)} />
              <Button type="submit" size="sm" loading={update.isPending} disabled={!name?.trim() || name.trim() === c.name}>
                {t('chat.saveName')}
              </Button>
            </div>
          </form>
        ) : null}
        {c.kind === 'group' ? <Members c={c} myHandle={myHandle} canManage={canManage} /> : null}
        {c.kind === 'group' && canManage ? <Invites c={c} /> : null}
        {c.kind === 'group' && c.viewer.role === 'owner' ? <NoteLink c={c} /> : null}
      </div>
    </>
  );
}
