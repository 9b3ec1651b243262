// /me/imported-comments — the comments written on TikTok, brought over by an import and kept private:
// each with its date and, when the export named it, the post it was written on (opens TikTok).
import { useTranslation } from 'react-i18next';
import { type ArchivedComment, useImportedComments } from '../../api/portability.ts';
import { Button } from '../../components/button.tsx';
import { EmptyState, Spinner } from '../../components/empty-state.tsx';
import { MessageIcon } from '../../components/icons.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { RequireAuth } from '../../components/require-auth.tsx';
import { useUiLanguage } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { usePageTitle } from '../../lib/page-title.ts';
import { describeDataError } from './data-errors.ts';
import '../settings.css';
import './data.css';

export function ImportedCommentsPage() {
  const { t } = useTranslation();
  usePageTitle(t('data.comments.title'));
  return <RequireAuth>{() => <CommentsArchive />}</RequireAuth>;
}

function CommentsArchive() {
  const { t } = useTranslation();
  const list = useImportedComments();
  const comments = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="settings data">
      <PageHeader title={t('data.comments.title')} backTo="/settings/data" />
      <p className="settings__lead">{t('data.comments.lead')}</p>
      {list.isPending ? (
        <Spinner label={t('common.loading')} />
      ) : list.isError ? (
        <EmptyState tone="error" title={describeDataError(t, list.error)} actions={<Button onClick={() => void list.refetch()}>{t('common.retry')}</Button>} />
      ) : comments.length === 0 ? (
        <EmptyState icon={<MessageIcon />} title={t('data.comments.empty')} />
      ) : (
        <ul className="data__items" data-testid="imported-comments">
          {comments.map((comment) => (
            <CommentRow key={comment.id} comment={comment} />
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

function CommentRow({ comment }: { comment: ArchivedComment }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  return (
    <li className="data__item" data-testid="imported-comment">
      <p className="data__item-body">{comment.text}</p>
      <p className="data__meta">
        {comment.writtenAt ? <time dateTime={comment.writtenAt}>{formatDateTime(comment.writtenAt, lang)}</time> : t('data.comments.undated')}
        {comment.postUrl ? (
          <>
            {' · '}
            <a className="data__external" href={comment.postUrl} target="_blank" rel="noopener noreferrer">
              {t('data.comments.open')}
              <span className="visually-hidden"> ({t('data.links.opens')})</span>
            </a>
          </>
        ) : null}
      </p>
    </li>
  );
}
