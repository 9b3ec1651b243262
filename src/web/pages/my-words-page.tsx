// My words: the dictionary words a learner saved, newest first — each with its traditional form,
// pinyin and first senses, and a link to the note it was met in; removable one by one.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Me } from '../../shared/api/accounts.ts';
import { useMyWords, useRemoveWord } from '../api/language.ts';
import { Button } from '../components/button.tsx';
import { EmptyState, Spinner } from '../components/empty-state.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { RequireAuth } from '../components/require-auth.tsx';
import { describeError } from '../lib/errors.ts';
import { usePageTitle } from '../lib/page-title.ts';
import './my-words-page.css';

export function MyWordsPage() {
  const { t } = useTranslation();
  usePageTitle(t('myWords.title'));
  return <RequireAuth>{(me) => <Words me={me} />}</RequireAuth>;
}

function Words({ me }: { me: Me }) {
  const { t } = useTranslation();
  const list = useMyWords();
  const remove = useRemoveWord();
  const words = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <PageHeader title={t('myWords.title')} backTo={`/u/${me.handle}`} />
      <div className="my-words">
        <p className="muted">{t('myWords.intro')}</p>
        {list.isPending ? (
          <Spinner label={t('common.loading')} />
        ) : list.isError ? (
          <p role="alert">{describeError(t, list.error)}</p>
        ) : words.length === 0 ? (
          <EmptyState title={t('myWords.title')} body={t('myWords.empty')} />
        ) : (
          <ul className="my-words__list">
            {words.map((w) => (
              <li key={w.word} className="my-words__item" data-testid="my-word">
                <div className="my-words__head">
                  <span className="my-words__word" lang="zh-Hans">
                    {w.word}
                  </span>
                  {w.traditional !== w.word ? (
                    <span className="my-words__traditional" lang="zh-Hant">
                      {w.traditional}
                    </span>
                  ) : null}
                  <span className="my-words__pinyin">{w.pinyin}</span>
                  <button
                    type="button"
                    className="my-words__remove"
                    aria-label={t('myWords.remove', { word: w.word })}
                    disabled={remove.isPending && remove.variables === w.word}
                    onClick={() => remove.mutate(w.word)}
                  >
                    ×
                  </button>
                </div>
                <p className="my-words__gloss">{w.gloss}</p>
                {w.note ? (
                  <Link className="my-words__from" to={`/n/${w.note.id}`}>
                    {t('myWords.from', { title: w.note.title || '…' })}
                  </Link>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {list.hasNextPage ? (
          <Button variant="secondary" block loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {t('myWords.more')}
          </Button>
        ) : null}
      </div>
    </>
  );
}
