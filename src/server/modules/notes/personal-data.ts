// What the notes module holds about a person — their notes, likes, collects and the views counted
// under their id — given back as JSON and an ActivityStreams outbox, and forgotten on erasure.
import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { MediaView } from '../../../shared/api/media.ts';
import { insideTransaction } from '../../platform/db/index.ts';
import type { ArchiveWriter, PersonalData } from '../../platform/personal-data.ts';
import { archivePathOfView } from '../media/index.ts';
import { AS_CONTEXT, createActivity, type OutboxAttachment } from './outbox.ts';
import { NotesPersonalStore } from './personal-store.ts';
import type { Hydrator } from './read/hydrate.ts';
import type { NoteRow, NotesTables } from './tables.ts';

/** Rows a query reads, and rows a transaction deletes: a huge account never holds the database long. */
const PAGE = 500;

export interface NotesPersonalDeps {
  db: Kysely<NotesTables>;
  /** the read cache: erased notes and marks are dropped in every process */
  hydrator: Hydrator;
  /** presented media, for the outbox's attachments */
  mediaViews(ids: readonly string[]): Promise<Map<string, MediaView>>;
  /** the person's handle, for their actor URL in the outbox (null: the outbox names no actor) */
  handleOf?(userId: string): Promise<string | null>;
  /** the instance's public URL (ids in the outbox); http://localhost when not set */
  publicUrl: string | null;
}

const MEDIA_TYPES: Record<string, string> = { '.jpg': 'image/jpeg', '.webp': 'image/webp', '.png': 'image/png', '.mp4': 'video/mp4' };

/** A note row as the archive has it: camelCase, every column as stored, with its tags and ordered media. */
function noteJson(r: NoteRow, tags: readonly string[], mediaIds: readonly string[]) {
  return {
    id: r.id,
    authorId: r.author_id,
    kind: r.kind,
    status: r.status,
    title: r.title,
    body: r.body,
    lang: r.lang,
    langs: r.langs,
    entities: JSON.parse(r.entities) as unknown,
    visibility: r.visibility,
    placeName: r.place_name,
    commentsEnabled: r.comments_enabled === 1,
    likeCount: r.like_count,
    collectCount: r.collect_count,
    commentCount: r.comment_count,
    viewCount: r.view_count,
    deletedAt: r.deleted_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
    tags,
    mediaIds,
  };
}

type Entity = { type: string; handle?: string };

/** A note's entities without the mentions of `handle`; null when it had none. */
export function withoutMentionOf(entitiesJson: string, handle: string): string | null {
  const e = JSON.parse(entitiesJson) as { title: Entity[]; body: Entity[] };
  const keep = (list: Entity[]) => list.filter((x) => !(x.type === 'mention' && x.handle?.toLowerCase() === handle));
  const next = { title: keep(e.title), body: keep(e.body) };
  return next.title.length === e.title.length && next.body.length === e.body.length ? null : JSON.stringify(next);
}

