// The rules of notes: writing, reading through one visibility choke point, likes and views.
// Reads are a pipeline: skeleton (ids) → hydrate (batched) → rules (who may see) → present.

import type { PageOf } from '../../../shared/api/common.ts';
import type { CreateNoteBody, Note, UpdateNoteBody } from '../../../shared/api/notes.ts';
import { weightedLength } from '../../../shared/text/weighted-length.ts';
import type { Config } from '../../config.ts';
import { type FieldError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor, newId, nowIso, sha256 } from '../../platform/ids.ts';
import type { AccountsService } from '../accounts/service.ts';
import type { MediaPort, NotifyPort } from './ports.ts';
import type { NotesStore } from './store.ts';
import type { NoteRow } from './tables.ts';
import { detectLanguage, type Entity, normalizeTag, scanText, toEntities } from './text.ts';

export interface Viewer {
  userId: string | null;
  /** for anonymous view counting: address and user agent, hashed with a secret salt */
  ip?: string | null;
  userAgent?: string | null;
}

/** The minimum other modules need to decide about a note (comments, boards, notifications, media). */
export interface NoteAccess {
  id: string;
  authorId: string;
  visibility: NoteRow['visibility'];
  commentsEnabled: boolean;
  status: NoteRow['status'];
}

const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/gu;

const VIEWS_SEEN_MAX = 100_000;

export class NotesService {
  private readonly viewsSeen = new Set<string>();

  constructor(
    private readonly store: NotesStore,
    private readonly accounts: AccountsService,
    private readonly media: MediaPort,
    private readonly notifier: NotifyPort,
    private readonly limits: Config['notes'],
    private readonly viewSalt: string,
  ) {}

  // ---- writing

  async create(authorId: string, input: CreateNoteBody): Promise<Note> {
    const title = input.title.replace(CONTROL, '').trim();
    const body = input.body.replace(CONTROL, '').trim();
    this.checkText(title, body);
    const errors: FieldError[] = [];
    if (input.mediaIds.length > this.limits.maxImages) {
      errors.push({ field: 'mediaIds', message: `at most ${this.limits.maxImages} photos a note` });
      throw new ValidationError(`A note holds at most ${this.limits.maxImages} photos.`, errors, 'too_many_media');
    }
    const media = await this.media.checkAttachable(authorId, input.mediaIds);
    const videos = media.filter((m) => m.kind === 'video');
    if (videos.length > 0 && media.length > 1) {
      throw new ValidationError('A note has photos or one video, not both.', [{ field: 'mediaIds', message: 'one video, or 1–18 photos' }], 'invalid_media');
    }
    const kind = videos.length === 1 ? 'video' : 'images';
    const processing = media.some((m) => m.status === 'processing');
    const author = await this.accounts.me(authorId);
    const { entities, tags, mentioned } = await this.parse(title, body);
    const now = nowIso();
    const row: NoteRow = {
      id: newId(),
      author_id: authorId,
      kind,
      status: processing ? 'processing' : 'published',
      title,
      body,
      lang: detectLanguage(`${title}\n${body}`, author.languages),
      entities: JSON.stringify(entities),
      visibility: input.visibility ?? 'public',
      place_name: input.placeName?.replace(CONTROL, '').trim() || null,
      comments_enabled: input.commentsEnabled === false ? 0 : 1,
      like_count: 0,
      collect_count: 0,
      comment_count: 0,
      view_count: 0,
      deleted_at: null,
      created_at: now,
      updated_at: now,
    };
    await this.store.transaction(async (tx, trx) => {
      await tx.insertNote(row, input.mediaIds, tags);
      await this.media.attach(input.mediaIds, row.id, trx);
    });
    if (row.status === 'published') await this.notifyMentions(row, mentioned);
    return (await this.present(authorId, [row]))[0]!;
  }

