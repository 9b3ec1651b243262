import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useLogIn, useMe } from '../api/accounts.ts';
import { Button } from '../components/button.tsx';
import { PasswordField } from '../components/password-field.tsx';
import { safeNext } from '../components/require-auth.tsx';
import { TextField } from '../components/text-field.tsx';
import { describeError } from '../lib/errors.ts';
import { AuthLayout } from './auth-layout.tsx';

export function LogInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const me = useMe().data;
  const logIn = useLogIn();
  const [handle, setHandle] = useState('');
  const [password, setPassword] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const next = safeNext(params.get('next'));

  if (me && !logIn.isPending && !logIn.isSuccess) return <Navigate to={next} replace />;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!handle || !password) return;
    logIn.mutate({ handle: handle.replace(/^@/, ''), password }, { onSuccess: () => void navigate(next, { replace: true }) });
  };

  return (
    <AuthLayout
      title={t('auth.logInTitle')}
      lead={t('auth.logInLead')}
      footer={
        <>
          {t('auth.noAccount')}
          <Link to={`/signup${params.toString() ? `?${params.toString()}` : ''}`}>{t('auth.signUp')}</Link>
        </>
      }
    >
      <form className="auth-form" onSubmit={onSubmit} noValidate>
        {logIn.isError ? (
          <p className="form-alert" role="alert">
            {describeError(t, logIn.error)}
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
          onChange={(e) => setHandle(e.target.value.trim())}
          error={submitted && !handle ? t('auth.required') : undefined}
        />
        <PasswordField
          label={t('auth.password')}
          name="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={submitted && !password ? t('auth.required') : undefined}
        />
        <Button type="submit" size="lg" block loading={logIn.isPending}>
          {logIn.isPending ? t('auth.loggingIn') : t('auth.logIn')}
        </Button>
      </form>
    </AuthLayout>
  );
}
