// The notes benchmark's world, built over Biji's real HTTP API like any client would: a note with
// six photos, thirty comments (threads and replies, both languages) and some likes; a signed-in
// reader who follows its author and liked it; and a crowd of people with tokens, who each like
// the like-benchmark's notes exactly once.
import fsp from 'node:fs/promises';
import path from 'node:path';
import { follow, signUp } from './biji-api.ts';
import { makePhoto } from './photo.ts';
import { runPool } from './pool.ts';

const TIMEOUT_MS = 60_000;

async function call<T>(base: string, route: string, init: { method?: string; token: string; json?: unknown; form?: FormData }, expect: number): Promise<T> {
  const headers: Record<string, string> = { authorization: `Bearer ${init.token}` };
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${route}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.form ?? (init.json !== undefined ? JSON.stringify(init.json) : undefined),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const text = await res.text();
  if (res.status !== expect) throw new Error(`${init.method ?? 'GET'} ${route}: expected ${expect}, got ${res.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : null) as T;
}

/** Uploads a photo file (multipart, field "file") and returns its media id. */
export async function upload(base: string, token: string, file: string): Promise<string> {
  const form = new FormData();
  form.set('file', new Blob([await fsp.readFile(file)], { type: 'image/jpeg' }), path.basename(file));
  return (await call<{ id: string }>(base, '/api/v1/media', { method: 'POST', token, form }, 201)).id;
}

export async function postNote(base: string, token: string, note: { title: string; body: string; mediaIds: string[] }): Promise<string> {
  return (await call<{ id: string }>(base, '/api/v1/notes', { method: 'POST', token, json: { ...note, visibility: 'public' } }, 201)).id;
}

export async function comment(base: string, token: string, noteId: string, body: string, replyTo?: string): Promise<string> {
  const json = replyTo ? { body, replyTo } : { body };
  return (await call<{ id: string }>(base, `/api/v1/notes/${noteId}/comments`, { method: 'POST', token, json }, 201)).id;
}

export async function like(base: string, token: string, noteId: string): Promise<void> {
  await call(base, `/api/v1/notes/${noteId}/like`, { method: 'PUT', token }, 204);
}

export interface NoteView {
  media: unknown[];
  counts: { likes: number; collects: number; comments: number; views: number };
  viewer: { liked: boolean; collected: boolean; isAuthor: boolean };
}

export const readNote = (base: string, noteId: string, token?: string): Promise<NoteView> =>
  token ? call<NoteView>(base, `/api/v1/notes/${noteId}`, { token }, 200) : fetch(`${base}/api/v1/notes/${noteId}`).then((r) => r.json() as Promise<NoteView>);

export interface NotesFixture {
  /** the note whose page is read: 6 photos, 30 comments, some likes */
  noteId: string;
  /** a follower of the author who liked and commented on the note */
  viewerToken: string;
  /** one note a like round, plus one for the warm-up (index 0); each starts with no likes */
  likeNoteIds: string[];
  /** everyone else's tokens: each likes each like-note once */
  likerTokens: string[];
  photos: number;
  comments: number;
  likes: number;
}

export interface FixturePlan {
  likers: number;
  likeNotes: number;
  /** sign-ups in flight at once (argon2id bounds them: the server's thread pool) */
  concurrency: number;
  workDir: string;
  progress?: (what: string) => void;
}

const PHOTOS = 6;
// 17 threads and 10 replies from readers, 3 of them answering the author's own replies: 30 in all.
const THREADS = 17;
const REPLIES = 10;
const NOTE_LIKES = 25;

const COMMENTS_EN = ['This looks amazing!', 'Where is this? I need to go 😍', 'Saving this for my trip #旅行', 'Mittens says hi #cattax', 'Recipe please 🙏'];
const COMMENTS_ZH = ['太好看了吧！', '求地址～', '成都人表示很想去 #成都', '已收藏，谢谢分享', '第三张绝了'];

export async function buildNotesFixture(base: string, plan: FixturePlan): Promise<NotesFixture> {
  const say = plan.progress ?? (() => {});
  const authorToken = await signUp(base, 'bench_author', '笔记作者 Bench Author');
  const likerTokens = new Array<string>(plan.likers);
  let done = 0;
  await runPool(plan.likers, plan.concurrency, async (i) => {
    likerTokens[i] = await signUp(base, `bench_liker_${i}`, i % 2 ? `读者 ${i}` : `Reader ${i}`);
    if (++done % 250 === 0) say(`${done} people`);
  });

  // Photos as a phone makes them (portrait 3:4, 1080×1440), each different, uploaded one by one.
  const files = await Promise.all(
    Array.from({ length: PHOTOS }, async (_, i) => {
      const file = path.join(plan.workDir, `note-photo-${i}.jpg`);
      await makePhoto(file, { width: 1080, height: 1440, orientation: 1, quality: 88, seed: 1000 + i });
      return file;
    }),
  );
  const mediaIds: string[] = [];
  for (const f of files) mediaIds.push(await upload(base, authorToken, f));
  const noteId = await postNote(base, authorToken, {
    title: '成都三天两夜 Chengdu in 3 days',
    body: 'Hotpot, pandas and tea houses. 火锅、熊猫和茶馆，一个都不能少！ #旅行 #成都 #美食 #tiktokrefugee @bench_liker_0',
    mediaIds,
  });
  const likeNoteIds: string[] = [];
  for (let i = 0; i < plan.likeNotes; i++) {
    likeNoteIds.push(
      await postNote(base, authorToken, { title: `Like me ${i}`, body: `#cattax round ${i}`, mediaIds: [await upload(base, authorToken, files[i % PHOTOS]!)] }),
    );
  }
  say('note posted');

  const viewerToken = likerTokens[0]!;
  await follow(base, viewerToken, 'bench_author');

  // Thirty comments in both languages: threads, replies, and replies to the author's replies.
  const threadIds: string[] = [];
  for (let i = 0; i < THREADS; i++) {
    const pool = i % 2 ? COMMENTS_ZH : COMMENTS_EN;
    threadIds.push(await comment(base, likerTokens[i]!, noteId, `${pool[i % pool.length]} (${i})`));
  }
  for (let i = 0; i < REPLIES; i++) {
    const to = i % 3 === 2 ? await comment(base, authorToken, noteId, `谢谢！Thank you (${i})`, threadIds[i]) : threadIds[i]!;
    await comment(base, likerTokens[THREADS + i]!, noteId, i % 2 ? `同意楼上 (${i})` : `Same here! (${i})`, to);
  }
  await runPool(NOTE_LIKES, plan.concurrency, (i) => like(base, likerTokens[i]!, noteId));

  const seen = await readNote(base, noteId);
  return { noteId, viewerToken, likeNoteIds, likerTokens, photos: seen.media.length, comments: seen.counts.comments, likes: seen.counts.likes };
}