export function createNotesPersonalData(deps: NotesPersonalDeps): PersonalData {
  const store = new NotesPersonalStore(deps.db);
  const base = (deps.publicUrl ?? 'http://localhost').replace(/\/+$/, '');

  /** The person's notes a page at a time, with their tags and media (three queries a page). */
  async function* notePages(userId: string) {
    let after: string | null = null;
    for (;;) {
      const rows = await store.notesPage(userId, after, PAGE);
      if (rows.length === 0) return;
      const ids = rows.map((r) => r.id);
      const [tags, media] = await Promise.all([store.tagsOf(ids), store.mediaOf(ids)]);
      yield { rows, tags, media };
      if (rows.length < PAGE) return;
      after = ids[ids.length - 1] as string;
    }
  }

  async function* notesFile(userId: string) {
    for await (const { rows, tags, media } of notePages(userId)) {
      for (const r of rows) yield noteJson(r, tags.get(r.id) ?? [], media.get(r.id) ?? []);
    }
  }

  async function* marksFile(table: 'note_likes' | 'note_collects', userId: string) {
    let after: string | null = null;
    for (;;) {
      const rows = await store.marksPage(table, userId, after, PAGE);
      for (const r of rows) yield { noteId: r.note_id, userId: r.user_id, createdAt: r.created_at };
      if (rows.length < PAGE) return;
      after = (rows[rows.length - 1] as { note_id: string }).note_id;
    }
  }

  async function* viewsFile(userId: string) {
    let after: [string, string] | null = null;
    for (;;) {
      const rows = await store.viewsPage(userId, after, PAGE);
      for (const r of rows) yield { noteId: r.note_id, viewerKey: r.viewer_key, day: r.day };
      if (rows.length < PAGE) return;
      const last = rows[rows.length - 1] as { note_id: string; day: string };
      after = [last.note_id, last.day];
    }
  }

  /** outbox.json, written as it is read: the count comes last (JSON keys have no order), so nothing is read twice. */
  async function* outbox(userId: string): AsyncGenerator<string> {
    const handle = deps.handleOf ? await deps.handleOf(userId) : null;
    const actor = handle ? `${base}/u/${encodeURIComponent(handle)}` : null;
    yield `{"@context":${JSON.stringify(AS_CONTEXT)},"id":${JSON.stringify(actor ? `${actor}/outbox` : `${base}/outbox`)},"type":"OrderedCollection","orderedItems":[`;
    let total = 0;
    for await (const { rows, tags, media } of notePages(userId)) {
      const live = rows.filter((r) => r.deleted_at === null);
      const views = await deps.mediaViews(live.flatMap((r) => media.get(r.id) ?? []));
      for (const row of live) {
        const attachments: OutboxAttachment[] = (media.get(row.id) ?? []).flatMap((m) => {
          const v = views.get(m);
          const path = v ? archivePathOfView(v) : null;
          if (!v || !path) return [];
          const ext = path.slice(path.lastIndexOf('.'));
          return [{ kind: v.kind, path, mediaType: MEDIA_TYPES[ext] ?? 'application/octet-stream', width: v.width, height: v.height }];
        });
        yield `${total > 0 ? ',' : ''}\n${JSON.stringify(createActivity(base, actor, { row, tags: tags.get(row.id) ?? [], attachments }))}`;
        total += 1;
      }
    }
    yield `\n],"totalItems":${total}}\n`;
  }

  /** One batch in one transaction (the guard sees every query go through it). */
  const unit = <T>(fn: (s: NotesPersonalStore) => Promise<T>): Promise<T> =>
    deps.db.transaction().execute((trx) => insideTransaction(() => fn(new NotesPersonalStore(trx))));

  return {
    module: 'notes',
    tables: {
      notes: { kind: 'personal', owner: ['author_id'] },
      note_likes: { kind: 'personal', owner: ['user_id'] },
      note_collects: { kind: 'personal', owner: ['user_id'] },
      // A signed-in viewer's key is their user id (an anonymous one a salted hash of nobody in particular).
      note_views: { kind: 'personal', owner: ['viewer_key'] },
      // A note's ordered media, owned through the note: exported in notes.json as `mediaIds`.
      note_media: { kind: 'personal', owner: [] },
      // The hashtags of a note's text, re-derived from its entities; exported in notes.json as `tags`.
      note_tags: { kind: 'derived' },
    },
    files: {
      'notes/notes.json':
        'Every note you wrote (deleted ones included, as stored): title, full text, entities, visibility, place, languages, counts, status, timestamps, hashtags and the ids of its photos or video in order.',
      'notes/likes.json': 'The notes you liked, with when.',
      'notes/collects.json': 'The notes you collected into a board, with when (which boards: boards/boards.json).',
      'notes/views.json': 'The notes counted as viewed by you in the last day or two (older views are kept only as counts).',
      'outbox.json': 'Your notes as an ActivityStreams 2.0 outbox (as Mastodon exports it); attachments point at the files in media/.',
    },

    async export(userId: string, out: ArchiveWriter): Promise<void> {
      await out.json('notes/notes.json', notesFile(userId));
      await out.json('notes/likes.json', marksFile('note_likes', userId));
      await out.json('notes/collects.json', marksFile('note_collects', userId));
      await out.json('notes/views.json', viewsFile(userId));
      await out.file('outbox.json', async () => Readable.from(outbox(userId)));
    },

    async erase(userId: string): Promise<void> {
      // Their notes, with whatever hangs on them (anyone's likes, collects and views go with the note).
      for (;;) {
        const batch = await store.authoredBatch(userId, PAGE);
        if (batch.length === 0) break;
        await unit((s) => s.deleteNotes(batch.map((b) => b.id)));
        for (const b of batch) {
          // Past every version the note had: no process keeps (or loads back) its text.
          await deps.hydrator.cores.invalidate(b.id, b.version + 1);
          deps.hydrator.counts.forget(b.id);
        }
        if (batch.length < PAGE) break;
      }
      // Their likes and collects of other people's notes, each note's count moved with the row.
      for (const table of ['note_likes', 'note_collects'] as const) {
        for (;;) {
          const moved = await unit((s) => s.dropMarks(table, userId, PAGE));
          for (const noteId of moved) {
            deps.hydrator.counts.forget(noteId);
            await deps.hydrator.markChanged(userId, noteId);
          }
          if (moved.length < PAGE) break;
        }
      }
      for (;;) {
        const n = await unit((s) => s.dropViews(userId, PAGE));
        if (n === 0) break;
      }
      // @mentions of them in others' notes: the words stay, the link to them goes.
      const handle = deps.handleOf ? ((await deps.handleOf(userId))?.toLowerCase() ?? null) : null;
      if (handle) {
        let after: string | null = null;
        for (;;) {
          const rows = await store.mayMention(handle, after, PAGE);
          for (const r of rows) {
            const next = withoutMentionOf(r.entities, handle);
            if (next === null) continue;
            const version = await store.setEntities(r.id, next);
            if (version !== undefined) await deps.hydrator.cores.invalidate(r.id, version);
          }
          if (rows.length < PAGE) break;
          after = rows[rows.length - 1]?.id ?? null;
        }
      }
    },
  };
}

/** Ids of every note the person wrote (deleted ones too, until erased), a page at a time in id order. */
export async function* authoredNoteIds(db: Kysely<NotesTables>, userId: string): AsyncGenerator<string[]> {
  const store = new NotesPersonalStore(db);
  let after: string | null = null;
  for (;;) {
    const ids = await store.authoredIds(userId, after, PAGE);
    if (ids.length > 0) yield ids;
    if (ids.length < PAGE) return;
    after = ids[ids.length - 1] as string;
  }
}
