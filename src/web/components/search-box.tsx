// The search box: an ARIA combobox whose popup lists suggestions for what is being typed — searches
// others made, topics and people (by prefix, pinyin or the other script). Up and down move through
// them, Enter takes the one chosen (or searches the text), Escape closes the list, then clears.
// A topic goes to its page, a person to their profile, a search to its results.
import { type FormEvent, type KeyboardEvent, type ReactNode, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { SEARCH_QUERY_MAX, type SearchUser, type Suggestions } from '../../shared/api/search.ts';
import { useSuggestions } from '../api/search.ts';
import { useUiLanguage } from '../i18n/index.ts';
import { formatCount } from '../lib/format.ts';
import { Avatar } from './avatar.tsx';
import { Highlighted } from './highlighted.tsx';
import { SearchIcon } from './icons.tsx';
import './search-box.css';

export type Suggestion =
  | { kind: 'query'; key: string; q: string }
  | { kind: 'topic'; key: string; tag: string; notes: number }
  | { kind: 'user'; key: string; user: SearchUser };

/** Suggestions in the order the list shows them: searches, topics, people. */
export function suggestionList(data: Suggestions | undefined): Suggestion[] {
  if (!data) return [];
  return [
    ...data.queries.map((q): Suggestion => ({ kind: 'query', key: `q:${q}`, q })),
    ...data.topics.map((topic): Suggestion => ({ kind: 'topic', key: `t:${topic.tag}`, tag: topic.tag, notes: topic.notes })),
    ...data.users.map((user): Suggestion => ({ kind: 'user', key: `u:${user.handle}`, user })),
  ];
}

export type SearchBoxProps = {
  /** The search shown (the address's `q`); the box shows it again when it changes (back, forward). */
  value: string;
  /** Searches for this text (trimmed, not empty). */
  onSearch: (q: string) => void;
  /** Focus the box when it appears (an empty search page). */
  autoFocus?: boolean;
};

export function SearchBox({ value, onSearch, autoFocus }: SearchBoxProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const id = useId();
  const listId = `${id}-list`;
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(value);
  // The list is open while the reader is typing here; choosing, searching, Escape or leaving closes it.
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);

  // Another search shown (back, a chip, a shared link): the box says what it is.
  useEffect(() => {
    setText(value);
    setOpen(false);
    setActive(-1);
  }, [value]);

  useEffect(() => {
    if (autoFocus) input.current?.focus();
  }, [autoFocus]);

  const suggestions = useSuggestions(open ? text : '');
  const options = useMemo(() => suggestionList(suggestions.data), [suggestions.data]);
  const shown = open && text.trim() !== '' && options.length > 0;
  const optionId = (i: number) => `${id}-option-${i}`;

  const close = () => {
    setOpen(false);
    setActive(-1);
  };

  const search = (q: string) => {
    const trimmed = q.trim();
    close();
    if (!trimmed) {
      input.current?.focus();
      return;
    }
    setText(trimmed);
    input.current?.blur();
    onSearch(trimmed);
  };

  const choose = (option: Suggestion) => {
    if (option.kind === 'query') return search(option.q);
    close();
    input.current?.blur();
    void navigate(option.kind === 'topic' ? `/t/${encodeURIComponent(option.tag)}` : `/u/${option.user.handle}`);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.nativeEvent.isComposing) return; // an IME is choosing characters: its keys are its own
    const n = options.length;
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!shown) {
          setOpen(true);
          setActive(n > 0 ? 0 : -1);
        } else setActive((i) => (i + 1 >= n ? 0 : i + 1));
        break;
      case 'ArrowUp':
        if (!shown) return;
        event.preventDefault();
        setActive((i) => (i <= 0 ? n - 1 : i - 1));
        break;
      case 'Enter': {
        const option = shown && active >= 0 ? options[active] : undefined;
        if (!option) return; // the form's submit searches the text
        event.preventDefault();
        choose(option);
        break;
      }
      case 'Escape':
        if (shown) {
          event.preventDefault();
          close();
        } else if (text) {
          event.preventDefault();
          setText('');
        }
        break;
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    search(text);
  };

  const typed = text.trim();
  return (
    <search className="search-box__landmark">
      <form className="search-box" onSubmit={onSubmit}>
        <div className={`search-box__field ${shown ? 'search-box__field--open' : ''}`}>
          <SearchIcon size={18} className="search-box__icon" />
          <input
            ref={input}
            className="search-box__input"
            type="search"
            name="q"
            role="combobox"
            aria-label={t('search.label')}
            aria-autocomplete="list"
            aria-expanded={shown}
            aria-controls={listId}
            aria-activedescendant={shown && active >= 0 ? optionId(active) : undefined}
            placeholder={t('search.placeholder')}
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            enterKeyHint="search"
            maxLength={SEARCH_QUERY_MAX}
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              setOpen(true);
              setActive(-1);
            }}
            onKeyDown={onKeyDown}
            onBlur={close}
          />
          {text ? (
            <button
              type="button"
              className="search-box__clear"
              aria-label={t('search.clear')}
              // keeps the focus in the box
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => {
                setText('');
                setOpen(false);
                input.current?.focus();
              }}
            >
              <ClearIcon />
            </button>
          ) : null}
          <div id={listId} role="listbox" aria-label={t('search.suggestions')} className="search-box__list" hidden={!shown}>
            {shown ? <SuggestionGroups options={options} active={active} typed={typed} optionId={optionId} onChoose={choose} onHover={setActive} /> : null}
          </div>
        </div>
        <button type="submit" className="search-box__submit">
          {t('search.submit')}
        </button>
        <span className="visually-hidden" role="status">
          {shown ? t('search.suggestionCount', { count: options.length }) : ''}
        </span>
      </form>
    </search>
  );
}

