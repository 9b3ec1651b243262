// /t/:tag — a #tag's page: its name as the title and the waterfall of the latest public notes
// carrying it. Every hashtag in a note or comment links here (until the discovery issue's topics).
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useMe } from '../api/accounts.ts';
import { isTag, useTagNotes } from '../api/note-lists.ts';
import { ButtonLink } from '../components/button.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { PlusIcon } from '../components/icons.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { NoteListSection } from './note-list-section.tsx';
import './tag-page.css';

export function TagPage() {
  const { tag = '' } = useParams();
  // Keyed by tag: another tag starts at its own top, with its own list.
  return <TagView key={tag} tag={tag} />;
}

function TagView({ tag }: { tag: string }) {
  const { t } = useTranslation();
  const signedIn = Boolean(useMe().data);
  const query = useTagNotes(tag);
  const valid = isTag(tag);

  return (
    <div className="tag-page">
      <PageHeader title={<bdi>{t('tagPage.title', { tag })}</bdi>} backTo="/" />
      {valid ? (
        <>
          <p className="tag-page__lead">{t('tagPage.lead')}</p>
          <div className="tag-page__grid">
            <NoteListSection
              query={query}
              label={t('tagPage.label', { tag })}
              empty={
                <EmptyState
                  icon={<span className="tag-page__hash">#</span>}
                  title={t('tagPage.emptyTitle', { tag })}
                  body={t('tagPage.emptyBody', { tag })}
                  actions={
                    signedIn ? (
                      <ButtonLink to="/compose" icon={<PlusIcon size={18} />}>
                        {t('homeFeed.post')}
                      </ButtonLink>
                    ) : null
                  }
                />
              }
            />
          </div>
        </>
      ) : (
        <EmptyState
          icon={<span className="tag-page__hash">#</span>}
          title={t('tagPage.invalidTitle')}
          body={t('tagPage.invalidBody')}
          actions={<ButtonLink to="/">{t('profile.goHome')}</ButtonLink>}
        />
      )}
    </div>
  );
}
