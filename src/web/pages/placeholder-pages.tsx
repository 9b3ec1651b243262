// Messages: an honest placeholder until chat lands; and the not-found page.
// Home has its own page (home-page.tsx), re-exported here so the route table stays as it is.
import { useTranslation } from 'react-i18next';
import { ButtonLink } from '../components/button.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { MessageIcon } from '../components/icons.tsx';
import { PageHeader } from '../components/page-header.tsx';

export { HomePage } from './home-page.tsx';

export function MessagesPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('messages.title')} />
      <EmptyState icon={<MessageIcon size={32} />} title={t('messages.emptyTitle')} body={t('messages.emptyBody')} />
    </>
  );
}

export function NotFoundPage() {
  const { t } = useTranslation();
  return <EmptyState title={t('notFound.title')} body={t('notFound.body')} actions={<ButtonLink to="/">{t('profile.goHome')}</ButtonLink>} />;
}
