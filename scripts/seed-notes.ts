// Applies the demo plan (seed-plan.ts) through Biji's own services, adding only what is missing:
// a note is known by its author and title, a comment by its note, author and words, a board by
// its owner and name; likes and collects are idempotent in the services themselves. So a second
// run reads a little and writes nothing. Photos are drawn and ingested two at a time.
import type { AppContext } from '../src/server/app.ts';
import { AppError } from '../src/server/platform/errors.ts';
import type { Note } from '../src/shared/api/notes.ts';
import { renderImage } from './seed-images.ts';
import { ingestDrawn } from './seed-media.ts';
import type { PlannedNote, SeedPlan } from './seed-plan.ts';

const PAGE = 50;

export interface NotesSummary {
  notes: { created: number; there: number; skipped: number };
  photos: number;
  boards: { created: number; there: number };
  comments: { created: number; there: number; skipped: number };
  /** how many the notes' own counts grew by in this run */
  added: { likes: number; collects: number; commentLikes: number };
  seconds: { notes: number; comments: number; likesAndCollects: number };
}

export interface NotesOptions {
  /** handle → user id of the people the seed may act for (others' planned actions are skipped) */
  ids: ReadonlyMap<string, string>;
  workDir: string;
  /** notes being drawn and ingested at once */
  concurrency: number;
  progress?: (line: string) => void;
}

/** A service refusing because the actor may not see the note (the data and the database disagree). */
const refused = (err: unknown): boolean => err instanceof AppError && (err.status === 404 || err.status === 403);

async function pages<T>(get: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 1000; i++) {
    const page = await get(cursor);
    out.push(...page.items);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return out;
}

async function runPool(n: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < n; i = next++) await task(i);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, lane));
}

export async function seedNotes(ctx: AppContext, plan: SeedPlan, opts: NotesOptions): Promise<NotesSummary> {
  const say = opts.progress ?? (() => {});
  const s: NotesSummary = {
    notes: { created: 0, there: 0, skipped: 0 },
    photos: 0,
    boards: { created: 0, there: 0 },
    comments: { created: 0, there: 0, skipped: 0 },
    added: { likes: 0, collects: 0, commentLikes: 0 },
    seconds: { notes: 0, comments: 0, likesAndCollects: 0 },
  };
  const { ids } = opts;
  const clock = () => performance.now() / 1000;

  // ---- boards (by owner and name)
  const boardIds = new Map<string, string>(); // `${owner}|${name}` → id
  for (const handle of new Set(plan.boards.map((b) => b.owner))) {
    const owner = ids.get(handle);
    if (!owner) continue;
    for (const b of await pages((c) => ctx.boards.service.listOf(owner, handle, c, PAGE))) boardIds.set(`${handle}|${b.name}`, b.id);
  }
  for (const b of plan.boards) {
    const owner = ids.get(b.owner);
    if (!owner) continue;
    if (boardIds.has(`${b.owner}|${b.name}`)) {
      s.boards.there += 1;
      continue;
    }
    boardIds.set(`${b.owner}|${b.name}`, (await ctx.boards.service.create(owner, { name: b.name, visibility: b.visibility })).id);
    s.boards.created += 1;
  }

  // ---- notes (by author and title)
  let t0 = clock();
  const noteIds = new Map<PlannedNote, string>();
  const existing = new Map<string, string>(); // `${author}|${title}` → id
  for (const handle of new Set(plan.notes.map((n) => n.author))) {
    const author = ids.get(handle);
    if (!author) continue;
    for (const n of await pages((c) => ctx.notes.byAuthor(author, handle, c, PAGE))) existing.set(`${handle}|${n.title}`, n.id);
  }
  const missing: PlannedNote[] = [];
  for (const n of plan.notes) {
    const found = existing.get(`${n.author}|${n.title}`);
    if (found) {
      noteIds.set(n, found);
      s.notes.there += 1;
    } else if (ids.has(n.author)) missing.push(n);
    else s.notes.skipped += 1;
  }
  const fresh = new Set<PlannedNote>();
  await runPool(missing.length, opts.concurrency, async (i) => {
    const n = missing[i]!;
    const author = ids.get(n.author)!;
    const mediaIds: string[] = [];
    for (const img of n.images) mediaIds.push(await ingestDrawn(ctx, author, 'note', opts.workDir, (file) => renderImage(img, file)));
    const note = await ctx.notes.create(author, {
      title: n.title,
      body: n.body,
      mediaIds,
      visibility: n.visibility,
      ...(n.placeName ? { placeName: n.placeName } : {}),
    });
    noteIds.set(n, note.id);
    fresh.add(n);
    s.notes.created += 1;
    s.photos += mediaIds.length;
    if (s.notes.created % 25 === 0 || s.notes.created === missing.length) say(`notes ${s.notes.created}/${missing.length} (${s.photos} photos)`);
  });
  s.seconds.notes = clock() - t0;

  // What the notes count now, to report what this run added (likes and collects are idempotent).
  const before = await countsOf(ctx, noteIds, ids);

  // ---- comments and replies (by note, author and words), then the author's likes on them
  t0 = clock();
  for (const [n, noteId] of noteIds) {
    if (n.comments.length === 0) continue;
    const author = ids.get(n.author)!;
    const known = fresh.has(n) ? new Map<string, string>() : await commentsOf(ctx, author, noteId);
    const made: Array<string | null> = [];
    for (const c of n.comments) {
      const key = `${c.author}|${c.body}`;
      const have = known.get(key);
      const who = ids.get(c.author);
      const replyTo = c.replyTo === null ? undefined : made[c.replyTo];
      if (have) {
        made.push(have);
        s.comments.there += 1;
      } else if (!who || replyTo === null) {
        made.push(null);
        s.comments.skipped += 1;
      } else {
        try {
          const created = await ctx.comments.service.create(who, noteId, replyTo ? { body: c.body, replyTo } : { body: c.body });
          made.push(created.id);
          s.comments.created += 1;
        } catch (err) {
          if (!refused(err)) throw err;
          made.push(null);
          s.comments.skipped += 1;
        }
      }
      const id = made[made.length - 1];
      if (id && c.likedByNoteAuthor) await ctx.comments.service.setLike(author, id, true);
    }
  }
  s.seconds.comments = clock() - t0;
  say(`comments: ${s.comments.created} written`);

  // ---- likes and collects (idempotent: the services ignore what is already there)
  t0 = clock();
  for (const [n, noteId] of noteIds) {
    for (const h of n.likes) {
      const who = ids.get(h);
      if (!who) continue;
      await ctx.notes.setLike(who, noteId, true).catch((err: unknown) => {
        if (!refused(err)) throw err;
      });
    }
    for (const c of n.collects) {
      const who = ids.get(c.by);
      if (!who) continue;
      const board = c.board ? boardIds.get(`${c.by}|${c.board}`) : undefined;
      await (board ? ctx.boards.service.addNote(who, board, noteId) : ctx.boards.service.collect(who, noteId)).catch((err: unknown) => {
        if (!refused(err)) throw err;
      });
    }
  }
  s.seconds.likesAndCollects = clock() - t0;
  const after = await countsOf(ctx, noteIds, ids);
  s.added.likes = after.likes - before.likes;
  s.added.collects = after.collects - before.collects;
  s.added.commentLikes = after.commentLikes - before.commentLikes;
  return s;
}

