// Shared setup for journeys that arrange people and notes through the API before the browser comes
// in: one request helper, signing up and following, a generated photo, a photo note, and logging in
// through the form.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { STEP_TIMEOUT_MS, waitForPath } from './browser.ts';

export type ApiInit = { token?: string; body?: unknown; form?: FormData; method?: string; expect?: number };

/** The method a request goes out with: POST with a body or a form, GET otherwise, unless named. */
export const methodOf = (init: ApiInit): string => init.method ?? (init.body !== undefined || init.form ? 'POST' : 'GET');

/** One API request; with `expect` its status must be exactly that, without it any 2xx will do. */
export async function callApi<T>(baseUrl: string, path: string, init: ApiInit = {}): Promise<T> {
  const headers: Record<string, string> = { origin: baseUrl };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const method = methodOf(init);
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers,
    body: init.form ?? (init.body !== undefined ? JSON.stringify(init.body) : undefined),
    signal: AbortSignal.timeout(STEP_TIMEOUT_MS),
  });
  const text = await res.text();
  if (init.expect !== undefined) assert.equal(res.status, init.expect, `${method} ${path}: ${res.status} ${text}`);
  else assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export type Person = { handle: string; displayName: string; password: string };

/** Signs this person up, reading and using one language; returns their token. */
export async function signUp(baseUrl: string, person: Person, language: 'en' | 'zh'): Promise<string> {
  const body = { ...person, languages: [language], uiLanguage: language };
  return (await callApi<{ token: string }>(baseUrl, '/accounts', { body, expect: 201 })).token;
}

/** Each follows the other, so no message request stands between them. */
export async function followEachOther(baseUrl: string, a: { handle: string; token: string }, b: { handle: string; token: string }): Promise<void> {
  await callApi(baseUrl, `/users/${b.handle}/follow`, { token: a.token, method: 'PUT' });
  await callApi(baseUrl, `/users/${a.handle}/follow`, { token: b.token, method: 'PUT' });
}

/** A plain JPEG of one colour. */
export const jpeg = (background: string, width = 900, height = 1200) =>
  sharp({ create: { width, height, channels: 3, background } })
    .jpeg()
    .toBuffer();

export type PhotoNote = { title: string; body: string; background: string; width?: number; height?: number; fileName?: string };

/** Uploads a one-colour photo as this person and posts a note with it; returns the note's id. */
export async function postPhotoNote(baseUrl: string, token: string, note: PhotoNote): Promise<string> {
  const form = new FormData();
  const photo = await jpeg(note.background, note.width, note.height);
  form.append('file', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), note.fileName ?? 'photo.jpg');
  const media = await callApi<{ id: string }>(baseUrl, '/media', { token, form, expect: 201 });
  const body = { title: note.title, body: note.body, mediaIds: [media.id] };
  return (await callApi<{ id: string }>(baseUrl, '/notes', { token, body, expect: 201 })).id;
}

/** Logs in through the form, landing on `next`. */
export async function logIn(page: Page, account: { handle: string; password: string }, next: string): Promise<void> {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel(/^(Handle|用户名)$/).fill(account.handle);
  await page.getByLabel(/^(Password|密码)$/).fill(account.password);
  await page.getByRole('button', { name: /^(Log in|登录)$/ }).click();
  await waitForPath(page, next);
}