  async update(viewerId: string, id: string, patch: UpdateNoteBody): Promise<Note> {
    const row = await this.store.byId(id);
    if (!row || !(await this.canSee(viewerId, [row])).has(row.id)) throw new NotFoundError('No such note.');
    if (row.author_id !== viewerId) throw new ForbiddenError('Only the author can edit a note.', 'not_author');
    const title = patch.title !== undefined ? patch.title.replace(CONTROL, '').trim() : row.title;
    const body = patch.body !== undefined ? patch.body.replace(CONTROL, '').trim() : row.body;
    this.checkText(title, body);
    const set: Partial<NoteRow> = {};
    let mentioned: string[] = [];
    if (patch.title !== undefined || patch.body !== undefined) {
      const author = await this.accounts.me(viewerId);
      const parsed = await this.parse(title, body);
      const old = JSON.parse(row.entities) as { title: Entity[]; body: Entity[] };
      const before = new Set([...old.title, ...old.body].flatMap((e) => (e.type === 'mention' ? [e.handle] : [])));
      mentioned = parsed.mentioned.filter((m) => !before.has(m.handle)).map((m) => m.id);
      Object.assign(set, { title, body, entities: JSON.stringify(parsed.entities), lang: detectLanguage(`${title}\n${body}`, author.languages) });
      await this.store.transaction(async (tx) => {
        await tx.update(id, set);
        await tx.replaceTags(id, parsed.tags);
      });
    }
    const rest: Partial<NoteRow> = {};
    if (patch.visibility !== undefined) rest.visibility = patch.visibility;
    if (patch.placeName !== undefined) rest.place_name = patch.placeName?.replace(CONTROL, '').trim() || null;
    if (patch.commentsEnabled !== undefined) rest.comments_enabled = patch.commentsEnabled ? 1 : 0;
    if (Object.keys(rest).length > 0) await this.store.update(id, rest);
    const fresh = (await this.store.byId(id))!;
    if (mentioned.length > 0 && fresh.status === 'published')
      await this.notifyMentions(
        fresh,
        mentioned.map((uid) => ({ id: uid })),
      );
    return (await this.present(viewerId, [fresh]))[0]!;
  }

  async remove(viewerId: string, id: string): Promise<void> {
    const row = await this.store.byId(id);
    if (!row || !(await this.canSee(viewerId, [row])).has(row.id)) throw new NotFoundError('No such note.');
    if (row.author_id !== viewerId) throw new ForbiddenError('Only the author can delete a note.', 'not_author');
    await this.store.transaction(async (tx, trx) => {
      await tx.update(id, { deleted_at: nowIso() });
      await this.media.scheduleDelete(id, trx);
    });
  }

  /** Called when a video's transcode finishes: the note goes live. */
  async mediaReady(noteId: string): Promise<void> {
    const row = await this.store.byId(noteId);
    if (!row || row.status === 'published') return;
    const views = await this.media.views((await this.store.mediaOf([noteId])).get(noteId) ?? []);
    if ([...views.values()].some((m) => m.status !== 'ready')) return;
    await this.store.update(noteId, { status: 'published' });
    const entities = JSON.parse(row.entities) as { title: Entity[]; body: Entity[] };
    const handles = [...entities.title, ...entities.body].flatMap((e) => (e.type === 'mention' ? [e.handle] : []));
    const ids = await this.accounts.idsByHandles(handles);
    await this.notifyMentions(
      { ...row, status: 'published' },
      [...ids.values()].map((id) => ({ id })),
    );
  }

  // ---- likes and views

  async setLike(viewerId: string, id: string, on: boolean): Promise<void> {
    const note = await this.requireVisible(viewerId, id);
    const changed = await this.store.transaction(async (tx) => {
      const c = await tx.setMark('note_likes', id, viewerId, on);
      if (c) await tx.bump(id, 'like_count', on ? 1 : -1);
      return c;
    });
    if (changed && on) await this.notifier.notify({ recipientId: note.authorId, kind: 'like', actorId: viewerId, subjectId: id });
  }

  /** Boards call this when a person's first board takes the note (on) or their last lets it go (off). */
  async setCollected(viewerId: string, id: string, on: boolean): Promise<void> {
    const note = on ? await this.requireVisible(viewerId, id) : null;
    const changed = await this.store.transaction(async (tx) => {
      const c = await tx.setMark('note_collects', id, viewerId, on);
      if (c) await tx.bump(id, 'collect_count', on ? 1 : -1);
      return c;
    });
    if (changed && note) await this.notifier.notify({ recipientId: note.authorId, kind: 'collect', actorId: viewerId, subjectId: id });
  }

