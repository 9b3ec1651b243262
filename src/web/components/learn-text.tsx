// Text for learners: each Chinese word with its pinyin above (ruby, a syllable over each character),
// and every word — Chinese or English — a button that opens the dictionary card. Until the words
// arrive the text shows as it is, so nothing jumps but the pinyin line.
import { useTranslation } from 'react-i18next';
import type { PinyinSegment } from '../../shared/api/language.ts';
import { HAN } from '../../shared/text/han.ts';
import { usePinyin } from '../api/language.ts';
import './learn-text.css';

const LATIN_WORD = /^[A-Za-z][A-Za-z'’-]*$/;

export type LearnTextProps = {
  text: string;
  as?: 'p' | 'div' | 'h1';
  className?: string;
  lang?: string;
  onWord: (word: string) => void;
};

export function LearnText({ text, as: Tag = 'p', className, lang, onWord }: LearnTextProps) {
  const { t } = useTranslation();
  const { segments, error } = usePinyin(text, true);
  const langAttr = lang && lang !== 'und' ? lang : undefined;
  if (!segments)
    return (
      <Tag className={`rich-text learn-text ${className ?? ''}`} lang={langAttr} aria-busy={error ? undefined : true}>
        {text}
        {error ? (
          <span className="learn-text__error" role="alert">
            {t('learn.failed')}
          </span>
        ) : null}
      </Tag>
    );
  return (
    <Tag className={`rich-text learn-text ${className ?? ''}`} lang={langAttr}>
      {segments.map((s, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the segments of one text never reorder
        <Word key={i} segment={s} onWord={onWord} />
      ))}
    </Tag>
  );
}

function Word({ segment, onWord }: { segment: PinyinSegment; onWord: (word: string) => void }) {
  if (segment.pinyin !== null) {
    const syllables = segment.pinyin.split(' ');
    let k = 0;
    return (
      <button type="button" className="learn-word" onClick={() => onWord(segment.text)}>
        {[...segment.text].map((ch, i) =>
          HAN.test(ch) ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: a character's place in its word is its identity
            <ruby key={i}>
              {ch}
              <rt>{syllables[k++] ?? ''}</rt>
            </ruby>
          ) : (
            ch
          ),
        )}
      </button>
    );
  }
  if (LATIN_WORD.test(segment.text))
    return (
      <button type="button" className="learn-word learn-word--latin" onClick={() => onWord(segment.text)}>
        {segment.text}
      </button>
    );
  return <>{segment.text}</>;
}
