// Bilingual subtitles in a real browser. Two authors each add an SRT to their video note in the
// note's edit flow (a broken file first: refused, naming its line); readers see the track under the
// video, have it translated into their own language ("Translate subtitles" — here the built-in word
// gloss, credited to CC-CEDICT), turn on "Bilingual" and see the original line and its translation
// together over the picture. At 360 and 1280 px, in English and in 中文, with screenshots of each.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { mp4Clip } from '../../src/server/modules/media/test-inputs.ts';
import { en } from '../../src/web/i18n/en.ts';
import { zh } from '../../src/web/i18n/zh.ts';
import { assertNoHorizontalOverflow, launchBrowser, openPage, STEP_TIMEOUT_MS, screenshot } from './browser.ts';
import { startServer, type TestServer } from './server.ts';

let server: TestServer;
let browser: Browser;

type Locale = 'en-US' | 'zh-CN';
type Person = { handle: string; password: string; displayName: string; uiLanguage: 'en' | 'zh'; token: string };

const person = (handle: string, displayName: string, uiLanguage: 'en' | 'zh'): Person => ({
  handle,
  password: 'subtitles for everyone 42',
  displayName,
  uiLanguage,
  token: '',
});

// Each author's note carries subtitles in their language; each reader reads the other language.
const AUTHOR_EN = person('ohio_films', 'Ohio Films', 'en');
const AUTHOR_ZH = person('chengdu_films', '成都小视频', 'zh');
const READER_EN = person('ohio_reader', 'Amy', 'en');
const READER_ZH = person('chengdu_reader', '小雨', 'zh');

const EN_SRT = '1\n00:00:00,000 --> 00:00:01,000\nI love hotpot\n\n2\n00:00:01,000 --> 00:00:02,000\nSee you tomorrow\n';
const ZH_SRT = '1\n00:00:00,000 --> 00:00:01,000\n我喜欢吃火锅\n\n2\n00:00:01,000 --> 00:00:02,000\n明天见\n';
const BROKEN_SRT = '1\n00:00:01,000 --> 00:00:00,500\nbackwards\n';

const notes = { en: '', zh: '' };

