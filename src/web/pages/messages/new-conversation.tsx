// Starting a conversation: one handle opens the DM (the existing one if there is one); a group takes
// several handles and a name.
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { CHAT_LIMITS } from '../../../shared/api/messages.ts';
import { useStartConversation } from '../../api/messages.ts';
import { Button } from '../../components/button.tsx';
import { TextField } from '../../components/text-field.tsx';
import { describeError } from '../../lib/errors.ts';

export function parseHandles(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,，、]+/)
        .map((h) => h.replace(/^@/, '').trim())
        .filter(Boolean),
    ),
  ];
}

export function NewConversation({ kind, onClose }: { kind: 'dm' | 'group'; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const start = useStartConversation();
  const [handles, setHandles] = useState('');
  const [name, setName] = useState('');
  const members = parseHandles(handles).slice(0, kind === 'dm' ? 1 : CHAT_LIMITS.maxInitialMembers);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (members.length === 0) return;
    start.mutate({ members, ...(kind === 'group' && name.trim() ? { name: name.trim() } : {}) }, { onSuccess: (c) => void navigate(`/messages/${c.id}`) });
  };

  return (
    <form className="panel new-convo" onSubmit={submit} aria-label={kind === 'dm' ? t('chat.newMessage') : t('chat.newGroup')}>
      <TextField
        label={t('chat.handlesLabel')}
        hint={kind === 'group' ? t('chat.handlesHint') : undefined}
        value={handles}
        onChange={(e) => setHandles(e.target.value)}
        autoCapitalize="none"
        autoCorrect="off"
        spellCheck={false}
        autoFocus
        error={start.isError ? describeError(t, start.error) : undefined}
      />
      {kind === 'group' ? (
        <TextField label={t('chat.groupName')} value={name} maxLength={CHAT_LIMITS.groupNameChars} onChange={(e) => setName(e.target.value)} />
      ) : null}
      <div className="new-convo__actions">
        <Button type="button" variant="secondary" onClick={onClose}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" loading={start.isPending} disabled={members.length === 0}>
          {kind === 'dm' ? t('chat.start') : t('chat.create')}
        </Button>
      </div>
    </form>
  );
}
