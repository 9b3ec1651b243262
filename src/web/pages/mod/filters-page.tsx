// /mod/filters (admins) — the word lists: each with its action, on/off, extra terms and allowed
// words; a new list; and "Test a text" against the lists as they stand.
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../shared/api/accounts.ts';
import { FILTER_ACTIONS, type FilterAction, SAFETY_LIMITS } from '../../../shared/api/moderation.ts';
import { useCreateFilterList, useFilterLists, useTestFilters } from '../../api/filters.ts';
import { Button } from '../../components/button.tsx';
import { EmptyState, Spinner } from '../../components/empty-state.tsx';
import { TextAreaField, TextField } from '../../components/text-field.tsx';
import { describeError, fieldErrors } from '../../lib/errors.ts';
import { FilterListEditor, toTerms } from './filter-list-editor.tsx';
import { ModFrame, RequireModerator } from './mod-frame.tsx';

export function FiltersPage() {
  return <RequireModerator admin>{(me) => <Filters me={me} />}</RequireModerator>;
}

function Filters({ me }: { me: Me }) {
  const { t } = useTranslation();
  const lists = useFilterLists();
  return (
    <ModFrame me={me} title={t('modFilters.title')}>
      <p className="mod__lead">{t('modFilters.lead')}</p>
      <TestBox />
      {lists.isPending ? (
        <Spinner label={t('common.loading')} />
      ) : lists.isError ? (
        <EmptyState tone="error" title={describeError(t, lists.error)} actions={<Button onClick={() => void lists.refetch()}>{t('common.retry')}</Button>} />
      ) : (
        <div className="mod__stack">
          {lists.data.map((list) => (
            <FilterListEditor key={`${list.id}-${list.updatedAt}`} list={list} />
          ))}
        </div>
      )}
      <NewList />
    </ModFrame>
  );
}

function TestBox() {
  const { t } = useTranslation();
  const test = useTestFilters();
  const [text, setText] = useState('');
  const run = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim()) test.mutate(text);
  };
  const result = test.data;
  return (
    <form className="panel filter-test" onSubmit={run} data-testid="filter-test">
      <h2 className="panel__title">{t('modFilters.test')}</h2>
      <p className="panel__hint">{t('modFilters.testHint')}</p>
      <TextAreaField label={t('modFilters.testLabel')} rows={3} value={text} maxLength={4000} onChange={(e) => setText(e.target.value)} />
      <div className="filter-list__actions">
        <Button type="submit" size="sm" variant="secondary" loading={test.isPending} disabled={!text.trim()}>
          {t('modFilters.testRun')}
        </Button>
      </div>
      {test.isError ? (
        <p className="mod-alert" role="alert">
          {describeError(t, test.error)}
        </p>
      ) : null}
      {result ? (
        <div className="filter-test__result" role="status" data-testid="filter-test-result">
          {result.action ? (
            <>
              <p>
                <strong>{t('modFilters.testResult', { action: t(`modFilters.actions.${result.action}`) })}</strong>
              </p>
              <ul>
                {result.hits.map((h) => (
                  <li key={`${h.list}-${h.term}`}>{t('modFilters.testHit', { list: h.list, term: h.term, action: t(`modFilters.actions.${h.action}`) })}</li>
                ))}
              </ul>
            </>
          ) : (
            <p>{t('modFilters.testClean')}</p>
          )}
        </div>
      ) : null}
    </form>
  );
}

function NewList() {
  const { t } = useTranslation();
  const create = useCreateFilterList();
  const [name, setName] = useState('');
  const [action, setAction] = useState<FilterAction>('hold');
  const [terms, setTerms] = useState('');
  const server = create.isError ? fieldErrors(create.error, t) : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    create.mutate(
      { name: name.trim(), action, terms: toTerms(terms) },
      {
        onSuccess: () => {
          setName('');
          setTerms('');
        },
      },
    );
  };
  return (
    <form className="panel filter-list" onSubmit={submit}>
      <h2 className="panel__title">{t('modFilters.newList')}</h2>
      <TextField label={t('modFilters.name')} value={name} maxLength={SAFETY_LIMITS.listName} onChange={(e) => setName(e.target.value)} error={server.name} />
      <label className="field">
        <span className="field__label">{t('modFilters.action')}</span>
        <select className="case-select" value={action} onChange={(e) => setAction(e.target.value as FilterAction)}>
          {FILTER_ACTIONS.map((a) => (
            <option key={a} value={a}>
              {t(`modFilters.actions.${a}`)}
            </option>
          ))}
        </select>
      </label>
      <TextAreaField label={t('modFilters.terms')} hint={t('modFilters.termsHint')} rows={3} value={terms} onChange={(e) => setTerms(e.target.value)} />
      {create.isError && !server.name ? (
        <p className="mod-alert" role="alert">
          {describeError(t, create.error)}
        </p>
      ) : null}
      <div className="filter-list__actions">
        <Button type="submit" size="sm" loading={create.isPending} disabled={!name.trim()}>
          {t('modFilters.create')}
        </Button>
      </div>
    </form>
  );
}
