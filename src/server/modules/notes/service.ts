// The rules of writing notes: posting, editing, deleting, likes, and the counts other modules move
// inside their own transactions (collects, comments). Every change is written with its domain
// event; the read side is the shared pipeline in ./read/.

import type { Kysely } from 'kysely';
import type { PageOf } from '../../../shared/api/common.ts';
import type { CreateNoteBody, Note, NoteCard, UpdateNoteBody } from '../../../shared/api/notes.ts';
import { TAG } from '../../../shared/rules/tags.ts';
import { cleanLine, cleanMultiline } from '../../../shared/text/clean.ts';
import { weightedLength } from '../../../shared/text/weighted-length.ts';
import type { Config } from '../../config.ts';
import type { AnyDb } from '../../platform/db/index.ts';
import { type FieldError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { EventBus } from '../../platform/events/index.ts';
import { newId, nowIso } from '../../platform/ids.ts';
import { allowAll, type ContentPolicy } from '../../platform/policy.ts';
import { decodeCursor, pageOf } from '../../platform/routes.ts';
import type { AccountsService } from '../accounts/index.ts';
import './events.ts';
import { languageColumns } from '../language/detect.ts';
import { authoredNoteIds } from './personal-data.ts';
import type { Hydrator, NoteCore } from './read/hydrate.ts';
import { accessOf, type NoteAccess, type NotesReader } from './read/reader.ts';
import { NotesStore } from './store.ts';
import type { NoteRow, NotesTables } from './tables.ts';
import { type Entity, normalizeTag, scanText, toEntities } from './text.ts';
import type { ViewCounter, Viewer } from './views.ts';

/** What notes needs of the media module. */
export interface NotesMedia {
  /** Throws a 400 unless every id is the owner's own unattached, usable note media; rows in the given order. */
  checkAttachable(ownerId: string, ids: readonly string[]): Promise<Array<{ id: string; kind: 'image' | 'video'; status: string }>>;
  attach(ids: readonly string[], noteId: string, trx: AnyDb): Promise<void>;
  scheduleDelete(noteId: string, trx: AnyDb): Promise<void>;
  /** Tries a failed video again; false when there is nothing to retry. */
  retry(ownerId: string, mediaId: string, trx: AnyDb): Promise<boolean>;
}

export type NotesAccounts = Pick<AccountsService, 'me' | 'idsByHandles' | 'visibleId' | 'relations'>;

/** What a caller wants to do with a note; `requireAccess` decides whether they may. */
export type NoteAction = 'view' | 'like' | 'collect' | 'comment' | 'edit' | 'delete' | 'unlike' | 'uncollect';

const notFound = () => new NotFoundError('No such note.');

export interface NotesServiceDeps {
  db: Kysely<NotesTables>;
  events: EventBus;
  reader: NotesReader;
  hydrator: Hydrator;
  views: ViewCounter;
  accounts: NotesAccounts;
  media: NotesMedia;
  limits: Config['notes'];
  /** the content policy (word lists, waves, probation, suspensions); none: everything allowed */
  policy?: ContentPolicy;
}

export class NotesService {
  readonly reader: NotesReader;
  private readonly db: Kysely<NotesTables>;
  private readonly store: NotesStore;
  private readonly events: EventBus;
  private readonly hydrator: Hydrator;
  private readonly views: ViewCounter;
  private readonly accounts: NotesAccounts;
  private readonly media: NotesMedia;
  private readonly limits: Config['notes'];
  private readonly policy: ContentPolicy;

  constructor(deps: NotesServiceDeps) {
    ({
      db: this.db,
      events: this.events,
      reader: this.reader,
      hydrator: this.hydrator,
      views: this.views,
      accounts: this.accounts,
      media: this.media,
      limits: this.limits,
    } = deps);
    this.store = new NotesStore(deps.db);
    this.policy = deps.policy ?? allowAll;
  }

  // ---- access: one check before every write that names a note

  /**
   * May `viewerId` do `action` to the note? Seeing it by its link is needed for anything but undoing
   * one's own like or collect (which stays possible after a block, or after the note went private);
   * editing and deleting are its author's alone. A note one may not see does not exist (404).
   */
  async requireAccess(viewerId: string | null, action: NoteAction, id: string): Promise<NoteAccess> {
    if (action === 'unlike' || action === 'uncollect') {
      const core = (await this.hydrator.cores.getMany([id])).get(id);
      if (!core) throw notFound();
      return accessOf(core);
    }
    const note = await this.reader.access(viewerId, id);
    if (!note) throw notFound();
    if ((action === 'edit' || action === 'delete') && note.authorId !== viewerId) {
      throw new ForbiddenError(`Only the author can ${action} a note.`, 'not_author');
    }
    return note;
  }

  // ---- writing

  async create(authorId: string, input: CreateNoteBody): Promise<Note> {
    const title = cleanLine(input.title);
    const body = cleanMultiline(input.body);
    this.checkText(title, body);
    if (input.mediaIds.length > this.limits.maxImages) {
      throw new ValidationError(
        `A note holds at most ${this.limits.maxImages} photos.`,
        [{ field: 'mediaIds', message: `at most ${this.limits.maxImages} photos a note` }],
        'too_many_media',
      );
    }
    const media = await this.media.checkAttachable(authorId, input.mediaIds);
    const videos = media.filter((m) => m.kind === 'video');
    if (videos.length > 0 && media.length > 1) {
      throw new ValidationError('A note has photos or one video, not both.', [{ field: 'mediaIds', message: 'one video, or 1–18 photos' }], 'invalid_media');
    }
    const processing = media.some((m) => m.status === 'processing');
    const author = await this.accounts.me(authorId);
    const { entities, tags, mentioned } = await this.parse(title, body);
    const id = newId();
    // Screened before anything is written: a refusal loses nothing; a hold is in place before the note is.
    await this.policy.screen({
      kind: 'note',
      authorId,
      targetId: id,
      fields: [
        { name: 'title', text: title },
        { name: 'body', text: body },
      ],
      isNew: true,
      mediaIds: input.mediaIds,
    });
    const now = nowIso();
    const row: NoteRow = {
      id,
      author_id: authorId,
      kind: videos.length === 1 ? 'video' : 'images',
      status: processing ? 'processing' : 'published',
      title,
      body,
      ...languageColumns(`${title}\n${body}`, author.languages),
      entities: JSON.stringify(entities),
      visibility: input.visibility ?? 'public',
      place_name: input.placeName ? cleanLine(input.placeName) || null : null,
      comments_enabled: input.commentsEnabled === false ? 0 : 1,
      like_count: 0,
      collect_count: 0,
      comment_count: 0,
      view_count: 0,
      deleted_at: null,
      created_at: now,
      updated_at: now,
      version: 1,
    };
    await this.events.transaction(this.db, async (tx) => {
      await this.store.within(tx.db).insertNote(row, input.mediaIds, tags);
      await this.media.attach(input.mediaIds, row.id, tx.db);
      await tx.emit('note.created', { noteId: row.id, authorId, visibility: row.visibility, status: row.status, mentioned: mentioned.map((m) => m.id) });
    });
    return this.reader.note(authorId, row.id);
  }

  async update(viewerId: string, id: string, patch: UpdateNoteBody): Promise<Note> {
    await this.requireAccess(viewerId, 'edit', id);
    const row = await this.store.byId(id);
    if (!row) throw notFound();
    const title = patch.title !== undefined ? cleanLine(patch.title) : row.title;
    const body = patch.body !== undefined ? cleanMultiline(patch.body) : row.body;
    this.checkText(title, body);
    const set: Partial<NoteRow> = {};
    const fields: string[] = [];
    let mentioned: string[] = [];
    let tags: string[] | null = null;
    if (patch.title !== undefined || patch.body !== undefined) {
      await this.policy.screen({
        kind: 'note',
        authorId: viewerId,
        targetId: id,
        fields: [...(patch.title !== undefined ? [{ name: 'title', text: title }] : []), ...(patch.body !== undefined ? [{ name: 'body', text: body }] : [])],
        isNew: false,
      });
      const author = await this.accounts.me(viewerId);
      const parsed = await this.parse(title, body);
      const old = JSON.parse(row.entities) as { title: Entity[]; body: Entity[] };
      const before = new Set([...old.title, ...old.body].flatMap((e) => (e.type === 'mention' ? [e.handle] : [])));
      mentioned = parsed.mentioned.filter((m) => !before.has(m.handle)).map((m) => m.id);
      Object.assign(set, { title, body, entities: JSON.stringify(parsed.entities), ...languageColumns(`${title}\n${body}`, author.languages) });
      tags = parsed.tags;
      if (patch.title !== undefined) fields.push('title');
      if (patch.body !== undefined) fields.push('body');
    }
    if (patch.placeName !== undefined) {
      set.place_name = patch.placeName ? cleanLine(patch.placeName) || null : null;
      fields.push('placeName');
    }
    if (patch.commentsEnabled !== undefined) {
      set.comments_enabled = patch.commentsEnabled ? 1 : 0;
      fields.push('commentsEnabled');
    }
    const visibilityChanged = patch.visibility !== undefined && patch.visibility !== row.visibility;
    if (visibilityChanged) set.visibility = patch.visibility;
    if (fields.length > 0 || visibilityChanged) {
      // One transaction: the text, its tags, the version and the events commit together or not at all.
      await this.events.transaction(this.db, async (tx) => {
        const store = this.store.within(tx.db);
        const version = await store.update(id, set);
        if (version === undefined) throw notFound();
        if (tags) await store.replaceTags(id, tags);
        const base = { noteId: id, authorId: row.author_id, version };
        if (fields.length > 0) await tx.emit('note.edited', { ...base, fields, mentioned: row.status === 'published' ? mentioned : [] });
        if (visibilityChanged && patch.visibility) await tx.emit('note.visibility_changed', { ...base, from: row.visibility, to: patch.visibility });
      });
    }
    return this.reader.note(viewerId, id);
  }

  async remove(viewerId: string, id: string): Promise<void> {
    const note = await this.requireAccess(viewerId, 'delete', id);
    await this.events.transaction(this.db, async (tx) => {
      const version = await this.store.within(tx.db).update(id, { deleted_at: nowIso() });
      if (version === undefined) return; // deleted meanwhile: nothing more to do
      await this.media.scheduleDelete(id, tx.db);
      await tx.emit('note.deleted', { noteId: id, authorId: note.authorId, version });
    });
  }

  /** Tries a failed video note again: its video goes back to processing, the note with it. */
  async retry(viewerId: string, id: string): Promise<Note> {
    await this.requireAccess(viewerId, 'edit', id);
    const row = await this.store.byId(id);
    if (row?.status !== 'failed') throw new ValidationError('Only a note whose video failed can be tried again.', undefined, 'not_failed');
    const mediaIds = (await this.store.mediaOf([id])).get(id) ?? [];
    await this.events.transaction(this.db, async (tx) => {
      for (const m of mediaIds) await this.media.retry(viewerId, m, tx.db);
      const version = await this.store.within(tx.db).update(id, { status: 'processing' });
      if (version !== undefined) await tx.emit('note.edited', { noteId: id, authorId: row.author_id, version, fields: ['status'], mentioned: [] });
    });
    return this.reader.note(viewerId, id);
  }

  // ---- what media tells us (subscribed to its events)

  /** A video finished transcoding: its note goes live, and the people it mentions are told. Idempotent. */
  async mediaReady(noteId: string): Promise<void> {
    const row = await this.store.byId(noteId);
    if (!row || row.status === 'published') return;
    const mentioned = await this.mentionedIds(row);
    await this.events.transaction(this.db, async (tx) => {
      const version = await this.store.within(tx.db).update(noteId, { status: 'published' });
      if (version === undefined) return;
      await tx.emit('note.published', { noteId, authorId: row.author_id, version, mentioned });
    });
  }

  /** A video could not be processed: the note is marked failed; its author may retry or delete it. Idempotent. */
  async mediaFailed(noteId: string): Promise<void> {
    const row = await this.store.byId(noteId);
    if (row?.status !== 'processing') return;
    await this.events.transaction(this.db, async (tx) => {
      const version = await this.store.within(tx.db).update(noteId, { status: 'failed' });
      if (version !== undefined) await tx.emit('note.failed', { noteId, authorId: row.author_id, version });
    });
  }

  // ---- likes, collects, comments, views

  async setLike(viewerId: string, id: string, on: boolean): Promise<void> {
    const note = await this.requireAccess(viewerId, on ? 'like' : 'unlike', id);
    await this.events.transaction(this.db, async (tx) => {
      const store = this.store.within(tx.db);
      if (!(await store.setMark('note_likes', id, viewerId, on))) return;
      await store.bump(id, 'like_count', on ? 1 : -1);
      await tx.emit(on ? 'note.liked' : 'note.unliked', { noteId: id, authorId: note.authorId, userId: viewerId });
    });
    this.hydrator.counts.forget(id);
  }

  /**
   * The boards module calls this inside its own transaction when a person's first board takes the
   * note (on) or their last lets it go (off): the mark and the count commit with the board change.
   */
  async setCollected(trx: AnyDb, userId: string, id: string, on: boolean): Promise<boolean> {
    const store = new NotesStore(trx as Kysely<NotesTables>);
    if (!(await store.setMark('note_collects', id, userId, on))) return false;
    await store.bump(id, 'collect_count', on ? 1 : -1);
    this.hydrator.counts.forget(id);
    return true;
  }

  /** The comments module calls this inside its own transaction: the count commits with the comment. */
  async bumpComments(trx: AnyDb, id: string, by: number): Promise<void> {
    await new NotesStore(trx as Kysely<NotesTables>).bump(id, 'comment_count', by);
    this.hydrator.counts.forget(id);
  }

  /**
   * A note page read by `viewer`, as the JSON to send: counts a view (batched), then the note as they
   * may see it, serialised once for all readers who would see the same bytes.
   */
  async readJson(viewer: Viewer, id: string, serialize: (note: Note) => Buffer): Promise<Buffer> {
    const { status, json } = await this.reader.noteJson(viewer.userId, id, serialize);
    if (status === 'published') this.views.record(id, viewer);
    return json;
  }

  /** Writes the views counted so far (a graceful stop, tests). */
  flushViews(): Promise<void> {
    return this.views.flush();
  }

  // ---- lists: each a skeleton of ids, then the shared pipeline

  /** How many notes exist (a rebuild's progress is measured against it). */
  count(): Promise<number> {
    return this.store.countExisting();
  }

  /**
   * Ids of every note the person wrote, deleted ones too until erased: other modules forget what
   * hangs on them (comments under them, their place in other people's boards) when the person goes.
   */
  async authoredNoteIds(userId: string): Promise<string[]> {
    const out: string[] = [];
    for await (const page of authoredNoteIds(this.db, userId)) out.push(...page);
    return out;
  }

  /** Every note that exists, a batch at a time in id order (other modules' indexes are rebuilt from it). */
  idsAfter(afterId: string | null, limit: number): Promise<string[]> {
    return this.store.idsAfter(afterId, Math.min(Math.max(1, limit), 5000));
  }

  async byAuthor(viewerId: string | null, handle: string, cursor: string | undefined, limit: number): Promise<PageOf<NoteCard>> {
    const authorId = await this.accounts.visibleId(viewerId, handle);
    let visibilities: NoteRow['visibility'][] = ['public'];
    if (viewerId === authorId) visibilities = ['public', 'followers', 'only_me'];
    else if (viewerId && (await this.accounts.relations(viewerId, [authorId])).following.has(authorId)) visibilities = ['public', 'followers'];
    const before = decodeCursor(cursor, ['id']);
    const rows = await this.store.byAuthor(authorId, visibilities, viewerId === authorId, before?.[0] ?? null, limit + 1);
    // The author's own page is where one goes to see them: a mute does not empty it.
    return pageOf(
      rows,
      limit,
      (r) => [r.id],
      (page) =>
        this.reader.cards(
          viewerId,
          page.map((r) => r.id),
          'direct',
        ),
    );
  }

  /** Notes the person liked, that the reader may see. (Collects are listed by boards, which know which are private.) */
  async likesOf(viewerId: string | null, handle: string, cursor: string | undefined, limit: number): Promise<PageOf<NoteCard>> {
    const userId = await this.accounts.visibleId(viewerId, handle);
    const rows = await this.store.likedPage(userId, decodeCursor(cursor, ['time', 'id']), limit + 1);
    return pageOf(
      rows,
      limit,
      (r) => [r.created_at, r.note_id],
      (page) =>
        this.reader.cards(
          viewerId,
          page.map((r) => r.note_id),
        ),
    );
  }

  /** The newest public notes of everyone: the home page. */
  async recent(viewerId: string | null, cursor: string | undefined, limit: number): Promise<PageOf<NoteCard>> {
    const rows = await this.store.recentPublic(decodeCursor(cursor, ['id'])?.[0] ?? null, limit + 1);
    return pageOf(
      rows,
      limit,
      (r) => [r.id],
      (page) =>
        this.reader.cards(
          viewerId,
          page.map((r) => r.id),
          'discovery',
        ),
    );
  }

  /** The newest notes carrying a hashtag (stored normalised: NFKC, lower-case). */
  async byTag(viewerId: string | null, tag: string, cursor: string | undefined, limit: number): Promise<PageOf<NoteCard>> {
    const normal = normalizeTag(tag);
    if (!TAG.test(normal)) {
      throw new ValidationError(
        'That is not a hashtag.',
        [{ field: 'tag', message: '1–50 letters, marks, digits or _ of any script, without the "#"' }],
        'invalid_tag',
      );
    }
    const rows = await this.store.byTag(normal, decodeCursor(cursor, ['id'])?.[0] ?? null, limit + 1);
    return pageOf(
      rows,
      limit,
      (r) => [r.id],
      (page) =>
        this.reader.cards(
          viewerId,
          page.map((r) => r.id),
          'discovery',
        ),
    );
  }

  // ---- helpers

  private checkText(title: string, body: string): void {
    if (title.length === 0 && body.length === 0) {
      throw new ValidationError('A note needs a title or some text.', [{ field: 'title', message: 'a note needs a title or some text' }], 'empty_note');
    }
    const errors: FieldError[] = [];
    const t = weightedLength(title);
    const b = weightedLength(body);
    if (t > this.limits.maxTitleUnits)
      errors.push({ field: 'title', message: `is ${t} units long; the limit is ${this.limits.maxTitleUnits} (a Chinese character counts 2)` });
    if (b > this.limits.maxBodyUnits)
      errors.push({ field: 'body', message: `is ${b} units long; the limit is ${this.limits.maxBodyUnits} (a Chinese character counts 2)` });
    if (errors.length > 0) throw new ValidationError('The note text is too long.', errors, 'text_too_long');
  }

  private async parse(title: string, body: string) {
    const t = scanText(title);
    const b = scanText(body);
    const handles = [...t.mentions, ...b.mentions].map((m) => m.handle);
    const ids = await this.accounts.idsByHandles(handles);
    const known = new Set(ids.keys());
    const entities = { title: toEntities(t, known), body: toEntities(b, known) };
    const tags = [...t.hashtags, ...b.hashtags].map((h) => h.tag);
    const mentioned = [...new Set(handles.filter((h) => known.has(h)))].map((h) => ({ handle: h, id: ids.get(h) as string }));
    return { entities, tags, mentioned };
  }

  private async mentionedIds(row: Pick<NoteRow, 'entities'>): Promise<string[]> {
    const entities = JSON.parse(row.entities) as { title: Entity[]; body: Entity[] };
    const handles = [...entities.title, ...entities.body].flatMap((e) => (e.type === 'mention' ? [e.handle] : []));
    return [...(await this.accounts.idsByHandles(handles)).values()];
  }
}

export type { NoteAccess, NoteCore };
