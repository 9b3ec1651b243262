// A person's notes as an ActivityStreams 2.0 outbox (the shape of Mastodon's outbox.json), so the
// archive is useful to other software: one `Create` activity wrapping a `Note` per note, its photos
// and video pointing at the files the media export writes beside it.
import type { NoteRow } from './tables.ts';

export const AS_CONTEXT = 'https://www.w3.org/ns/activitystreams';
export const AS_PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';

export interface OutboxAttachment {
  kind: 'image' | 'video';
  /** the file's path inside the archive ("media/<id>.<ext>") */
  path: string;
  mediaType: string;
  width: number;
  height: number;
}

export interface OutboxNote {
  row: NoteRow;
  tags: readonly string[];
  attachments: readonly OutboxAttachment[];
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);

/** Plain text as HTML: a paragraph for each block separated by a blank line, line breaks kept. */
export function htmlParagraphs(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

/** Who is addressed, from the note's visibility (as Mastodon writes public, followers-only and direct posts). */
function audience(visibility: NoteRow['visibility'], actor: string | null): { to: string[]; cc: string[] } {
  const followers = actor ? [`${actor}/followers`] : [];
  if (visibility === 'public') return { to: [AS_PUBLIC], cc: followers };
  if (visibility === 'followers') return { to: followers, cc: [] };
  return { to: actor ? [actor] : [], cc: [] };
}

/** One note as a `Create` activity. `base`: the instance's public URL, no trailing slash; `actor`: the person's profile URL. */
export function createActivity(base: string, actor: string | null, n: OutboxNote): Record<string, unknown> {
  const { row } = n;
  const id = `${base}/notes/${row.id}`;
  const { to, cc } = audience(row.visibility, actor);
  const content = htmlParagraphs(row.body);
  const note: Record<string, unknown> = {
    id,
    type: 'Note',
    url: id,
    ...(actor ? { attributedTo: actor } : {}),
    published: row.created_at,
    ...(row.updated_at !== row.created_at ? { updated: row.updated_at } : {}),
    ...(row.title ? { name: row.title } : {}),
    content,
    contentMap: { [row.lang || 'und']: content },
    to,
    cc,
    tag: n.tags.map((t) => ({ type: 'Hashtag', name: `#${t}`, href: `${base}/t/${encodeURIComponent(t)}` })),
    attachment: n.attachments.map((a) => ({
      type: a.kind === 'video' ? 'Video' : 'Image',
      mediaType: a.mediaType,
      url: a.path,
      width: a.width,
      height: a.height,
    })),
    ...(row.place_name ? { location: { type: 'Place', name: row.place_name } } : {}),
  };
  return {
    id: `${id}/activity`,
    type: 'Create',
    ...(actor ? { actor } : {}),
    published: row.created_at,
    to,
    cc,
    object: note,
  };
}
