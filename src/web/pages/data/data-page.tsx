// /settings/data — "Your data": upload a TikTok export (with progress; the preview opens once the
// server has read it), the imports made so far, an export of everything (polled while it is made,
// then offered for download), and deleting the account (with the password).
import { useQueryClient } from '@tanstack/react-query';
import { type ChangeEvent, type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { Me } from '../../../shared/api/accounts.ts';
import type { DeletionScheduled, ExportView, ImportView } from '../../../shared/api/portability.ts';
import { accountKeys, forgetSessionHint } from '../../api/accounts.ts';
import { apiFetch, isApiError } from '../../api/client.ts';
import { useExports, useImports, useStartExport, useUploadImport } from '../../api/portability.ts';
import { Button } from '../../components/button.tsx';
import { ChevronIcon } from '../../components/icons.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { PasswordField } from '../../components/password-field.tsx';
import { RequireAuth } from '../../components/require-auth.tsx';
import { useUiLanguage } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { usePageTitle } from '../../lib/page-title.ts';
import { describeDataError } from './data-errors.ts';
import { formatBytes, percentOf } from './format.ts';
import '../auth-layout.css';
import '../settings.css';
import './data.css';

export function DataPage() {
  const { t } = useTranslation();
  usePageTitle(t('data.title'));
  return <RequireAuth>{(me) => <DataHub me={me} />}</RequireAuth>;
}

function DataHub({ me }: { me: Me }) {
  const { t } = useTranslation();
  return (
    <div className="settings data">
      <PageHeader title={t('data.title')} backTo="/settings" />
      <p className="settings__lead">{t('data.lead')}</p>
      <ImportSection />
      <ExportSection />
      <DeleteSection key={me.handle} />
    </div>
  );
}

// --- importing -----------------------------------------------------------------------------------

function ImportSection() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const upload = useUploadImport();
  const imports = useImports();
  const [fraction, setFraction] = useState(0);
  const inputId = useId();
  const titleId = useId();

  const onPick = (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    // The same file may be chosen again after a refusal.
    input.value = '';
    if (!file || upload.isPending) return;
    setFraction(0);
    upload.mutate({ file, onProgress: setFraction }, { onSuccess: (created) => void navigate(`/settings/data/imports/${created.id}`) });
  };

  const percent = Math.round(fraction * 100);
  const items = imports.data ?? [];
  const anyDone = items.some((i) => i.status === 'done');

  return (
    <section className="data__section" aria-labelledby={titleId}>
      <h2 id={titleId} className="data__title">
        {t('data.importTitle')}
      </h2>
      <p className="data__text">{t('data.importLead')}</p>
      <div className="data__upload">
        <input
          id={inputId}
          className="data__file visually-hidden"
          type="file"
          accept=".zip,.json,application/zip,application/json"
          data-testid="import-file"
          disabled={upload.isPending}
          aria-describedby={`${inputId}-hint`}
          onChange={onPick}
        />
        <label htmlFor={inputId} className={`btn btn--primary btn--md data__pick ${upload.isPending ? 'data__pick--busy' : ''}`}>
          {t('data.importPick')}
        </label>
        <p id={`${inputId}-hint`} className="data__hint">
          {t('data.importHint')}
        </p>
      </div>
      <div className="data__live" aria-live="polite">
        {upload.isPending ? (
          fraction < 1 ? (
            <div className="data__progress">
              <span>{t('data.importUploading', { percent })}</span>
              <progress max={100} value={percent} aria-label={t('data.importUploading', { percent })} />
            </div>
          ) : (
            <div className="data__progress">
              <span>{t('data.importReading')}</span>
              <progress aria-label={t('data.importReading')} />
            </div>
          )
        ) : null}
      </div>
      {upload.isError ? (
        <p className="form-alert data__alert" role="alert">
          {describeDataError(t, upload.error)}
        </p>
      ) : null}
      <p className="data__hint">{t('data.importPrivacy')}</p>

      {anyDone ? (
        <>
          <h3 className="data__subtitle">{t('data.yourStuff')}</h3>
          <ul className="settings__list data__list">
            <li>
              <Link to="/me/drafts" className="settings__row">
                <span>{t('data.draftsLink')}</span>
                <ChevronIcon className="settings__chevron" />
              </Link>
            </li>
            <li>
              <Link to="/me/imported-comments" className="settings__row">
                <span>{t('data.commentsLink')}</span>
                <ChevronIcon className="settings__chevron" />
              </Link>
            </li>
          </ul>
        </>
      ) : null}

      {items.length > 0 ? (
        <>
          <h3 className="data__subtitle">{t('data.importsPast')}</h3>
          <ul className="settings__list data__list" data-testid="imports">
            {items.map((item) => (
              <ImportRow key={item.id} item={item} />
            ))}
          </ul>
        </>
      ) : imports.isError ? (
        <p className="form-alert data__alert" role="alert">
          {describeDataError(t, imports.error)}
        </p>
      ) : null}
    </section>
  );
}

