// Trust & safety tests over HTTP: people with roles, reports turned into decided cases, and the
// surfaces a note can appear on (Explore, Following, search, topics, profiles, boards).
import assert from 'node:assert/strict';
import type { ModerationCase } from '../../src/shared/api/moderation.ts';
import type { NoteCard } from '../../src/shared/api/notes.ts';
import { type Account, bearer, ORIGIN, STRONG_PASSWORD, signUp, type TestApp } from './app.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A request as `who` (null: anonymous). */
export const call = (t: TestApp, who: Account | null, method: Method, url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { origin: ORIGIN, ...(who ? bearer(who) : {}) }, ...(payload === undefined ? {} : { payload: payload as object }) });

/** A JSON GET that must answer 200. */
export async function getJson<T>(t: TestApp, who: Account | null, url: string): Promise<T> {
  const res = await call(t, who, 'GET', url);
  assert.equal(res.statusCode, 200, `${url}: ${res.body.slice(0, 300)}`);
  return res.json() as T;
}

/** Logs in again: a fresh session carries the role given since. */
export async function logIn(t: TestApp, a: Account): Promise<Account> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/sessions',
    headers: { origin: ORIGIN },
    payload: { handle: a.handle, password: STRONG_PASSWORD },
  });
  assert.equal(res.statusCode, 200, res.body);
  return { ...a, token: (res.json() as { token: string }).token };
}

/** A moderator: signed up, given the role, signed in again. */
export async function moderator(t: TestApp, handle: string): Promise<Account> {
  const a = await signUp(t.app, handle);
  await t.ctx.accounts.setRole(a.handle, 'moderator');
  return logIn(t, a);
}

/** Reports a thing and returns the case id. */
export async function report(t: TestApp, who: Account, targetType: string, targetId: string, reason = 'spam'): Promise<string> {
  const res = await call(t, who, 'POST', '/api/v1/reports', { targetType, targetId, reason, text: 'please look' });
  assert.equal(res.statusCode, 201, res.body);
  return (res.json() as { caseId: string }).caseId;
}

/** A moderator resolves a case with an action. */
export async function act(t: TestApp, mod: Account, caseId: string, action: string, note = `decided: ${action}`, days?: number): Promise<ModerationCase> {
  const res = await call(t, mod, 'POST', `/api/v1/moderation/cases/${caseId}/actions`, { action, note, ...(days ? { days } : {}) });
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as ModerationCase;
}

/** Every card of a whole Explore session (bounded). */
export async function exploreIds(t: TestApp, who: Account | null): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 30; i++) {
    const page: { items: NoteCard[]; nextCursor: string | null } = await getJson(t, who, `/api/v1/feed/explore?limit=20${cursor ? `&cursor=${cursor}` : ''}`);
    ids.push(...page.items.map((c) => c.id));
    cursor = page.nextCursor;
    if (!cursor) return ids;
  }
  assert.fail('Explore did not end within 30 pages on a small instance');
}

const cardIds = (page: { items: NoteCard[] }) => page.items.map((c) => c.id);

/** The note ids each surface shows `who` (one page each is enough on a small instance). */
export async function surfaces(t: TestApp, who: Account | null, q: { word: string; tag: string; author: string; boardId?: string }) {
  const search = await getJson<{ items: Array<{ note?: NoteCard }> }>(t, who, `/api/v1/search?q=${encodeURIComponent(q.word)}&type=notes&limit=50`);
  return {
    explore: await exploreIds(t, who),
    following: who ? cardIds(await getJson(t, who, '/api/v1/feed/following?limit=50')) : [],
    search: search.items.flatMap((h) => (h.note ? [h.note.id] : [])),
    topicNew: cardIds(await getJson(t, who, `/api/v1/topics/${encodeURIComponent(q.tag)}/notes?sort=new&limit=50`)),
    topicHot: cardIds(await getJson(t, who, `/api/v1/topics/${encodeURIComponent(q.tag)}/notes?sort=hot&limit=50`)),
    profile: cardIds(await getJson(t, who, `/api/v1/users/${q.author}/notes?limit=50`)),
    board: q.boardId ? cardIds(await getJson(t, who, `/api/v1/boards/${q.boardId}/notes?limit=50`)) : [],
  };
}
