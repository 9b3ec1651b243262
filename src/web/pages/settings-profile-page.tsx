import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { type Me, TIKTOK_USERNAME_INPUT_PATTERN, type UpdateMeBody } from '../../shared/api/accounts.ts';
import { UI_LANGUAGES, type UiLanguage } from '../../shared/rules/accounts.ts';
import { useUpdateMe } from '../api/accounts.ts';
import { isApiError } from '../api/client.ts';
import { AvatarUpload } from '../components/avatar-upload.tsx';
import { Button, ButtonLink } from '../components/button.tsx';
import { choiceToLanguages, type LanguageChoice, LanguagePicker, languagesToChoice, useChoiceError } from '../components/language-picker.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { RequireAuth } from '../components/require-auth.tsx';
import { TextAreaField, TextField } from '../components/text-field.tsx';
import { describeError, fieldErrors } from '../lib/errors.ts';
import { isValidDisplayName, LIMITS, textLength } from '../lib/validation.ts';
import { describeDataError } from './data/data-errors.ts';
import './settings.css';

export function SettingsProfilePage() {
  return <RequireAuth>{(me) => <EditProfileForm me={me} />}</RequireAuth>;
}

const TIKTOK_USERNAME = new RegExp(TIKTOK_USERNAME_INPUT_PATTERN);

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function EditProfileForm({ me }: { me: Me }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const update = useUpdateMe();
  const choiceError = useChoiceError();

  const [displayName, setDisplayName] = useState(me.displayName);
  const [bio, setBio] = useState(me.bio);
  const [region, setRegion] = useState(me.region ?? '');
  const [tiktok, setTiktok] = useState(me.tiktokUsername ?? '');
  const [choice, setChoice] = useState<LanguageChoice>(() => languagesToChoice(me.languages));
  const [uiLanguage, setUiLanguage] = useState<UiLanguage>(me.uiLanguage);
  const [status, setStatus] = useState<string | null>(null);

  const languages = choiceToLanguages(choice);
  const bioLength = textLength(bio);
  const server = update.isError ? fieldErrors(update.error, t) : {};
  // Someone else declared that TikTok username (409): said on the field, in the reader's language.
  if (isApiError(update.error, 'tiktok_username_taken')) server.tiktokUsername = describeDataError(t, update.error);
  const tiktokTrimmed = tiktok.trim();
  const errors = {
    displayName: server.displayName ?? (isValidDisplayName(displayName) ? undefined : t('auth.displayNameInvalid')),
    bio: server.bio ?? (bioLength > LIMITS.bio.max ? t('settings.bioTooLong') : undefined),
    region: server.region ?? (textLength(region.trim()) > LIMITS.region.max ? t('settings.regionTooLong') : undefined),
    languages: server.languages ?? choiceError(languages),
    tiktokUsername: server.tiktokUsername ?? (tiktokTrimmed === '' || TIKTOK_USERNAME.test(tiktokTrimmed) ? undefined : t('data.tiktok.invalid')),
  };
  const invalid = Object.values(errors).some(Boolean);
  const formError = update.isError && Object.keys(server).length === 0 ? describeError(t, update.error) : null;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setStatus(null);
    if (invalid || !languages.ok) return;
    // Send only what changed: the server wants at least one property and nothing extra.
    const body: UpdateMeBody = {};
    if (displayName.trim() !== me.displayName) body.displayName = displayName.trim();
    if (bio !== me.bio) body.bio = bio;
    const nextRegion = region.trim() || null;
    if (nextRegion !== me.region) body.region = nextRegion;
    if (!sameList(languages.languages, me.languages)) body.languages = languages.languages;
    if (uiLanguage !== me.uiLanguage) body.uiLanguage = uiLanguage;
    // Stored lower-case without the '@': compare the same way, so retyping it is no change.
    const nextTiktok = tiktokTrimmed.replace(/^@/, '') || null;
    if (nextTiktok?.toLowerCase() !== me.tiktokUsername?.toLowerCase()) body.tiktokUsername = nextTiktok;
    if (Object.keys(body).length === 0) {
      setStatus(t('settings.nothingChanged'));
      return;
    }
    update.mutate(body, { onSuccess: (saved) => void navigate(`/u/${saved.handle}`) });
  };

  return (
    <div className="settings">
      <PageHeader title={t('settings.profile')} backTo="/settings" />
      <p className="settings__lead">{t('settings.profileLead')}</p>
      <AvatarUpload me={me} />
      <form className="settings-form" onSubmit={onSubmit} noValidate>
        {formError ? (
          <p className="form-alert" role="alert">
            {formError}
          </p>
        ) : null}
        <TextField
          label={t('auth.displayName')}
          name="displayName"
          autoComplete="nickname"
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
          hint={t('auth.displayNameHint')}
          error={errors.displayName}
        />
        <TextAreaField
          label={t('settings.bio')}
          name="bio"
          rows={4}
          value={bio}
          onChange={(e) => setBio(e.target.value)}
          hint={t('settings.bioHint')}
          error={errors.bio}
          aside={
            <span className={bioLength > LIMITS.bio.max ? 'field__aside--over' : undefined} aria-live="polite">
              {t('settings.bioCounter', { count: bioLength, max: LIMITS.bio.max })}
            </span>
          }
        />
        <TextField
          label={t('settings.region')}
          name="region"
          autoComplete="country-name"
          value={region}
          onChange={(e) => setRegion(e.target.value)}
          hint={t('settings.regionHint')}
          error={errors.region}
        />
        <TextField
          label={t('data.tiktok.label')}
          name="tiktokUsername"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={25}
          value={tiktok}
          onChange={(e) => setTiktok(e.target.value)}
          hint={t('data.tiktok.hint')}
          error={errors.tiktokUsername}
        />
        <LanguagePicker value={choice} onChange={setChoice} error={errors.languages} />
        <fieldset className="lang-picker">
          <legend className="lang-picker__legend">{t('languages.uiLegend')}</legend>
          <div className="radio-chips">
            {UI_LANGUAGES.map((lang) => (
              <label key={lang} className="chip-check">
                <input type="radio" name="uiLanguage" value={lang} checked={uiLanguage === lang} onChange={() => setUiLanguage(lang)} />
                <span lang={lang === 'zh' ? 'zh-CN' : 'en'}>{t(`language.${lang}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="settings-form__actions">
          <Button type="submit" loading={update.isPending} disabled={invalid}>
            {update.isPending ? t('common.saving') : t('common.save')}
          </Button>
          <ButtonLink to={`/u/${me.handle}`} variant="ghost">
            {t('common.cancel')}
          </ButtonLink>
          {status ? (
            <span className="settings-form__status" role="status">
              {status}
            </span>
          ) : null}
        </div>
      </form>
    </div>
  );
}