interface Totals {
  likes: number;
  collects: number;
  commentLikes: number;
}

/** Likes and collects on the seeded notes, read as each note's author (who sees every one of them). */
async function countsOf(ctx: AppContext, noteIds: ReadonlyMap<PlannedNote, string>, ids: ReadonlyMap<string, string>): Promise<Totals> {
  const byAuthor = new Map<string, string[]>();
  for (const [n, id] of noteIds) byAuthor.set(n.author, [...(byAuthor.get(n.author) ?? []), id]);
  const t: Totals = { likes: 0, collects: 0, commentLikes: 0 };
  for (const [handle, list] of byAuthor) {
    const viewer = ids.get(handle) ?? null;
    for (let i = 0; i < list.length; i += PAGE) {
      const notes: Note[] = await ctx.reader.notes(viewer, list.slice(i, i + PAGE), 'direct');
      for (const n of notes) {
        t.likes += n.counts.likes;
        t.collects += n.counts.collects;
      }
    }
  }
  t.commentLikes = await commentLikesTotal(ctx, noteIds, ids);
  return t;
}

async function commentLikesTotal(ctx: AppContext, noteIds: ReadonlyMap<PlannedNote, string>, ids: ReadonlyMap<string, string>): Promise<number> {
  let total = 0;
  for (const [n, noteId] of noteIds) {
    if (n.comments.length === 0 || !n.comments.some((c) => c.likedByNoteAuthor)) continue;
    const viewer = ids.get(n.author);
    if (!viewer) continue;
    for (const c of await pages((cur) => ctx.comments.service.listForNote(viewer, noteId, cur, PAGE))) total += c.likeCount;
  }
  return total;
}

/** Every live comment on a note (threads and all their replies), keyed by author handle and words. */
async function commentsOf(ctx: AppContext, viewer: string, noteId: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const add = (c: { id: string; author: { handle: string } | null; body: string }) => {
    if (c.author) out.set(`${c.author.handle}|${c.body}`, c.id);
  };
  for (const thread of await pages((cur) => ctx.comments.service.listForNote(viewer, noteId, cur, PAGE))) {
    add(thread);
    for (const r of thread.replies ?? []) add(r);
    if (thread.repliesCursor) {
      const first = thread.repliesCursor;
      for (const r of await pages((cur) => ctx.comments.service.replies(viewer, thread.id, cur ?? first, PAGE))) add(r);
    }
  }
  return out;
}
