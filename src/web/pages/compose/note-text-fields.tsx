// The text parts of a note — title and body with live weighted counters, and who can see it —
// shared by the composer and the note page's inline editor.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Visibility } from '../../../shared/api/notes.ts';
import { NOTE_LIMITS } from '../../../shared/rules/notes.ts';
import { weightedLength } from '../../../shared/text/weighted-length.ts';
import { TextAreaField, TextField } from '../../components/text-field.tsx';

// The default limits (an instance may change them: the server checks again and its field errors show).
export const TITLE_MAX = NOTE_LIMITS.titleUnits;
export const BODY_MAX = NOTE_LIMITS.bodyUnits;

/** "12/40", red once over the limit. */
function Counter({ count, max, testId }: { count: number; max: number; testId: string }) {
  const { t } = useTranslation();
  return (
    <span className={count > max ? 'field__aside--over' : undefined} data-testid={testId} data-over={count > max || undefined}>
      {t('composer.counter', { count, max })}
    </span>
  );
}

type TextProps = {
  value: string;
  onChange: (value: string) => void;
  /** A server message for this field. */
  serverError?: string;
};

export function TitleField({ value, onChange, serverError }: TextProps) {
  const { t } = useTranslation();
  const count = weightedLength(value);
  const over = count > TITLE_MAX;
  return (
    <TextField
      label={t('composer.titleLabel')}
      placeholder={t('composer.titlePlaceholder')}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      hint={t('composer.counterHint')}
      error={over ? t('composer.tooLong', { count, max: TITLE_MAX }) : serverError}
      aside={<Counter count={count} max={TITLE_MAX} testId="title-counter" />}
      autoComplete="off"
      enterKeyHint="next"
    />
  );
}

export function BodyField({ value, onChange, serverError }: TextProps) {
  const { t } = useTranslation();
  const count = weightedLength(value);
  const over = count > BODY_MAX;
  return (
    <TextAreaField
      label={t('composer.bodyLabel')}
      placeholder={t('composer.bodyPlaceholder')}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      error={over ? t('composer.tooLong', { count, max: BODY_MAX }) : serverError}
      aside={<Counter count={count} max={BODY_MAX} testId="body-counter" />}
      rows={6}
    />
  );
}

export function VisibilitySelect({ value, onChange, serverError }: { value: Visibility; onChange: (v: Visibility) => void; serverError?: string }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {t('composer.visibility')}
      </label>
      <div className={`field__box field__box--select ${serverError ? 'field__box--invalid' : ''}`}>
        <select id={id} className="field__control" value={value} onChange={(e) => onChange(e.target.value as Visibility)}>
          <option value="public">{t('composer.visibilityPublic')}</option>
          <option value="followers">{t('composer.visibilityFollowers')}</option>
          <option value="only_me">{t('composer.visibilityOnlyMe')}</option>
        </select>
      </div>
      {serverError ? (
        <p className="field__error" role="alert">
          {serverError}
        </p>
      ) : null}
    </div>
  );
}

/** Weighted-length checks the server will make, so the Post button can say no first. */
export function textProblems(title: string, body: string) {
  const titleOver = weightedLength(title) > TITLE_MAX;
  const bodyOver = weightedLength(body) > BODY_MAX;
  const empty = title.trim() === '' && body.trim() === '';
  return { titleOver, bodyOver, empty, ok: !titleOver && !bodyOver && !empty };
}
