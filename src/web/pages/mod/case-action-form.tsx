// Deciding a case: the actions that apply to its kind of content (an appealed case is answered with
// Restore or Uphold, or a new decision), a note the person will read (required), days for a
// suspension. Refusals (claimed by someone else, resolved meanwhile) say so plainly.

import type { TFunction } from 'i18next';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ModerationAction, type ModerationCase, type ReportTargetType, SAFETY_LIMITS } from '../../../shared/api/moderation.ts';
import { useActOnCase } from '../../api/cases.ts';
import { type ApiError, isApiError } from '../../api/client.ts';
import { Button } from '../../components/button.tsx';
import { TextAreaField, TextField } from '../../components/text-field.tsx';
import { describeError, fieldErrors } from '../../lib/errors.ts';

/** What each kind of content can be given (the server's rule, so the form offers nothing it refuses). */
const BY_TARGET: Record<ReportTargetType, ModerationAction[]> = {
  note: ['dismiss', 'remove', 'limit', 'sensitive', 'suspend', 'ban'],
  comment: ['dismiss', 'remove', 'suspend', 'ban'],
  message: ['dismiss', 'remove', 'suspend', 'ban'],
  room_message: ['dismiss', 'remove', 'suspend', 'ban'],
  user: ['dismiss', 'suspend', 'ban'],
};

export function actionsFor(c: Pick<ModerationCase, 'target' | 'appeal'>): ModerationAction[] {
  const base = BY_TARGET[c.target.type];
  if (c.appeal?.state !== 'pending') return base;
  return ['restore', 'uphold', ...base.filter((a) => a !== 'dismiss')];
}

export function caseErrorText(t: TFunction, error: unknown): string {
  if (isApiError(error, 'case_claimed')) return t('modCase.errors.case_claimed');
  if (isApiError(error, 'case_closed')) return t('modCase.errors.case_closed');
  if (isApiError(error, 'invalid_action')) return `${t('modCase.errors.invalid_action')} ${(error as ApiError).detail}`.trim();
  return describeError(t, error);
}

export function CaseActionForm({ c, onDone }: { c: ModerationCase; onDone: (action: ModerationAction) => void }) {
  const { t } = useTranslation();
  const act = useActOnCase(c.id);
  const options = actionsFor(c);
  const [action, setAction] = useState<ModerationAction>(options[0] ?? 'dismiss');
  const [note, setNote] = useState('');
  const [days, setDays] = useState('7');
  const [tried, setTried] = useState(false);
  const actionId = useId();
  const noteText = note.trim();
  const dayCount = Number(days);
  const daysOk = action !== 'suspend' || (Number.isInteger(dayCount) && dayCount >= 1 && dayCount <= SAFETY_LIMITS.suspendDaysMax);
  const server = act.isError ? fieldErrors(act.error, t) : {};
  const noteError = (tried && !noteText ? t('modCase.noteRequired') : undefined) ?? server.note;
  const daysError = (tried && !daysOk ? t('modCase.daysRequired') : undefined) ?? server.days;
  const general = act.isError && !server.note && !server.days ? caseErrorText(t, act.error) : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!noteText || !daysOk || act.isPending) return;
    act.mutate({ action, note: noteText, ...(action === 'suspend' ? { days: dayCount } : {}) }, { onSuccess: () => onDone(action) });
  };

  return (
    <form className="panel case-panel case-action" onSubmit={submit} noValidate data-testid="case-action-form">
      <h2 className="panel__title">{t('modCase.decide')}</h2>
      <div className="field">
        <label className="field__label" htmlFor={actionId}>
          {t('modCase.action')}
        </label>
        <select id={actionId} className="case-select" value={action} onChange={(e) => setAction(e.target.value as ModerationAction)}>
          {options.map((a) => (
            <option key={a} value={a}>
              {t(`modCase.actions.${a}`)}
            </option>
          ))}
        </select>
      </div>
      {action === 'suspend' ? (
        <TextField
          label={t('modCase.days')}
          type="number"
          inputMode="numeric"
          min={1}
          max={SAFETY_LIMITS.suspendDaysMax}
          value={days}
          onChange={(e) => setDays(e.target.value)}
          hint={t('modCase.daysHint', { max: SAFETY_LIMITS.suspendDaysMax })}
          error={daysError}
        />
      ) : null}
      <TextAreaField
        label={t('modCase.note')}
        hint={t('modCase.noteHint')}
        error={noteError}
        rows={3}
        value={note}
        maxLength={SAFETY_LIMITS.actionNote * 2}
        onChange={(e) => setNote(e.target.value)}
        aside={`${[...noteText].length}/${SAFETY_LIMITS.actionNote}`}
      />
      {general ? (
        <p className="mod-alert" role="alert">
          {general}
        </p>
      ) : null}
      <div className="case-action__submit">
        <Button type="submit" loading={act.isPending} variant={action === 'dismiss' || action === 'restore' ? 'secondary' : 'primary'}>
          {t('modCase.submit')}
        </Button>
      </div>
    </form>
  );
}