  async bumpComments(id: string, by: number): Promise<void> {
    await this.store.bump(id, 'comment_count', by);
  }

  // ---- reading

  async get(viewer: Viewer, id: string): Promise<Note> {
    const row = await this.store.byId(id);
    if (!row || !(await this.canSee(viewer.userId, [row])).has(row.id)) throw new NotFoundError('No such note.');
    if (row.status === 'published' && (await this.recordView(row.id, viewer))) row.view_count += 1;
    return (await this.present(viewer.userId, [row]))[0]!;
  }

  async byAuthor(viewerId: string | null, handle: string, cursor: string | undefined, limit: number): Promise<PageOf<Note>> {
    const authorId = await this.accounts.idByHandle(handle);
    let visibilities: NoteRow['visibility'][] = ['public'];
    if (viewerId === authorId) visibilities = ['public', 'followers', 'only_me'];
    else if (viewerId) {
      const rel = await this.accounts.relations(viewerId, [authorId]);
      if (rel.blocked.has(authorId)) throw new NotFoundError(`No one is called @${handle.toLowerCase()}.`);
      if (rel.following.has(authorId)) visibilities = ['public', 'followers'];
    }
    const rows = await this.store.byAuthor(authorId, visibilities, viewerId === authorId, decodeCursor(cursor), limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: await this.present(viewerId, page), nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
  }

  /** Notes the person liked, that the viewer may see. (Collects are listed by boards, which know which are private.) */
  async likesOf(viewerId: string | null, handle: string, cursor: string | undefined, limit: number): Promise<PageOf<Note>> {
    const userId = await this.accounts.idByHandle(handle);
    if (viewerId && viewerId !== userId && (await this.accounts.relations(viewerId, [userId])).blocked.has(userId)) {
      throw new NotFoundError(`No one is called @${handle.toLowerCase()}.`);
    }
    const marks = await this.store.markedPage('note_likes', userId, decodeCursor(cursor), limit + 1);
    const page = marks.slice(0, limit);
    const last = page[page.length - 1];
    const notes = await this.presentIds(
      viewerId,
      page.map((m) => m.note_id),
    );
    return { items: notes, nextCursor: marks.length > limit && last ? encodeCursor(`${last.created_at}|${last.note_id}`) : null };
  }

  /** The visible notes among `ids`, presented, in the order given (used by boards, feeds, search). */
  async presentIds(viewerId: string | null, ids: readonly string[]): Promise<Note[]> {
    const rows = await this.store.byIds(ids);
    const visible = await this.canSee(viewerId, rows);
    const byId = new Map(rows.filter((r) => visible.has(r.id)).map((r) => [r.id, r]));
    return this.present(
      viewerId,
      ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])),
    );
  }

  /** Titles and covers of the notes the viewer may see (notifications show what they are about). */
  async subjects(
    viewerId: string,
    ids: readonly string[],
  ): Promise<Map<string, { id: string; title: string; cover: { url: string; placeholder: string | null } | null }>> {
    const rows = await this.store.byIds(ids);
    const visible = await this.canSee(viewerId, rows);
    const shown = rows.filter((r) => visible.has(r.id));
    const mediaOf = await this.store.mediaOf(shown.map((r) => r.id));
    const firsts = shown.flatMap((r) => mediaOf.get(r.id)?.slice(0, 1) ?? []);
    const media = await this.media.views(firsts);
    return new Map(
      shown.map((r) => {
        const m = media.get(mediaOf.get(r.id)?.[0] ?? '');
        const url = m ? (m.urls['360'] ?? m.urls.poster ?? m.urls.original) : undefined;
        return [r.id, { id: r.id, title: r.title || r.body.slice(0, 40), cover: url ? { url, placeholder: m?.placeholder ?? null } : null }];
      }),
    );
  }

  // ---- access: the one choke point for who may see a note

  async requireVisible(viewerId: string | null, id: string): Promise<NoteAccess> {
    const row = await this.store.byId(id);
    if (!row || !(await this.canSee(viewerId, [row])).has(row.id)) throw new NotFoundError('No such note.');
    return this.access(row);
  }

  async visibleIds(viewerId: string | null, ids: readonly string[]): Promise<Set<string>> {
    return this.canSee(viewerId, await this.store.byIds(ids));
  }

  /** May the viewer see the note this media belongs to? (media URLs of non-public notes) */
  async canSeeMediaOf(viewerId: string | null, noteId: string): Promise<{ visible: boolean; public: boolean }> {
    const row = await this.store.byId(noteId);
    if (!row) return { visible: false, public: false };
    const visible = (await this.canSee(viewerId, [row])).has(row.id);
    return { visible, public: row.visibility === 'public' && row.status === 'published' };
  }

  private async canSee(viewerId: string | null, rows: readonly NoteRow[]): Promise<Set<string>> {
    const authors = [...new Set(rows.map((r) => r.author_id))].filter((a) => a !== viewerId);
    const rel = viewerId && authors.length > 0 ? await this.accounts.relations(viewerId, authors) : null;
    const out = new Set<string>();
    for (const r of rows) {
      if (r.deleted_at) continue;
      if (viewerId && r.author_id === viewerId) {
        out.add(r.id);
        continue;
      }
      if (r.status !== 'published' || rel?.blocked.has(r.author_id)) continue;
      if (r.visibility === 'public' || (r.visibility === 'followers' && rel?.following.has(r.author_id))) out.add(r.id);
    }
    return out;
  }

  private access(row: NoteRow): NoteAccess {
    return { id: row.id, authorId: row.author_id, visibility: row.visibility, commentsEnabled: row.comments_enabled === 1, status: row.status };
  }

  // ---- presenting (batched: one query a kind of thing, whatever the page size)

  private async present(viewerId: string | null, rows: readonly NoteRow[]): Promise<Note[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [authors, mediaOf, liked, collected] = await Promise.all([
      this.accounts.summaries(rows.map((r) => r.author_id)),
      this.store.mediaOf(ids),
      viewerId ? this.store.marked('note_likes', viewerId, ids) : Promise.resolve(new Set<string>()),
      viewerId ? this.store.marked('note_collects', viewerId, ids) : Promise.resolve(new Set<string>()),
    ]);
    const media = await this.media.views([...mediaOf.values()].flat());
    return rows.map((r) => {
      const a = authors.get(r.author_id);
      const entities = JSON.parse(r.entities) as { title: Entity[]; body: Entity[] };
      return {
        id: r.id,
        author: { handle: a?.handle ?? 'unknown', displayName: a?.displayName ?? '', avatar: a?.avatar ?? null },
        kind: r.kind,
        status: r.status,
        title: r.title,
        body: r.body,
        lang: r.lang,
        entities,
        tags: [...new Set([...entities.title, ...entities.body].flatMap((e) => (e.type === 'hashtag' ? [e.tag] : [])))],
        media: (mediaOf.get(r.id) ?? []).flatMap((m) => (media.has(m) ? [media.get(m)!] : [])),
        visibility: r.visibility,
        placeName: r.place_name,
        commentsEnabled: r.comments_enabled === 1,
        counts: { likes: r.like_count, collects: r.collect_count, comments: r.comment_count, views: r.view_count },
        viewer: { liked: liked.has(r.id), collected: collected.has(r.id), isAuthor: viewerId === r.author_id },
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      };
    });
  }

  // ---- helpers

  private checkText(title: string, body: string): void {
    const errors: FieldError[] = [];
    const t = weightedLength(title);
    const b = weightedLength(body);
    if (t > this.limits.maxTitleUnits)
      errors.push({ field: 'title', message: `is ${t} units long; the limit is ${this.limits.maxTitleUnits} (a Chinese character counts 2)` });
    if (b > this.limits.maxBodyUnits)
      errors.push({ field: 'body', message: `is ${b} units long; the limit is ${this.limits.maxBodyUnits} (a Chinese character counts 2)` });
    if (title.length === 0 && body.length === 0) errors.push({ field: 'title', message: 'a note needs a title or some text' });
    if (errors.length > 0) throw new ValidationError('The note text is not valid.', errors, 'text_too_long');
  }

  private async parse(title: string, body: string) {
    const t = scanText(title);
    const b = scanText(body);
    const handles = [...t.mentions, ...b.mentions].map((m) => m.handle);
    const ids = await this.accounts.idsByHandles(handles);
    const known = new Set(ids.keys());
    const entities = { title: toEntities(t, known), body: toEntities(b, known) };
    const tags = [...t.hashtags, ...b.hashtags].map((h) => h.tag);
    const mentioned = [...new Set(handles.filter((h) => known.has(h)))].map((h) => ({ handle: h, id: ids.get(h)! }));
    return { entities, tags, mentioned };
  }

  private async notifyMentions(row: NoteRow, mentioned: Array<{ id: string }>): Promise<void> {
    if (row.visibility === 'only_me') return;
    const visible = await Promise.all(mentioned.map(async (m) => ((await this.canSee(m.id, [row])).has(row.id) ? m.id : null)));
    for (const id of visible)
      if (id && id !== row.author_id) await this.notifier.notify({ recipientId: id, kind: 'mention', actorId: row.author_id, subjectId: row.id });
  }

  private async recordView(noteId: string, viewer: Viewer): Promise<boolean> {
    const day = new Date().toISOString().slice(0, 10);
    const key = viewer.userId ?? `anon:${sha256(`${this.viewSalt}|${day}|${viewer.ip ?? ''}|${viewer.userAgent ?? ''}`).slice(0, 32)}`;
    // A hot note is re-read by the same people all day: remember whose view today is already
    // stored, so a repeat read costs no write. (Another process without the memory falls back to
    // the database's insert-or-ignore, so the count stays exact.)
    const seenKey = `${noteId}|${key}|${day}`;
    if (this.viewsSeen.has(seenKey)) return false;
    const first = await this.store.transaction(async (tx) => {
      const added = await tx.addView(noteId, key, day);
      if (added) await tx.bump(noteId, 'view_count', 1);
      return added;
    });
    if (this.viewsSeen.size >= VIEWS_SEEN_MAX) this.viewsSeen.delete(this.viewsSeen.values().next().value as string);
    this.viewsSeen.add(seenKey);
    return first;
  }

  // ---- public lists: everyone's newest notes, and a tag's (through presentIds, the visibility choke point)

  /** The newest public notes of everyone, newest first (the home page's waterfall). */
  async recent(viewerId: string | null, cursor: string | undefined, limit: number): Promise<PageOf<Note>> {
    const ids = await this.store.recentPublicIds(decodeCursor(cursor), limit + 1);
    return this.pageOfIds(viewerId, ids, limit);
  }

  /** The newest public notes carrying a #tag, newest first. The tag is matched as stored: NFKC, lower-case. */
  async tagged(viewerId: string | null, rawTag: string, cursor: string | undefined, limit: number): Promise<PageOf<Note>> {
    if (!TAG.test(rawTag)) {
      throw new ValidationError(
        'A tag is 1–50 letters, digits or underscores, in any script, without the "#".',
        [{ field: 'tag', message: 'must be 1–50 letters, marks, digits or _' }],
        'invalid_tag',
      );
    }
    const ids = await this.store.taggedPublicIds(normalizeTag(rawTag), decodeCursor(cursor), limit + 1);
    return this.pageOfIds(viewerId, ids, limit);
  }

  /** A page from a skeleton of `limit + 1` ids: what the reader may see of the first `limit`, and the cursor after them. */
  private async pageOfIds(viewerId: string | null, ids: readonly string[], limit: number): Promise<PageOf<Note>> {
    const page = ids.slice(0, limit);
    const last = page[page.length - 1];
    return { items: await this.presentIds(viewerId, page), nextCursor: ids.length > limit && last ? encodeCursor(last) : null };
  }
}

/** A tag as the text parser finds one (notes/text.ts): 1–50 letters, marks, digits and _ of any script. */
const TAG = /^[\p{L}\p{M}\p{N}_]{1,50}$/u;