function ImportRow({ item }: { item: ImportView }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const name = item.preview.profile.displayName ?? item.preview.profile.userName;
  return (
    <li>
      <Link to={`/settings/data/imports/${item.id}`} className="settings__row data__row">
        <span className="data__row-text">
          <span className="data__row-main">
            {name ? <bdi>{name}</bdi> : t('data.importTitle')}
            <span className={`data__badge data__badge--${item.status}`}>{t(`data.status.${item.status}`)}</span>
          </span>
          <span className="data__meta">{t('data.importedOn', { date: formatDateTime(item.createdAt, lang) })}</span>
        </span>
        <span className="data__row-open">
          <span className="visually-hidden">{t('data.importOpen')}</span>
          <ChevronIcon className="settings__chevron" />
        </span>
      </Link>
    </li>
  );
}

// --- exporting -----------------------------------------------------------------------------------

const activeExport = (e: ExportView) => e.status === 'queued' || e.status === 'running';

function ExportSection() {
  const { t } = useTranslation();
  const exports = useExports();
  const start = useStartExport();
  const titleId = useId();
  const items = exports.data ?? [];
  const [latest, ...past] = items;
  const running = items.some(activeExport);

  return (
    <section className="data__section" aria-labelledby={titleId}>
      <h2 id={titleId} className="data__title">
        {t('data.export.title')}
      </h2>
      <p className="data__text">{t('data.export.lead')}</p>
      <p className="data__hint">{t('data.export.contents')}</p>
      <p className="data__hint">{t('data.export.elsewhere')}</p>
      <div className="settings-form__actions data__actions">
        <Button data-testid="export-start" variant="secondary" loading={start.isPending} disabled={running || exports.isPending} onClick={() => start.mutate()}>
          {start.isPending ? t('data.export.starting') : t('data.export.start')}
        </Button>
      </div>
      {start.isError ? (
        <p className="form-alert data__alert" role="alert">
          {describeDataError(t, start.error)}
        </p>
      ) : exports.isError ? (
        <p className="form-alert data__alert" role="alert">
          {describeDataError(t, exports.error)}
        </p>
      ) : null}
      <div aria-live="polite">{latest ? <ExportCard view={latest} current /> : null}</div>
      {past.length > 0 ? (
        <>
          <h3 className="data__subtitle">{t('data.export.past')}</h3>
          <ul className="data__exports">
            {past.map((view) => (
              <li key={view.id}>
                <ExportCard view={view} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

/** One export: its progress while it is made, then its download until it expires. */
function ExportCard({ view, current = false }: { view: ExportView; current?: boolean }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const made = <span className="data__meta">{t('data.export.made', { date: formatDateTime(view.createdAt, lang) })}</span>;
  if (view.status === 'queued' || view.status === 'running') {
    const label = view.status === 'queued' || view.progress.total === 0 ? t('data.export.queued') : t('data.export.running', view.progress);
    return (
      <div className="data__card" data-testid={current ? 'export-progress' : undefined}>
        <div className="data__progress">
          <span>{label}</span>
          {view.progress.total > 0 ? (
            <progress max={100} value={percentOf(view.progress.done, view.progress.total)} aria-label={label} />
          ) : (
            <progress aria-label={label} />
          )}
        </div>
        {made}
      </div>
    );
  }
  if (view.status === 'done' && view.url) {
    return (
      <div className="data__card data__card--done">
        <a className="btn btn--primary btn--md data__download" href={view.url} download data-testid={current ? 'export-download' : undefined}>
          {t('data.export.download', { size: view.bytes === null ? '…' : formatBytes(view.bytes, lang) })}
        </a>
        {made}
        {view.expiresAt ? <span className="data__meta">{t('data.export.expires', { date: formatDateTime(view.expiresAt, lang) })}</span> : null}
      </div>
    );
  }
  return (
    <div className="data__card">
      <span className={view.status === 'failed' ? 'data__failed' : 'data__meta'}>
        {view.status === 'failed' ? t('data.export.failed') : t('data.export.expired')}
      </span>
      {made}
    </div>
  );
}

// --- deleting the account ------------------------------------------------------------------------

/**
 * DELETE /me, kept out of React Query's mutation cache on purpose: the app treats any 401 a mutation
 * meets as "the session ended" and shows the person signed out, but here a 401 `invalid_credentials`
 * only means the password was mistyped, and the session is still good.
 */
function useDeleteAccountRequest() {
  const queryClient = useQueryClient();
  const [state, setState] = useState<{ pending: boolean; error: unknown }>({ pending: false, error: null });
  const run = async (password: string) => {
    setState({ pending: true, error: null });
    try {
      const { erasesAt } = await apiFetch<DeletionScheduled>('/me', { method: 'DELETE', body: { password } });
      // Every session ended with the account: forget this one here too, and leave with a full load
      // so nothing cached of the account is shown again (as logging out does).
      forgetSessionHint();
      window.location.replace(`/account-deleted?${new URLSearchParams({ erasesAt }).toString()}`);
    } catch (error) {
      if (isApiError(error) && error.status === 401 && error.code !== 'invalid_credentials') {
        // The session itself is gone (expired, revoked elsewhere): signed out, as anywhere else.
        forgetSessionHint();
        queryClient.setQueryData(accountKeys.me(), null);
      }
      setState({ pending: false, error });
    }
  };
  return { ...state, run, reset: () => setState({ pending: false, error: null }) };
}

function DeleteSection() {
  const { t } = useTranslation();
  const remove = useDeleteAccountRequest();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const titleId = useId();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!password || remove.pending) return;
    void remove.run(password);
  };

  return (
    <section className="data__section data__section--danger" aria-labelledby={titleId}>
      <h2 id={titleId} className="data__title">
        {t('data.delete.title')}
      </h2>
      <p className="data__text">{t('data.delete.lead')}</p>
      <p className="data__hint">{t('data.delete.grace')}</p>
      {open ? (
        <form className="data__delete" onSubmit={onSubmit} noValidate>
          <PasswordField
            label={t('data.delete.password')}
            name="password"
            autoComplete="current-password"
            value={password}
            autoFocus
            onChange={(e) => setPassword(e.target.value)}
            error={remove.error ? describeDataError(t, remove.error) : undefined}
          />
          <div className="settings-form__actions">
            <Button type="submit" variant="danger" loading={remove.pending} disabled={!password} data-testid="delete-confirm">
              {remove.pending ? t('data.delete.deleting') : t('data.delete.confirm')}
            </Button>
            <Button
              variant="ghost"
              onClick={() => {
                setOpen(false);
                setPassword('');
                remove.reset();
              }}
            >
              {t('data.delete.cancel')}
            </Button>
          </div>
        </form>
      ) : (
        <div className="settings-form__actions data__actions">
          <Button variant="danger" data-testid="delete-open" onClick={() => setOpen(true)}>
            {t('data.delete.open')}
          </Button>
        </div>
      )}
    </section>
  );
}
