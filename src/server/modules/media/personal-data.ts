// What the media module holds about a person: their uploads' rows and files. The archive gets each
// item's full-size, metadata-free file (see archive.ts); erasure deletes every stored object of
// every item — all sizes, poster frames, originals, a video's kept upload — then the rows.
import type { Readable } from 'node:stream';
import type { ArchiveWriter, PersonalData } from '../../platform/personal-data.ts';
import type { Storage } from '../../platform/storage/types.ts';
import { archivePath, archiveRole } from './archive.ts';
import { type MediaStore, parseVariants } from './store.ts';
import type { MediaRow } from './tables.ts';

const PAGE = 500;

export interface MediaPersonalDeps {
  store: MediaStore;
  storage: Storage;
}

function mediaJson(r: MediaRow) {
  return {
    id: r.id,
    ownerId: r.owner_id,
    purpose: r.purpose,
    kind: r.kind,
    status: r.status,
    width: r.width,
    height: r.height,
    durationMs: r.duration_ms,
    bytes: r.bytes,
    dominantColor: r.dominant_color,
    placeholder: r.placeholder,
    variants: parseVariants(r),
    error: r.error,
    attachedTo: r.attached_to,
    deletedAt: r.deleted_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The stored key of the item's archive file, or null (deleted, or nothing exportable stored). */
export function archiveKeyOf(row: MediaRow): string | null {
  if (row.deleted_at !== null) return null;
  const variants = parseVariants(row).filter((v) => v.name !== 'source');
  const role = archiveRole(
    row.kind,
    variants.map((v) => v.name),
  );
  return variants.find((v) => v.name === role)?.key ?? null;
}

/** Every key an item may have in storage: its variants and a transcode that finished after the row was let go. */
export const storedKeysOf = (row: MediaRow): string[] => [...new Set([...parseVariants(row).map((v) => v.key), `media/${row.id}/video.mp4`])];

export function createMediaPersonalData(deps: MediaPersonalDeps): PersonalData {
  async function* pages(userId: string) {
    let after: string | null = null;
    for (;;) {
      const rows = await deps.store.ownedPage(userId, after, PAGE);
      if (rows.length > 0) yield rows;
      if (rows.length < PAGE) return;
      after = (rows[rows.length - 1] as MediaRow).id;
    }
  }

  async function* rowsFile(userId: string) {
    for await (const rows of pages(userId)) for (const r of rows) yield mediaJson(r);
  }

  /** Opened only when the archive reaches the file: one stream at a time, never the whole set. */
  const opener = (row: MediaRow, key: string) => async (): Promise<Readable> => {
    const obj = await deps.storage.get(key);
    if (!obj) throw new Error(`media ${row.id}: its file ${key} is missing from storage`);
    return obj.body;
  };

  return {
    module: 'media',
    tables: { media: { kind: 'personal', owner: ['owner_id'] } },
    files: {
      'media/media.json': 'Every photo and video you uploaded (notes and avatars): size, kind, the stored sizes, what it belongs to, timestamps.',
      'media/<id>.<ext>':
        'The file of each photo or video, full size and free of metadata (no location, camera or date): a photo as its stored original, a video as its transcode.',
    },

    async export(userId: string, out: ArchiveWriter): Promise<void> {
      await out.json('media/media.json', rowsFile(userId));
      for await (const rows of pages(userId)) {
        for (const row of rows) {
          const key = archiveKeyOf(row);
          if (key) await out.file(archivePath(row.id, key), opener(row, key));
        }
      }
    },

    async erase(userId: string): Promise<void> {
      // Files first, then rows: a crash in between leaves rows whose files a retry deletes again.
      for (;;) {
        const rows = await deps.store.ownedPage(userId, null, PAGE);
        if (rows.length === 0) return;
        await deps.storage.delete(rows.flatMap(storedKeysOf));
        await deps.store.deleteRows(rows.map((r) => r.id));
        if (rows.length < PAGE) return;
      }
    },
  };
}