type GroupsProps = {
  options: Suggestion[];
  active: number;
  typed: string;
  optionId: (i: number) => string;
  onChoose: (option: Suggestion) => void;
  onHover: (i: number) => void;
};

function SuggestionGroups({ options, active, typed, optionId, onChoose, onHover }: GroupsProps) {
  const { t } = useTranslation();
  const lang = useUiLanguage();
  const groups: { kind: Suggestion['kind']; label: string }[] = [
    { kind: 'query', label: t('search.suggestedSearches') },
    { kind: 'topic', label: t('search.suggestedTopics') },
    { kind: 'user', label: t('search.suggestedPeople') },
  ];
  const words = [typed];
  const option = (o: Suggestion, i: number, children: ReactNode) => (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the keys are the combobox's (APG): the input keeps the focus and takes up, down and Enter
    <div
      key={o.key}
      id={optionId(i)}
      role="option"
      aria-selected={i === active}
      tabIndex={-1}
      className={`search-box__option search-box__option--${o.kind} ${i === active ? 'search-box__option--active' : ''}`}
      // the box keeps the focus (and so the list stays open) while the pointer chooses
      onMouseDown={(event) => event.preventDefault()}
      onMouseMove={() => (i === active ? undefined : onHover(i))}
      onClick={() => onChoose(o)}
    >
      {children}
    </div>
  );
  return (
    <>
      {groups.map((group) => {
        const members = options.map((o, i) => [o, i] as const).filter(([o]) => o.kind === group.kind);
        if (members.length === 0) return null;
        const labelId = `${optionId(members[0]![1])}-group`;
        return (
          // biome-ignore lint/a11y/useSemanticElements: a group of a listbox's options (APG), not a form to fieldset
          <div key={group.kind} role="group" aria-labelledby={labelId} className="search-box__group">
            <div id={labelId} className="search-box__group-label" role="presentation">
              {group.label}
            </div>
            {members.map(([o, i]) =>
              option(
                o,
                i,
                o.kind === 'query' ? (
                  <>
                    <SearchIcon size={16} className="search-box__option-icon" />
                    <span className="search-box__option-text">
                      <Highlighted text={o.q} words={words} />
                    </span>
                  </>
                ) : o.kind === 'topic' ? (
                  <>
                    <span className="search-box__hash" aria-hidden="true">
                      #
                    </span>
                    <span className="search-box__option-text">
                      <bdi>
                        <Highlighted text={o.tag} words={words} />
                      </bdi>
                    </span>
                    <span className="search-box__option-meta">{t('topic.notes', { count: o.notes, formatted: formatCount(o.notes, lang) })}</span>
                  </>
                ) : (
                  <>
                    <Avatar user={o.user} size="sm" />
                    <span className="search-box__option-text">
                      <Highlighted text={o.user.displayName} words={words} />
                      <span className="search-box__handle">
                        {' '}
                        @<Highlighted text={o.user.handle} words={words} />
                      </span>
                    </span>
                    <span className="search-box__option-meta">
                      {t('search.followers', { count: o.user.followers, formatted: formatCount(o.user.followers, lang) })}
                    </span>
                  </>
                ),
              ),
            )}
          </div>
        );
      })}
    </>
  );
}

function ClearIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <circle cx="12" cy="12" r="10" fill="currentColor" />
      <path d="m8.5 8.5 7 7m0-7-7 7" stroke="#fff" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}
