// User text rendered from its entities, never as HTML: #hashtags and @mentions become app links,
// URLs become outbound links that pass no referrer and no ranking. Everything else is plain text.
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Entity } from '../../shared/api/notes.ts';
import './rich-text.css';

/** Where a hashtag leads: its tag page (the latest notes carrying it), until discovery's topic pages. */
export function hashtagPath(tag: string): string {
  return `/t/${encodeURIComponent(tag)}`;
}

const SAFE_URL = /^https?:\/\//i;

/** Splits `text` at its entities (UTF-16 offsets), skipping any that overlap or fall outside it. */
export function renderEntities(text: string, entities: readonly Entity[]): ReactNode[] {
  const out: ReactNode[] = [];
  let at = 0;
  const sorted = [...entities].sort((a, b) => a.start - b.start);
  for (const e of sorted) {
    if (e.start < at || e.end > text.length || e.end <= e.start) continue;
    if (e.start > at) out.push(text.slice(at, e.start));
    const shown = text.slice(e.start, e.end);
    const key = `${e.start}-${e.type}`;
    if (e.type === 'hashtag') {
      out.push(
        <Link key={key} className="rich-text__tag" to={hashtagPath(e.tag)}>
          {shown}
        </Link>,
      );
    } else if (e.type === 'mention') {
      out.push(
        <Link key={key} className="rich-text__mention" to={`/u/${encodeURIComponent(e.handle)}`}>
          {shown}
        </Link>,
      );
    } else if (SAFE_URL.test(e.url)) {
      out.push(
        <a key={key} className="rich-text__link" href={e.url} target="_blank" rel="noopener noreferrer nofollow">
          {shown}
        </a>,
      );
    } else {
      out.push(shown);
    }
    at = e.end;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

export type RichTextProps = {
  text: string;
  entities: readonly Entity[];
  as?: 'p' | 'span' | 'div' | 'h1';
  className?: string;
  lang?: string;
};

export function RichText({ text, entities, as: Tag = 'p', className, lang }: RichTextProps) {
  return (
    <Tag className={`rich-text ${className ?? ''}`} lang={lang && lang !== 'und' ? lang : undefined}>
      {renderEntities(text, entities)}
    </Tag>
  );
}
