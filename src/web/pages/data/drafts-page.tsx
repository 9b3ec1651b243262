// /me/drafts — posts brought over from TikTok, kept private until finished: each with its text, its
// original date and likes; Finish opens the composer on it (/compose?draft=<id>), Delete discards it
// once confirmed.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Draft } from '../../../shared/api/portability.ts';
import { useDeleteDraft, useDrafts } from '../../api/portability.ts';
import { Button, ButtonLink } from '../../components/button.tsx';
import { EmptyState, Spinner } from '../../components/empty-state.tsx';
import { NoteIcon } from '../../components/icons.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { RequireAuth } from '../../components/require-auth.tsx';
import { useUiLanguage } from '../../i18n/index.ts';
import { formatDate } from '../../lib/format.ts';
import { usePageTitle } from '../../lib/page-title.ts';
import { describeDataError } from './data-errors.ts';
import '../settings.css';
import './data.css';

export function DraftsPage() {
  const { t } = useTranslation();
  usePageTitle(t('data.drafts.title'));
  return <RequireAuth>{() => <DraftList />}</RequireAuth>;
}

function DraftList() {
  const { t } = useTranslation();
  const list = useDrafts();
  const remove = useDeleteDraft();
  const drafts = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="settings data">
      <PageHeader title={t('data.drafts.title')} backTo="/settings/data" />
      <p className="settings__lead">{t('data.drafts.lead')}</p>
      {remove.isError ? (
        <p className="form-alert data__alert" role="alert">
          {describeDataError(t, remove.error)}
        </p>
      ) : null}
      {list.isPending ? (
        <Spinner label={t('common.loading')} />
      ) : list.isError ? (
        <EmptyState tone="error" title={describeDataError(t, list.error)} actions={<Button onClick={() => void list.refetch()}>{t('common.retry')}</Button>} />
      ) : drafts.length === 0 ? (
        <EmptyState icon={<NoteIcon />} title={t('data.drafts.empty')} body={t('data.drafts.emptyBody')} />
      ) : (
        <ul className="data__items" data-testid="drafts">
          {drafts.map((draft) => (
            <DraftRow key={draft.id} draft={draft} deleting={remove.isPending && remove.variables === draft.id} onDelete={() => remove.mutate(draft.id)} />
          ))}
        </ul>
      )}
      {list.hasNextPage ? (
        <div className="data__more">
          <Button variant="secondary" block loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {t('common.loadMore')}
          </Button>
        </div>
      ) : null}
    </div>
  );
}

function DraftRow({ draft, deleting, onDelete }: { draft: Draft; deleting: boolean; onDelete: () => void }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const [confirming, setConfirming] = useState(false);
  const title = draft.title.trim();
  // A title cut from the start of the caption reads as cut.
  const cut = title !== '' && draft.body.length > title.length && draft.body.startsWith(title);
  return (
    <li className="data__item" data-testid="draft">
      <h2 className="data__item-title">{title ? <bdi>{cut ? `${title}…` : title}</bdi> : <span className="muted">{t('data.drafts.untitled')}</span>}</h2>
      {draft.body ? <p className="data__item-body">{draft.body}</p> : null}
      <p className="data__meta">
        {draft.originalAt ? t('data.drafts.originalAt', { date: formatDate(draft.originalAt, lang) }) : t('data.preview.undated')}
        {draft.originalLikes !== null ? ` · ${t('data.drafts.originalLikes', { count: draft.originalLikes })}` : ''}
        {draft.visibility === 'only_me' ? <span className="data__badge">{t('data.drafts.onlyMe')}</span> : null}
      </p>
      {confirming ? (
        <div className="data__confirm">
          <p>{t('data.drafts.deleteConfirm')}</p>
          <div className="settings-form__actions">
            <Button variant="danger" size="sm" loading={deleting} onClick={onDelete} data-testid="draft-delete-confirm">
              {t('data.drafts.delete')}
            </Button>
            <Button variant="ghost" size="sm" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </Button>
          </div>
        </div>
      ) : (
        <div className="settings-form__actions">
          <ButtonLink to={`/compose?draft=${encodeURIComponent(draft.id)}`} state={{ draft }} size="sm" data-testid="draft-finish">
            {t('data.drafts.finish')}
          </ButtonLink>
          <Button variant="ghost" size="sm" onClick={() => setConfirming(true)} data-testid="draft-delete">
            {t('data.drafts.delete')}
          </Button>
        </div>
      )}
    </li>
  );
}
