// Appealing a moderators' decision, once: a few words on why it should change, then send. After
// sending, the notice itself says the appeal is waiting (the list is refetched).
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SAFETY_LIMITS } from '../../shared/api/moderation.ts';
import { isApiError } from '../api/client.ts';
import { useAppeal } from '../api/notices.ts';
import { describeError, fieldErrors } from '../lib/errors.ts';
import { Button } from './button.tsx';
import { TextAreaField } from './text-field.tsx';
import './appeal-form.css';

export function AppealForm({ caseId, onSent, autoFocus }: { caseId: string; onSent?: () => void; autoFocus?: boolean }) {
  const { t } = useTranslation();
  const appeal = useAppeal();
  const [text, setText] = useState('');
  const titleId = useId();
  const chars = [...text.trim()].length;
  const tooLong = chars > SAFETY_LIMITS.appealText;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (chars === 0 || tooLong || appeal.isPending) return;
    appeal.mutate({ caseId, text: text.trim() }, { onSuccess: () => onSent?.() });
  };

  const error = appeal.isError
    ? isApiError(appeal.error, 'already_appealed')
      ? t('notices.appealUsed')
      : (fieldErrors(appeal.error, t).text ?? describeError(t, appeal.error))
    : null;

  return (
    <form className="appeal-form" onSubmit={submit} aria-labelledby={titleId} data-testid="appeal-form">
      <h3 className="appeal-form__title" id={titleId}>
        {t('notices.appealTitle')}
      </h3>
      <TextAreaField
        label={t('notices.appealLabel')}
        hint={t('notices.appealHint')}
        error={error ?? undefined}
        rows={3}
        value={text}
        maxLength={SAFETY_LIMITS.appealText * 2}
        onChange={(e) => setText(e.target.value)}
        aside={`${chars}/${SAFETY_LIMITS.appealText}`}
        autoFocus={autoFocus}
      />
      <div className="appeal-form__actions">
        <Button type="submit" size="sm" loading={appeal.isPending} disabled={chars === 0 || tooLong}>
          {t('notices.appealSend')}
        </Button>
      </div>
    </form>
  );
}
