// The not-found page.
// Home has its own page (home-page.tsx), re-exported here so the route table stays as it is.
import { useTranslation } from 'react-i18next';
import { ButtonLink } from '../components/button.tsx';
import { EmptyState } from '../components/empty-state.tsx';

export { HomePage } from './home-page.tsx';

export function NotFoundPage() {
  const { t } = useTranslation();
  return <EmptyState title={t('notFound.title')} body={t('notFound.body')} actions={<ButtonLink to="/">{t('profile.goHome')}</ButtonLink>} />;
}
