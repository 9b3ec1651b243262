// About Biji: what it is, and the credits its licences ask for — CC-CEDICT's above all (CC BY-SA 4.0),
// which the dictionary card links here.
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/page-header.tsx';
import { usePageTitle } from '../lib/page-title.ts';
import './about-page.css';

export function AboutPage() {
  const { t } = useTranslation();
  usePageTitle(t('about.title'));
  return (
    <>
      <PageHeader title={t('about.title')} />
      <article className="about-page">
        <p>{t('about.intro')}</p>
        <h2>{t('about.creditsTitle')}</h2>
        <p>
          {t('about.cedict')}{' '}
          <a href="https://cc-cedict.org/wiki/" target="_blank" rel="noopener noreferrer">
            cc-cedict.org
          </a>{' '}
          ·{' '}
          <a href="https://creativecommons.org/licenses/by-sa/4.0/" target="_blank" rel="noopener noreferrer">
            CC BY-SA 4.0
          </a>
        </p>
        <p>{t('about.jieba')}</p>
        <p>{t('about.licence')}</p>
      </article>
    </>
  );
}
