import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useMe, useSignUp } from '../api/accounts.ts';
import { isApiError } from '../api/client.ts';
import { Button } from '../components/button.tsx';
import { choiceToLanguages, type LanguageChoice, LanguagePicker, useChoiceError } from '../components/language-picker.tsx';
import { LanguageSwitch } from '../components/language-switch.tsx';
import { PasswordField } from '../components/password-field.tsx';
import { safeNext } from '../components/require-auth.tsx';
import { TextField } from '../components/text-field.tsx';
import { useUiLanguage } from '../i18n/index.ts';
import { describeError, fieldErrors } from '../lib/errors.ts';
import { isValidDisplayName, isValidHandle, LIMITS, textLength } from '../lib/validation.ts';
import { AuthLayout } from './auth-layout.tsx';

type Field = 'handle' | 'displayName' | 'password' | 'languages';

export function SignUpPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const uiLanguage = useUiLanguage();
  const me = useMe().data;
  const signUp = useSignUp();
  const choiceError = useChoiceError();

  const [handle, setHandle] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [choice, setChoice] = useState<LanguageChoice>(() => ({ en: uiLanguage === 'en', zh: uiLanguage === 'zh', other: '' }));
  const [touched, setTouched] = useState<Partial<Record<Field, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);

  if (me && !signUp.isPending && !signUp.isSuccess) return <Navigate to={safeNext(params.get('next'))} replace />;

  const languages = choiceToLanguages(choice);
  const clientErrors: Partial<Record<Field, string>> = {
    handle: !handle ? t('auth.required') : isValidHandle(handle) ? undefined : t('auth.handleInvalid'),
    displayName: isValidDisplayName(displayName) ? undefined : t('auth.displayNameInvalid'),
    password:
      textLength(password) < LIMITS.password.min
        ? t('auth.passwordTooShort')
        : textLength(password) > LIMITS.password.max
          ? t('auth.passwordTooLong')
          : undefined,
    languages: choiceError(languages),
  };
  const errorFor = (field: Field) => serverErrors[field] ?? (submitted || touched[field] ? clientErrors[field] : undefined);
  const edited = (field: Field) => setServerErrors(({ [field]: _dropped, ...rest }) => rest);
  const blur = (field: Field) => () => setTouched((prev) => ({ ...prev, [field]: true }));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setFormError(null);
    if (Object.values(clientErrors).some(Boolean) || !languages.ok) return;
    signUp.mutate(
      { handle, displayName: displayName.trim(), password, languages: languages.languages, uiLanguage },
      {
        onSuccess: (result) => void navigate(`/u/${result.user.handle}`, { replace: true }),
        onError: (error) => {
          if (isApiError(error, 'handle_taken')) setServerErrors({ handle: t('auth.handleTaken') });
          else if (isApiError(error, 'password_too_common')) setServerErrors({ password: t('auth.passwordTooCommon') });
          else if (isApiError(error, 'validation_failed') && error.errors.length > 0) {
            const byField = fieldErrors(error);
            setServerErrors(byField);
            const known = ['handle', 'displayName', 'password', 'languages'];
            if (!Object.keys(byField).some((f) => known.includes(f))) setFormError(describeError(t, error));
          } else setFormError(describeError(t, error));
        },
      },
    );
  };

  return (
    <AuthLayout
      title={t('auth.signUpTitle')}
      lead={t('auth.signUpLead')}
      footer={
        <>
          {t('auth.haveAccount')}
          <Link to={`/login${params.toString() ? `?${params.toString()}` : ''}`}>{t('auth.logIn')}</Link>
        </>
      }
    >
      <form className="auth-form" onSubmit={onSubmit} noValidate>
        {formError ? (
          <p className="form-alert" role="alert">
            {formError}
          </p>
        ) : null}
        <TextField
          label={t('auth.handle')}
          name="handle"
          autoComplete="username"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          value={handle}
          onChange={(e) => {
            setHandle(e.target.value.trim());
            edited('handle');
          }}
          onBlur={blur('handle')}
          hint={t('auth.handleHint')}
          error={errorFor('handle')}
        />
        <TextField
          label={t('auth.displayName')}
          name="displayName"
          autoComplete="nickname"
          value={displayName}
          onChange={(e) => {
            setDisplayName(e.target.value);
            edited('displayName');
          }}
          onBlur={blur('displayName')}
          hint={t('auth.displayNameHint')}
          error={errorFor('displayName')}
        />
        <PasswordField
          label={t('auth.password')}
          name="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => {
            setPassword(e.target.value);
            edited('password');
          }}
          onBlur={blur('password')}
          hint={t('auth.passwordHint')}
          error={errorFor('password')}
        />
        <LanguagePicker
          value={choice}
          onChange={(next) => {
            setChoice(next);
            edited('languages');
          }}
          error={errorFor('languages')}
        />
        <fieldset className="lang-picker">
          <legend className="lang-picker__legend">{t('languages.uiLegend')}</legend>
          <div>
            <LanguageSwitch />
          </div>
        </fieldset>
        <Button type="submit" size="lg" block loading={signUp.isPending}>
          {signUp.isPending ? t('auth.creating') : t('auth.signUp')}
        </Button>
      </form>
    </AuthLayout>
  );
}
