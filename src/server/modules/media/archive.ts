// Which stored file of a media item goes into a person's archive, and under what name. One rule
// for the media export (which writes the file) and the notes export (whose outbox.json points at
// it), so the two always agree. Every stored file is already free of metadata: photos are
// re-encoded by sharp without EXIF/GPS/XMP/ICC, videos transcoded with `-map_metadata -1`; only
// a video's upload ("source") keeps the phone's metadata, and it is never exported.
import type { MediaView } from './schemas.ts';
import type { MediaKind } from './tables.ts';

/** Best first: the full-size file (a video's transcode, a photo's re-encoded original), then the largest size. */
const PREFERENCE: Record<MediaKind, readonly string[]> = {
  video: ['video', 'original', '1440', '720', '360'],
  image: ['original', '1440', '720', '512', '360', '256', '96'],
};

/** The role of the file to export among the stored ones (by role name), or null when none may be. */
export function archiveRole(kind: MediaKind, stored: readonly string[]): string | null {
  const have = new Set(stored);
  return PREFERENCE[kind].find((name) => have.has(name)) ?? null;
}

/** "media/<id>.<ext>": the file's place in the archive, the extension taken from its stored name. */
export function archivePath(mediaId: string, storedName: string): string {
  const file = storedName.slice(storedName.lastIndexOf('/') + 1);
  const dot = file.lastIndexOf('.');
  return `media/${mediaId}${dot > 0 ? file.slice(dot) : ''}`;
}

/** The archive path of a presented media item (what notes see), or null when it has no file to export. */
export function archivePathOfView(view: Pick<MediaView, 'id' | 'kind' | 'urls'>): string | null {
  const urls = view.urls as Record<string, string | undefined>;
  const role = archiveRole(
    view.kind,
    Object.keys(urls).filter((k) => urls[k] !== undefined),
  );
  const url = role ? urls[role] : undefined;
  return url ? archivePath(view.id, url) : null;
}
