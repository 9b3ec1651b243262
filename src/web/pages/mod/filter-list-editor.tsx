// One word list (admins): its action, on/off (saved at once), and its extra terms and allowed words
// (one per line, saved with "Save list"); a custom list can be deleted.
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FILTER_ACTIONS, type FilterAction, type FilterList } from '../../../shared/api/moderation.ts';
import { useDeleteFilterList, useUpdateFilterList } from '../../api/filters.ts';
import { Button } from '../../components/button.tsx';
import { TextAreaField } from '../../components/text-field.tsx';
import { useUiLanguage } from '../../i18n/index.ts';
import { describeError } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';

/** Lines to terms: trimmed, no blanks, each once. */
export const toTerms = (text: string): string[] => [
  ...new Set(
    text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  ),
];

export function FilterListEditor({ list }: { list: FilterList }) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const update = useUpdateFilterList(list.id);
  const remove = useDeleteFilterList();
  const [terms, setTerms] = useState(list.terms.join('\n'));
  const [allowed, setAllowed] = useState(list.allowed.join('\n'));
  const [saved, setSaved] = useState(false);
  const dirty = terms !== list.terms.join('\n') || allowed !== list.allowed.join('\n');

  const save = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    update.mutate({ terms: toTerms(terms), allowed: toTerms(allowed) }, { onSuccess: () => setSaved(true) });
  };

  return (
    <form className="panel filter-list" onSubmit={save} data-testid="filter-list">
      <div className="filter-list__head">
        <h2 className="panel__title">{list.name}</h2>
        <span className="mod-badge">{list.builtin ? t('modFilters.builtin', { count: list.builtinTermCount }) : t('modFilters.custom')}</span>
        <label className="filter-list__toggle">
          <input type="checkbox" checked={list.enabled} disabled={update.isPending} onChange={(e) => update.mutate({ enabled: e.target.checked })} />
          <span>{t('modFilters.enabled')}</span>
        </label>
      </div>
      <label className="field">
        <span className="field__label">{t('modFilters.action')}</span>
        <select
          className="case-select"
          value={list.action}
          disabled={update.isPending}
          onChange={(e) => update.mutate({ action: e.target.value as FilterAction })}
        >
          {FILTER_ACTIONS.map((a) => (
            <option key={a} value={a}>
              {t(`modFilters.actions.${a}`)}
            </option>
          ))}
        </select>
      </label>
      <div className="filter-list__words">
        <TextAreaField
          label={t('modFilters.terms')}
          hint={t('modFilters.termsHint')}
          rows={4}
          value={terms}
          onChange={(e) => setTerms(e.target.value)}
          spellCheck={false}
        />
        <TextAreaField
          label={t('modFilters.allowed')}
          hint={t('modFilters.allowedHint')}
          rows={4}
          value={allowed}
          onChange={(e) => setAllowed(e.target.value)}
          spellCheck={false}
        />
      </div>
      {update.isError || remove.isError ? (
        <p className="mod-alert" role="alert">
          {describeError(t, update.error ?? remove.error)}
        </p>
      ) : null}
      <div className="filter-list__actions">
        <Button type="submit" size="sm" loading={update.isPending} disabled={!dirty}>
          {t('modFilters.save')}
        </Button>
        {saved && !dirty ? (
          <span className="mod-status" role="status">
            {t('modFilters.saved')}
          </span>
        ) : null}
        <span className="muted filter-list__updated">{t('modFilters.updated', { date: formatDateTime(list.updatedAt, lang) })}</span>
        {list.builtin ? null : (
          <Button
            size="sm"
            variant="ghost"
            className="filter-list__delete"
            loading={remove.isPending}
            onClick={() => {
              if (window.confirm(t('modFilters.removeConfirm', { name: list.name }))) remove.mutate(list.id);
            }}
          >
            {t('modFilters.remove')}
          </Button>
        )}
      </div>
    </form>
  );
}
