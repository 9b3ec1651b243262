// The language bridge in a real browser. An English reader opens a Chinese note: a quiet "Translate"
// under it gives the word gloss, credited "Word gloss · CC-CEDICT" (never called a translation), "Show
// both" puts each sentence over its gloss, "Show original" goes back; the Chinese comment under it
// translates the same way; a word tapped in the dictionary card is saved to My words, which lists it
// with the note it came from; with "Translate automatically" on, the note opens translated. A Chinese
// reader gets "翻译" under an English note. At 360 and 1280 px, in English and in 中文, with screenshots.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { assertNoHorizontalOverflow, launchBrowser, openPage, STEP_TIMEOUT_MS, screenshot, waitForPath } from './browser.ts';
import { startServer, type TestServer } from './server.ts';

let server: TestServer;
let browser: Browser;
let zhNote = '';
let enNote = '';

const PASSWORD = 'spicy broth tonight 66';
const ZH_TITLE = '周末吃火锅';
const ZH_BODY = '今天和朋友去吃了火锅。我很喜欢这只猫！';
const EN_TITLE = 'Weekend hotpot in Chengdu';
const EN_BODY = 'We went to a famous restaurant with my friends. The cat was sleeping by the door.';

async function api<T>(path: string, init: { token?: string; body?: unknown; form?: FormData; expect?: number; method?: string }): Promise<T> {
  const headers: Record<string, string> = { origin: server.baseUrl };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method: init.method ?? 'POST',
    headers,
    body: init.form ?? JSON.stringify(init.body),
    signal: AbortSignal.timeout(STEP_TIMEOUT_MS),
  });
  const text = await res.text();
  assert.equal(res.status, init.expect ?? 201, `${init.method ?? 'POST'} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

async function post(token: string, title: string, body: string): Promise<string> {
  const photo = await sharp({ create: { width: 900, height: 1200, channels: 3, background: '#d9534f' } })
    .jpeg()
    .toBuffer();
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'photo.jpg');
  const media = await api<{ id: string }>('/media', { token, form });
  return (await api<{ id: string }>('/notes', { token, body: { title, body, mediaIds: [media.id] } })).id;
}

before(
  async () => {
    server = await startServer();
    browser = await launchBrowser();
    const xiao = await api<{ token: string }>('/accounts', {
      body: { handle: 'xiao_fanyi', password: PASSWORD, displayName: '小火锅', languages: ['zh'], uiLanguage: 'zh' },
    });
    const amy = await api<{ token: string }>('/accounts', { body: { handle: 'amy_reads', password: PASSWORD, displayName: 'Amy', languages: ['en'] } });
    zhNote = await post(xiao.token, ZH_TITLE, ZH_BODY);
    enNote = await post(amy.token, EN_TITLE, EN_BODY);
    await api(`/notes/${zhNote}/comments`, { token: xiao.token, body: { body: '这家店的火锅非常好吃' } });
  },
  { timeout: 120_000 },
);

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signUpAndLogIn(page: Page, handle: string, languages: string[], uiLanguage: 'en' | 'zh', next: string) {
  await api('/accounts', { body: { handle, password: PASSWORD, displayName: handle, languages, uiLanguage } });
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel(/^(Handle|用户名)$/).fill(handle);
  await page.getByLabel(/^(Password|密码)$/).fill(PASSWORD);
  await page.getByRole('button', { name: /^(Log in|登录)$/ }).click();
  await waitForPath(page, next);
}

for (const { width, height, name } of [
  { width: 360, height: 800, name: '360' },
  { width: 1280, height: 900, name: '1280' },
]) {
  test(`an English reader translates a Chinese note and its comment, saves a word, and turns on auto-translate (${name}-en)`, {
    timeout: 120_000,
  }, async () => {
    const { page, context, problems } = await openPage(browser, server.baseUrl, { width, height }, 'en-US');
    try {
      await signUpAndLogIn(page, `reader_en_${name}`, ['en'], 'en', `/n/${zhNote}`);
      await page.getByRole('heading', { name: ZH_TITLE }).waitFor();
      const bar = page.locator('.note-text .translate-bar');
      await bar.getByRole('button', { name: 'Translate', exact: true }).click();
      await page.getByTestId('translation-credit').first().waitFor();
      assert.equal(await page.getByTestId('translation-credit').first().textContent(), 'Word gloss · CC-CEDICT');
      const title = await page.locator('.note-text__title').textContent();
      assert.match(title ?? '', /hot ?pot/i, `title glossed: ${title}`);
      assert.doesNotMatch(title ?? '', /火锅/);
      await assertNoHorizontalOverflow(page, width, `translated note at ${width}`);
      await screenshot(page, `translate-note-${name}-en`);

      // Both: each sentence, then its gloss.
      await bar.getByRole('button', { name: 'Show both' }).click();
      await page.locator('.note-text__body .translated__original', { hasText: '今天和朋友去吃了火锅。' }).waitFor();
      assert.ok((await page.locator('.note-text__body .translated__line').count()) >= 2, 'a gloss under each sentence');
      await screenshot(page, `translate-both-${name}-en`);
      await bar.getByRole('button', { name: 'Show original' }).click();
      await page.getByRole('heading', { name: ZH_TITLE }).waitFor();

      // The comment under it.
      // (Found by place: once translated, its Chinese words are gone from it.)
      await page.locator('.comment', { hasText: '这家店的火锅非常好吃' }).waitFor();
      const comment = page.locator('.comment').first();
      await comment.getByRole('button', { name: 'Translate', exact: true }).click();
      await comment.getByTestId('translated-text').waitFor();
      assert.match((await comment.getByTestId('translated-text').textContent()) ?? '', /hot ?pot/i);

      // A word saved from the card, then listed in My words with its note.
      await page.getByRole('button', { name: 'Pinyin & dictionary' }).click();
      await page
        .locator('.note-text__title .learn-word')
        .filter({ has: page.locator('ruby', { hasText: '锅' }) })
        .first()
        .click();
      const card = page.getByRole('dialog');
      // (The tapped word may be 吃火锅, which the card gives as 吃 and 火锅: the entry for 火锅 is saved.)
      const entry = card.locator('.word-card__entry').filter({ has: page.getByText('火锅', { exact: true }) });
      await entry.getByRole('button', { name: 'Save to my words' }).click();
      await entry.getByRole('button', { name: 'Saved to my words' }).waitFor();
      await card.getByRole('button', { name: 'Close' }).click();
      await page.goto('/me/words');
      const word = page.getByTestId('my-word').filter({ has: page.locator('.my-words__word', { hasText: /^火锅$/ }) });
      await word.waitFor();
      await word.getByText('huǒ guō', { exact: true }).waitFor();
      await word.getByRole('link', { name: `From “${ZH_TITLE}”` }).waitFor();
      await assertNoHorizontalOverflow(page, width, `my words at ${width}`);
      await screenshot(page, `my-words-${name}-en`);

      // Auto-translate: the note opens translated.
      await page.goto('/settings');
      await page.getByLabel(/Translate automatically/).check();
      assert.equal(await page.getByLabel(/Translate automatically/).isChecked(), true);
      await assertNoHorizontalOverflow(page, width, `settings at ${width}`);
      await screenshot(page, `translate-settings-${name}-en`);
      await page
        .waitForResponse((r) => r.url().endsWith('/api/v1/me') && r.request().method() === 'PATCH', { timeout: STEP_TIMEOUT_MS })
        .catch(() => undefined);
      await page.goto(`/n/${zhNote}`);
      await page.getByTestId('translation-credit').first().waitFor();
      assert.match((await page.locator('.note-text__title').textContent()) ?? '', /hot ?pot/i);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test(`a Chinese reader gets 翻译 under an English note (${name}-zh)`, { timeout: 90_000 }, async () => {
    const { page, context, problems } = await openPage(browser, server.baseUrl, { width, height }, 'zh-CN');
    try {
      await signUpAndLogIn(page, `reader_zh_${name}`, ['zh'], 'zh', `/n/${enNote}`);
      await page.getByRole('heading', { name: EN_TITLE }).waitFor();
      await page.locator('.note-text .translate-bar').getByRole('button', { name: '翻译', exact: true }).click();
      await page.getByTestId('translation-credit').first().waitFor();
      assert.equal(await page.getByTestId('translation-credit').first().textContent(), '逐词释义 · CC-CEDICT');
      const body = await page.locator('.note-text__body').textContent();
      assert.match(body ?? '', /\p{Script=Han}{6}/u, `body glossed: ${body}`);
      assert.ok(!body?.includes('famous restaurant'), `body glossed: ${body}`);
      await assertNoHorizontalOverflow(page, width, `translated note at ${width}`);
      await screenshot(page, `translate-note-${name}-zh`);
      await page.getByRole('button', { name: '查看原文' }).click();
      await page.getByRole('heading', { name: EN_TITLE }).waitFor();
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
}
