// /settings/safety — my personal controls: who may comment on my notes, who may message me (each
// saved as chosen), and the muted words and #topics whose notes leave my feeds (chips, added and
// removed one at a time, saved at once).
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../shared/api/accounts.ts';
import { AUDIENCES, type Audience, type Controls, SAFETY_LIMITS } from '../../shared/api/moderation.ts';
import { useControls, useUpdateControls } from '../api/controls.ts';
import { CloseIcon } from '../components/action-bar-icons.tsx';
import { Button } from '../components/button.tsx';
import { EmptyState, Spinner } from '../components/empty-state.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { RequireAuth } from '../components/require-auth.tsx';
import { describeError } from '../lib/errors.ts';
import '../components/language-picker.css';
import './settings.css';

export function SettingsSafetyPage() {
  return <RequireAuth>{(me) => <SafetyView me={me} />}</RequireAuth>;
}

function SafetyView({ me }: { me: Me }) {
  const { t } = useTranslation();
  const controls = useControls();
  return (
    <div className="settings">
      <PageHeader title={t('controls.title')} backTo="/settings" />
      <p className="settings__lead">{t('controls.lead')}</p>
      {controls.isPending ? (
        <Spinner label={t('common.loading')} />
      ) : controls.isError ? (
        <EmptyState
          tone="error"
          title={describeError(t, controls.error)}
          actions={<Button onClick={() => void controls.refetch()}>{t('common.retry')}</Button>}
        />
      ) : (
        <ControlsForm key={me.handle} controls={controls.data} />
      )}
    </div>
  );
}

function ControlsForm({ controls }: { controls: Controls }) {
  const { t } = useTranslation();
  const update = useUpdateControls();
  return (
    <div className="settings-form">
      <AudienceChoice
        legend={t('controls.commentsFrom')}
        name="commentsFrom"
        value={controls.commentsFrom}
        onChange={(v) => update.mutate({ commentsFrom: v })}
      />
      <AudienceChoice
        legend={t('controls.messagesFrom')}
        hint={t('controls.messagesHint')}
        name="messagesFrom"
        value={controls.messagesFrom}
        onChange={(v) => update.mutate({ messagesFrom: v })}
      />
      <MutedWords words={controls.mutedWords} onChange={(mutedWords) => update.mutate({ mutedWords })} busy={update.isPending} />
      {update.isError ? (
        <p className="controls__error" role="alert">
          {describeError(t, update.error)}
        </p>
      ) : update.isSuccess ? (
        <p className="settings-form__status" role="status">
          {t('controls.saved')}
        </p>
      ) : null}
    </div>
  );
}

function AudienceChoice(props: { legend: string; hint?: string; name: string; value: Audience; onChange: (v: Audience) => void }) {
  const { t } = useTranslation();
  return (
    <fieldset className="lang-picker controls__group">
      <legend className="lang-picker__legend">{props.legend}</legend>
      {props.hint ? <p className="settings__hint muted">{props.hint}</p> : null}
      <div className="radio-chips">
        {AUDIENCES.map((a) => (
          <label key={a} className="chip-check">
            <input type="radio" name={props.name} value={a} checked={props.value === a} onChange={() => props.onChange(a)} />
            <span>{t(`controls.audience.${a}`)}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function MutedWords({ words, onChange, busy }: { words: string[]; onChange: (words: string[]) => void; busy: boolean }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const inputId = useId();
  const max = SAFETY_LIMITS.mutedWords;

  const add = (event: FormEvent) => {
    event.preventDefault();
    const word = draft.trim().replace(/\s+/g, ' ');
    if (!word) return;
    if ([...word].length > SAFETY_LIMITS.mutedWordChars) return setProblem(t('controls.mutedTooLong', { max: SAFETY_LIMITS.mutedWordChars }));
    if (words.some((w) => w.toLowerCase() === word.toLowerCase())) return setProblem(t('controls.mutedDuplicate'));
    if (words.length >= max) return setProblem(t('controls.mutedFull', { max }));
    setProblem(null);
    setDraft('');
    onChange([...words, word]);
  };

  return (
    <section className="lang-picker controls__group" aria-labelledby={`${inputId}-title`}>
      <h2 className="lang-picker__legend" id={`${inputId}-title`}>
        {t('controls.muted')}
      </h2>
      <p className="settings__hint muted">{t('controls.mutedHint', { max })}</p>
      <form className="controls__add" onSubmit={add}>
        <label htmlFor={inputId} className="visually-hidden">
          {t('controls.mutedLabel')}
        </label>
        <input
          id={inputId}
          className="controls__input"
          value={draft}
          maxLength={SAFETY_LIMITS.mutedWordChars * 2}
          placeholder={t('controls.mutedLabel')}
          onChange={(e) => {
            setDraft(e.target.value);
            setProblem(null);
          }}
          aria-invalid={problem ? true : undefined}
          enterKeyHint="done"
        />
        <Button type="submit" size="sm" variant="secondary" disabled={!draft.trim() || busy}>
          {t('controls.mutedAdd')}
        </Button>
      </form>
      {problem ? (
        <p className="controls__error" role="alert">
          {problem}
        </p>
      ) : null}
      {words.length === 0 ? (
        <p className="muted settings__hint">{t('controls.mutedEmpty')}</p>
      ) : (
        <ul className="controls__chips" data-testid="muted-words">
          {words.map((w) => (
            <li key={w} className="controls__chip">
              <bdi>{w}</bdi>
              <button
                type="button"
                className="controls__chip-remove"
                aria-label={t('controls.mutedRemove', { word: w })}
                disabled={busy}
                onClick={() => onChange(words.filter((x) => x !== w))}
              >
                <CloseIcon size={14} />
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
