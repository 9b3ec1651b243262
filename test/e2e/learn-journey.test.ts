// The learner aids in a real browser: on a Chinese note, "Pinyin & dictionary" puts pinyin over every
// word; tapping 火锅 opens its dictionary card (both scripts, tone marks, "hotpot"); tapping an English
// word looks it up in Chinese; the card credits CC-CEDICT and links to the About page that carries
// its licence. At 360 and 1280 px, in English and in 中文, with screenshots of each.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { assertNoHorizontalOverflow, launchBrowser, openPage, STEP_TIMEOUT_MS, screenshot, waitForPath } from './browser.ts';
import { startServer, type TestServer } from './server.ts';

let server: TestServer;
let browser: Browser;
let noteId = '';

const AUTHOR = { handle: 'xiao_hotpot', password: 'spicy broth tonight 66', displayName: '小火锅' };
const TITLE = '周末吃火锅';
const BODY = '今天和朋友去吃了火锅，很好吃！\nSo good, would go again.';

async function api<T>(path: string, init: { token?: string; body?: unknown; form?: FormData }): Promise<T> {
  const headers: Record<string, string> = { origin: server.baseUrl };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method: 'POST',
    headers,
    body: init.form ?? JSON.stringify(init.body),
    signal: AbortSignal.timeout(STEP_TIMEOUT_MS),
  });
  const text = await res.text();
  assert.equal(res.status, 201, `POST ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

before(
  async () => {
    server = await startServer();
    browser = await launchBrowser();
    const { token } = await api<{ token: string }>('/accounts', { body: { ...AUTHOR, languages: ['zh', 'en'] } });
    const photo = await sharp({ create: { width: 900, height: 1200, channels: 3, background: '#d9534f' } })
      .jpeg()
      .toBuffer();
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'hotpot.jpg');
    const media = await api<{ id: string }>('/media', { token, form });
    noteId = (await api<{ id: string }>('/notes', { token, body: { title: TITLE, body: BODY, mediaIds: [media.id] } })).id;
  },
  { timeout: 120_000 },
);

after(async () => {
  await browser?.close();
  await server?.stop();
});

for (const { width, height, locale, toggleName, name } of [
  { width: 360, height: 800, locale: 'en-US', toggleName: 'Pinyin & dictionary', name: '360-en' },
  { width: 360, height: 800, locale: 'zh-CN', toggleName: '拼音和词典', name: '360-zh' },
  { width: 1280, height: 900, locale: 'en-US', toggleName: 'Pinyin & dictionary', name: '1280-en' },
  { width: 1280, height: 900, locale: 'zh-CN', toggleName: '拼音和词典', name: '1280-zh' },
]) {
  test(`pinyin over a Chinese note, and a tapped word's dictionary card (${name})`, { timeout: 90_000 }, async () => {
    const { page, context, problems } = await openPage(browser, server.baseUrl, { width, height }, locale);
    try {
      await page.goto(`/n/${noteId}`);
      await page.getByRole('heading', { name: TITLE }).waitFor();
      assert.equal(await page.locator('rt').count(), 0, 'no pinyin before it is asked for');
      const toggle = page.getByRole('button', { name: toggleName });
      await toggle.click();
      assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
      // Every Chinese character gets its syllable, read by its word.
      await page.locator('.note-text__title rt', { hasText: 'huǒ' }).waitFor();
      const title = await page.locator('.note-text__title').evaluate((el) => [...el.querySelectorAll('rt')].map((rt) => rt.textContent).join(' '));
      assert.equal(title, 'zhōu mò chī huǒ guō');
      await assertNoHorizontalOverflow(page, width, `note with pinyin at ${width}`);

      // Tap 火锅 in the body: its card, both scripts, tone marks, the meaning.
      const hotpot = page.locator('.note-text__body .learn-word').filter({ has: page.locator('ruby', { hasText: '锅' }) });
      await hotpot.first().click();
      const card = page.getByRole('dialog');
      await card.getByRole('heading', { name: '火锅' }).waitFor();
      await card.getByText('huǒ guō', { exact: true }).first().waitFor();
      await card.getByText('火鍋', { exact: true }).first().waitFor();
      await card.getByText('hotpot', { exact: true }).first().waitFor();
      // The sheet slides in: the screenshot waits for it to settle.
      await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), undefined, { timeout: STEP_TIMEOUT_MS });
      await screenshot(page, `learn-card-${name}`);
      await card.getByRole('button', { name: locale === 'en-US' ? 'Close' : '关闭' }).click();
      await card.waitFor({ state: 'hidden' });

      // An English word of the note: the Chinese for it.
      await page.locator('.note-text__body .learn-word--latin', { hasText: /^good$/ }).click();
      await card.getByRole('heading', { name: 'good' }).waitFor();
      await card.getByText('好', { exact: true }).first().waitFor();
      // The credit leads to the licence.
      await card.getByRole('link', { name: locale === 'en-US' ? 'About the dictionary' : '关于词典' }).click();
      await waitForPath(page, '/about');
      await page.getByRole('link', { name: 'CC BY-SA 4.0' }).waitFor();
      await assertNoHorizontalOverflow(page, width, `about at ${width}`);
      await screenshot(page, `learn-about-${name}`);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
}