async function api<T>(method: string, path: string, init: { token?: string; body?: unknown; form?: FormData } = {}): Promise<T> {
  const headers: Record<string, string> = { origin: server.baseUrl };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method,
    headers,
    body: init.form ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
    signal: AbortSignal.timeout(STEP_TIMEOUT_MS),
  });
  const text = await res.text();
  assert.ok(res.ok, `${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

async function videoNote(author: Person, title: string, clip: Buffer): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(clip)], { type: 'video/mp4' }), 'clip.mp4');
  const media = await api<{ id: string }>('POST', '/media', { token: author.token, form });
  return (await api<{ id: string }>('POST', '/notes', { token: author.token, body: { title, body: '', mediaIds: [media.id] } })).id;
}

/** Waits (bounded) until the server's transcode has made the note's video playable. */
async function published(id: string, token: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if ((await api<{ status: string }>('GET', `/notes/${id}`, { token })).status === 'published') return;
    await new Promise((r) => setTimeout(r, 300));
  }
  assert.fail(`note ${id} was not published in time`);
}

before(
  async () => {
    server = await startServer();
    browser = await launchBrowser();
    for (const p of [AUTHOR_EN, AUTHOR_ZH, READER_EN, READER_ZH]) {
      const body = { handle: p.handle, password: p.password, displayName: p.displayName, uiLanguage: p.uiLanguage, languages: [p.uiLanguage] };
      p.token = (await api<{ token: string }>('POST', '/accounts', { body })).token;
    }
    const clip = await readFile(await mp4Clip());
    notes.en = await videoNote(AUTHOR_EN, 'Hotpot night', clip);
    notes.zh = await videoNote(AUTHOR_ZH, '火锅之夜', clip);
    await published(notes.en, AUTHOR_EN.token);
    await published(notes.zh, AUTHOR_ZH.token);
  },
  { timeout: 180_000 },
);

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(page: Page, who: Person): Promise<void> {
  await page.context().addCookies([{ name: 'biji_session', value: who.token, url: server.baseUrl }]);
}

const stringsOf = (locale: Locale) => (locale === 'zh-CN' ? zh : en);

for (const { width, height, locale, author, lang, srt, name } of [
  { width: 1280, height: 900, locale: 'en-US' as Locale, author: AUTHOR_EN, lang: 'en', srt: EN_SRT, name: '1280-en' },
  { width: 360, height: 800, locale: 'zh-CN' as Locale, author: AUTHOR_ZH, lang: 'zh', srt: ZH_SRT, name: '360-zh' },
]) {
  test(`the author adds subtitles in the edit flow; a broken file is refused with its line (${name})`, { timeout: 90_000 }, async () => {
    const T = stringsOf(locale);
    const noteId = lang === 'en' ? notes.en : notes.zh;
    const { page, context, problems } = await openPage(browser, server.baseUrl, { width, height }, locale);
    try {
      await signIn(page, author);
      await page.goto(`/n/${noteId}`);
      await page.locator('video.carousel__video').waitFor();
      assert.equal(await page.locator('.video-subs__bar').count(), 0, 'no subtitle controls before there are subtitles');
      await page.getByRole('button', { name: T.note.actions }).click();
      await page.getByRole('menuitem', { name: T.note.edit }).click();
      const editor = page.getByRole('region', { name: T.subtitles.editorTitle });
      await editor.getByText(T.subtitles.none).waitFor();
      await editor.getByLabel(T.subtitles.language).selectOption(lang);
      const file = editor.getByLabel(T.subtitles.add);

      await file.setInputFiles({ name: 'broken.srt', mimeType: 'application/x-subrip', buffer: Buffer.from(BROKEN_SRT) });
      const refusal = editor.getByRole('alert');
      await refusal.getByText(T.subtitles.errors.invalid).waitFor();
      await refusal.getByText(/^Line 2: the cue ends/).waitFor();
      await screenshot(page, `subtitles-refused-${name}`);

      await file.setInputFiles({ name: `${lang}.srt`, mimeType: 'application/x-subrip', buffer: Buffer.from(srt) });
      await editor.getByRole('status').getByText(T.subtitles.added_other.replace('{{count}}', '2')).waitFor();
      const label = lang === 'en' ? 'English' : '中文';
      await editor.getByRole('listitem').filter({ hasText: label }).getByText(T.subtitles.lines_other.replace('{{count}}', '2')).waitFor();
      // The player has the track at once, shown by the browser itself.
      const picker = page.locator('.video-subs__bar select');
      await picker.waitFor();
      assert.equal(await picker.locator('option:checked').textContent(), label);
      assert.equal(await page.locator('video.carousel__video track').getAttribute('srclang'), lang);
      await shownByBrowser(page, lang === 'en' ? 'I love hotpot' : '我喜欢吃火锅');
      await assertNoHorizontalOverflow(page, width, `subtitles editor at ${width}`);
      // Two frames, so that the cue the browser now has is painted in the picture.
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      await screenshot(page, `subtitles-author-${name}`);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
}

/** Puts the video at `seconds` once it can seek, and waits for the seek to finish. */
async function seek(page: Page, seconds: number): Promise<void> {
  await page.locator('video.carousel__video').evaluate(
    (video: HTMLVideoElement, at: number) =>
      new Promise<void>((resolve, reject) => {
        video.addEventListener('seeked', () => resolve(), { once: true });
        video.addEventListener('error', () => reject(new Error(`the video cannot be read (${video.error?.code})`)), { once: true });
        // (No named functions in here: the page has no __name helper for them.)
        if (video.readyState >= 1) video.currentTime = at;
        else
          video.addEventListener(
            'loadedmetadata',
            () => {
              video.currentTime = at;
            },
            { once: true },
          );
      }),
    seconds,
  );
}

/** Waits until the browser itself shows `text`: the one track in "showing" mode has it as its active cue. */
async function shownByBrowser(page: Page, text: string): Promise<void> {
  const state = () =>
    page.evaluate(() => {
      const video = document.querySelector<HTMLVideoElement>('video.carousel__video');
      return {
        time: video?.currentTime,
        ready: video?.readyState,
        tracks: Array.from(video?.textTracks ?? []).map((tr) => ({
          mode: tr.mode,
          label: tr.label,
          cues: tr.cues?.length ?? null,
          active: Array.from(tr.activeCues ?? []).map((c) => (c as VTTCue).text),
        })),
      };
    });
  await page
    .waitForFunction(
      (want) => {
        const video = document.querySelector<HTMLVideoElement>('video.carousel__video');
        const showing = Array.from(video?.textTracks ?? []).filter((tr) => tr.mode === 'showing');
        const cues = Array.from(showing[0]?.activeCues ?? []);
        return showing.length === 1 && cues.some((c) => (c as VTTCue).getCueAsHTML().textContent === want);
      },
      text,
      { timeout: STEP_TIMEOUT_MS },
    )
    .catch(async (err: unknown) => {
      throw new Error(`the browser does not show "${text}": ${JSON.stringify(await state())}`, { cause: err });
    });
}

for (const { width, height, locale, reader, name } of [
  { width: 360, height: 800, locale: 'en-US' as Locale, reader: READER_EN, name: '360-en' },
  { width: 360, height: 800, locale: 'zh-CN' as Locale, reader: READER_ZH, name: '360-zh' },
  { width: 1280, height: 900, locale: 'en-US' as Locale, reader: READER_EN, name: '1280-en' },
  { width: 1280, height: 900, locale: 'zh-CN' as Locale, reader: READER_ZH, name: '1280-zh' },
]) {
  test(`a reader translates the subtitles and watches them bilingual (${name})`, { timeout: 90_000 }, async () => {
    const T = stringsOf(locale);
    // An English reader watches the Chinese note, a Chinese reader the English one.
    const english = locale === 'en-US';
    const noteId = english ? notes.zh : notes.en;
    const [original, originalLabel, target] = english ? ['我喜欢吃火锅', '中文', 'English'] : ['I love hotpot', 'English', '中文'];
    const { page, context, problems } = await openPage(browser, server.baseUrl, { width, height }, locale);
    try {
      await signIn(page, reader);
      await page.goto(`/n/${noteId}`);
      const picker = page.locator('.video-subs__bar select');
      await picker.waitFor({ timeout: 30_000 });
      // The author's track is there, and shown: the browser draws it.
      assert.equal(await picker.locator('option:checked').textContent(), originalLabel);
      await seek(page, 1.5);
      await shownByBrowser(page, english ? '明天见' : 'See you tomorrow');

      await page.getByRole('button', { name: T.subtitles.translate }).click();
      const translated = T.subtitles.glossed.replace('{{lang}}', target);
      await page.waitForFunction(
        (want) => document.querySelector<HTMLSelectElement>('.video-subs__bar select')?.selectedOptions[0]?.textContent === want,
        translated,
        { timeout: STEP_TIMEOUT_MS },
      );
      await page.locator('.video-subs__credit').getByText(T.translate.glossBy.replace('{{provider}}', 'CC-CEDICT')).waitFor();
      assert.equal(await page.locator('video.carousel__video track').count(), 2);

      const bilingual = page.getByRole('button', { name: T.subtitles.bilingual });
      await bilingual.click();
      assert.equal(await bilingual.getAttribute('aria-pressed'), 'true');
      await seek(page, 0.5);
      const lines = page.getByTestId('bilingual-lines');
      await lines.locator('.video-subs__line', { hasText: original }).waitFor();
      const translation = (await lines.locator('.video-subs__line--translation').textContent()) ?? '';
      assert.match(translation, english ? /[A-Za-z]{2}/ : /\p{Script=Han}/u, `a translation line: ${translation}`);
      assert.notEqual(translation, original);
      // The second cue follows the video.
      await seek(page, 1.5);
      await lines.locator('.video-subs__line', { hasText: english ? '明天见' : 'See you tomorrow' }).waitFor();
      await seek(page, 0.5);
      await lines.locator('.video-subs__line', { hasText: original }).waitFor();
      await assertNoHorizontalOverflow(page, width, `bilingual subtitles at ${width}`);
      await screenshot(page, `subtitles-bilingual-${name}`);

      // Off again: one track (the translation), drawn by the browser.
      await bilingual.click();
      await lines.waitFor({ state: 'detached' });
      await shownByBrowser(page, translation);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
}
