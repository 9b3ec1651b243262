// The main path of notes in a real browser: compose with three photos (progress, reorder, cover,
// weighted counters), post, read in the carousel; a second person likes, collects, comments; the
// author replies and the reader sees the reply in its thread.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { mp4Clip } from '../../src/server/modules/media/test-inputs.ts';
import { assertNoHorizontalOverflow, launchBrowser, openPage, STEP_TIMEOUT_MS, waitForPath, waitForTestIdText } from './browser.ts';
import { startServer, type TestServer } from './server.ts';

let server: TestServer;
let browser: Browser;
let photoDir: string;

const AUTHOR = { handle: 'mei_notes', password: 'tea house morning 88', displayName: 'Mei 梅' };
const READER = { handle: 'ben_reader', password: 'reading on the train 7', displayName: 'Ben' };

/** Three photos of different shapes, drawn here (nothing downloaded). */
const PHOTOS = [
  { name: 'tall.jpg', width: 1200, height: 1600, from: '#ff9a8b', to: '#ff6a88' },
  { name: 'wide.jpg', width: 1600, height: 900, from: '#a1c4fd', to: '#c2e9fb' },
  { name: 'square.jpg', width: 1000, height: 1000, from: '#84fab0', to: '#8fd3f4' },
];

async function drawPhoto(path: string, p: (typeof PHOTOS)[number]): Promise<void> {
  const r = Math.round(Math.min(p.width, p.height) / 4);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${p.width}" height="${p.height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${p.from}"/><stop offset="1" stop-color="${p.to}"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>
    <circle cx="${p.width / 2}" cy="${p.height / 2}" r="${r}" fill="#ffffff" fill-opacity="0.55"/>
    <rect x="${p.width / 10}" y="${p.height * 0.75}" width="${p.width * 0.8}" height="${p.height / 12}" rx="20" fill="#333" fill-opacity="0.25"/>
  </svg>`;
  await sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toFile(path);
}

async function createAccount(account: typeof AUTHOR): Promise<void> {
  const response = await fetch(`${server.baseUrl}/api/v1/accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.baseUrl },
    body: JSON.stringify({ ...account, languages: ['en', 'zh'] }),
    signal: AbortSignal.timeout(STEP_TIMEOUT_MS),
  });
  assert.equal(response.status, 201, await response.text());
}

/** Logs in through the API; returns a caller that sends the bearer token (and our Origin). */
async function apiAs(account: { handle: string; password: string }) {
  const res = await fetch(`${server.baseUrl}/api/v1/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.baseUrl },
    body: JSON.stringify({ handle: account.handle, password: account.password }),
    signal: AbortSignal.timeout(STEP_TIMEOUT_MS),
  });
  assert.equal(res.status, 200, await res.clone().text());
  const { token } = (await res.json()) as { token: string };
  const headers = { authorization: `Bearer ${token}`, origin: server.baseUrl };
  return {
    json: async <T>(method: string, path: string, body?: unknown, expect = method === 'POST' ? 201 : 200): Promise<T> => {
      const r = await fetch(`${server.baseUrl}/api/v1${path}`, {
        method,
        headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(STEP_TIMEOUT_MS),
      });
      assert.equal(r.status, expect, `${method} ${path}: ${await r.clone().text()}`);
      return (r.status === 204 ? undefined : await r.json()) as T;
    },
    upload: async (file: string, type: string): Promise<{ id: string }> => {
      const form = new FormData();
      form.append('file', new Blob([await readFile(file)], { type }), file.split('/').pop());
      const r = await fetch(`${server.baseUrl}/api/v1/media`, { method: 'POST', headers, body: form, signal: AbortSignal.timeout(STEP_TIMEOUT_MS) });
      assert.equal(r.status, 201, await r.clone().text());
      return (await r.json()) as { id: string };
    },
  };
}

before(
  async () => {
    photoDir = await mkdtemp(join(tmpdir(), 'biji-photos-'));
    await Promise.all(PHOTOS.map((p) => drawPhoto(join(photoDir, p.name), p)));
    server = await startServer();
    browser = await launchBrowser();
    await createAccount(AUTHOR);
    await createAccount(READER);
  },
  { timeout: 180_000 },
);

after(async () => {
  await browser?.close();
  await server?.stop();
  if (photoDir) await rm(photoDir, { recursive: true, force: true });
});

async function logIn(page: Page, account: { handle: string; password: string }, next: string) {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Handle').fill(account.handle);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await waitForPath(page, next);
}

const SCREENSHOT_DIR = resolve(import.meta.dirname, '../../test-results/screenshots');

/** Waits (bounded) until no transition or finite animation is running: a slide mid-swipe isn't a picture. */
async function settle(page: Page) {
  await page.waitForFunction(
    () => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity),
    null,
    { timeout: STEP_TIMEOUT_MS, polling: 50 },
  );
}

/**
 * A screenshot from the top of the page. Phone pages with fixed bars are shot as the viewport (a
 * full-page shot would paint the fixed bars in the middle); `scroll` shows a part further down.
 */
async function shot(page: Page, name: string, { fullPage = true, scroll }: { fullPage?: boolean; scroll?: string } = {}) {
  if (scroll === 'bottom') await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  else if (scroll) await page.locator(scroll).first().scrollIntoViewIfNeeded();
  else await page.evaluate(() => window.scrollTo(0, 0));
  await settle(page);
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage, timeout: STEP_TIMEOUT_MS });
}

/** Polls a condition of the test's own state, bounded like every other wait. */
async function until(check: () => boolean, what: string) {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

async function thumbKeys(page: Page): Promise<string[]> {
  return page.locator('li.upload-thumb').evaluateAll((els) => els.map((el) => el.getAttribute('data-key') ?? ''));
}

async function waitForSlide(page: Page, index: number) {
  await page.locator(`.carousel__track[data-index="${index}"]`).waitFor();
  await page
    .getByRole('button', { name: `Go to photo ${index + 1}` })
    .and(page.locator('[aria-current="true"]'))
    .waitFor();
}

test('a note goes from the composer to a reader who likes, collects and comments, and the author replies', { timeout: 240_000 }, async () => {
  const author = await openPage(browser, server.baseUrl, { width: 1280, height: 800 });
  const reader = await openPage(browser, server.baseUrl, { width: 360, height: 740 });
  try {
    const { page } = author;
    // The order the server answered the uploads in (one at a time, in the order picked).
    const uploaded: { id: string; width: number; height: number }[] = [];
    page.on('response', async (response) => {
      if (response.url().endsWith('/api/v1/media') && response.request().method() === 'POST' && response.status() === 201) {
        uploaded.push((await response.json()) as { id: string; width: number; height: number });
      }
    });

    await logIn(page, AUTHOR, '/compose');
    await page.getByRole('heading', { name: 'New note', level: 1 }).waitFor();
    await page.getByText('Add photos or a video').waitFor();
    await shot(page, 'notes-desktop-compose-empty');

    // Three photos at once: each gets a thumbnail and a progress bar that runs to 100 %.
    await page
      .locator('input[type="file"]')
      .first()
      .setInputFiles(PHOTOS.map((p) => join(photoDir, p.name)));
    await page.locator('li.upload-thumb').nth(2).waitFor();
    await page.locator('li.upload-thumb[data-status="done"]').nth(2).waitFor();
    assert.equal(await page.locator('li.upload-thumb').count(), 3);
    assert.equal(await page.locator('li.upload-thumb [role="progressbar"][aria-valuenow="100"]').count(), 3, 'three complete progress bars');
    await until(() => uploaded.length === 3, 'the three upload responses are read');
    const square = uploaded.find((m) => m.width === 1000 && m.height === 1000);
    assert.ok(square, 'the square photo was uploaded');

    // The first photo is the cover; move the third to the front from the keyboard.
    const before = await thumbKeys(page);
    assert.equal(await page.locator('li.upload-thumb').first().getByTestId('cover-badge').count(), 1);
    await page.locator(`li.upload-thumb[data-key="${before[2]}"] .upload-thumb__select`).focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page
      .locator('li.upload-thumb')
      .first()
      .and(page.locator(`[data-key="${before[2]}"]`))
      .waitFor();
    assert.deepEqual(await thumbKeys(page), [before[2], before[0], before[1]]);
    assert.equal(await page.locator(`li.upload-thumb[data-key="${before[2]}"]`).getByTestId('cover-badge').count(), 1, 'the moved photo is the cover');
    assert.equal(await page.locator(`li.upload-thumb[data-key="${before[0]}"]`).getByTestId('cover-badge').count(), 0);
    // Still focused: the keyboard user keeps their place.
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-key')), before[2]);

    // Drag with the mouse: the last photo onto the middle one, and back again.
    const dragOnto = async (fromKey: string, toKey: string) => {
      const from = await page.locator(`li.upload-thumb[data-key="${fromKey}"]`).boundingBox();
      const to = await page.locator(`li.upload-thumb[data-key="${toKey}"]`).boundingBox();
      assert.ok(from && to);
      await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
      await page.mouse.down();
      await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
      await page.mouse.up();
    };
    await dragOnto(before[1]!, before[0]!);
    assert.deepEqual(await thumbKeys(page), [before[2], before[1], before[0]]);
    await dragOnto(before[0]!, before[1]!);
    assert.deepEqual(await thumbKeys(page), [before[2], before[0], before[1]]);

    // A 21-character Chinese title is 42 units: red counter, no posting. Then a title that fits.
    const post = page.getByRole('button', { name: 'Post', exact: true });
    await page.getByLabel('Title', { exact: true }).fill('今天天气很好我们一起去公园散步吧看看花开了');
    await waitForTestIdText(page, 'title-counter', '42/40');
    assert.equal(await page.getByTestId('title-counter').getAttribute('data-over'), 'true');
    assert.equal(await post.isDisabled(), true, 'Post is blocked while the title is too long');
    await page.getByLabel('Title', { exact: true }).fill('Mittens 的周末');
    await waitForTestIdText(page, 'title-counter', '14/40');
    assert.equal(await page.getByTestId('title-counter').getAttribute('data-over'), null);
    await page.getByLabel('Text', { exact: true }).fill(`Weekend nap report. #cattax @${READER.handle}\n周末午睡报告 #成都`);
    await page.getByLabel(/^Place/).fill('成都');
    await page.locator('li.upload-thumb').first().click();
    await shot(page, 'notes-desktop-compose');
    await assertNoHorizontalOverflow(page, 1280, 'composer');

    await post.click();
    await page.waitForFunction(() => /^\/n\/[0-9a-f-]{36}$/.test(window.location.pathname), null, { timeout: STEP_TIMEOUT_MS, polling: 100 });
    const noteId = new URL(page.url()).pathname.split('/')[2]!;
    const notePath = `/n/${noteId}`;

    // The carousel shows the new order: the square photo first, as a real image of that media.
    await page.getByRole('heading', { name: 'Mittens 的周末', level: 1 }).waitFor();
    const firstSlide = page.locator('.carousel__slide').first();
    assert.equal(await firstSlide.getAttribute('data-media-id'), square.id);
    const firstSrc = await firstSlide.locator('img.blur-image__img').getAttribute('src');
    assert.ok(firstSrc?.includes(`/media/${square.id}/`), `first image is the moved photo (${firstSrc})`);
    assert.equal(await page.locator('.carousel__slide').count(), 3);
    // Hashtags and mentions are links, from the entities.
    assert.equal(await page.getByRole('link', { name: '#cattax' }).getAttribute('href'), '/t/cattax');
    assert.equal(await page.getByRole('link', { name: '#成都' }).getAttribute('href'), `/t/${encodeURIComponent('成都')}`);
    assert.equal(await page.getByRole('link', { name: `@${READER.handle}` }).getAttribute('href'), `/u/${READER.handle}`);
    await page.getByText('成都', { exact: true }).waitFor();

    // Keyboard, dots and the desktop arrows move through the photos.
    await page.locator('.carousel__viewport').focus();
    await page.keyboard.press('ArrowRight');
    await waitForSlide(page, 1);
    await page.keyboard.press('ArrowRight');
    await waitForSlide(page, 2);
    await page.keyboard.press('ArrowRight'); // already at the end: stays
    await waitForSlide(page, 2);
    await page.keyboard.press('ArrowLeft');
    await waitForSlide(page, 1);
    await page.getByRole('button', { name: 'Go to photo 1' }).click();
    await waitForSlide(page, 0);
    await page.getByRole('button', { name: 'Go to photo 3' }).click();
    await waitForSlide(page, 2);
    await page.getByRole('button', { name: 'Previous photo' }).click();
    await waitForSlide(page, 1);
    await page.getByRole('button', { name: 'Go to photo 1' }).click();
    await waitForSlide(page, 0);
    // A swipe (here with the mouse) past the threshold turns the page; a short one doesn't.
    const swipe = async (dx: number) => {
      const box = await page.locator('.carousel__viewport').boundingBox();
      assert.ok(box);
      const y = box.y + box.height / 2;
      await page.mouse.move(box.x + box.width / 2, y);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2 + dx, y, { steps: 6 });
      await page.mouse.up();
    };
    await swipe(-200);
    await waitForSlide(page, 1);
    await swipe(20);
    await settle(page);
    await waitForSlide(page, 1);
    await swipe(200);
    await waitForSlide(page, 0);
    await page.locator('.carousel__slide').first().locator('.blur-image--loaded').waitFor();
    await shot(page, 'notes-desktop-note');

    // ---- the reader, on a phone
    const r = reader.page;
    await logIn(r, READER, notePath);
    await r.getByRole('heading', { name: 'Mittens 的周末', level: 1 }).waitFor();
    await waitForTestIdText(r, 'like-count', '0');
    await r.getByRole('button', { name: 'Like', exact: true }).click();
    await waitForTestIdText(r, 'like-count', '1');
    assert.equal(await r.getByRole('button', { name: 'Like', exact: true }).getAttribute('aria-pressed'), 'true');
    await r.getByRole('button', { name: 'Collect', exact: true }).click();
    await waitForTestIdText(r, 'collect-count', '1');
    await r.getByText('Saved to your collection').waitFor();

    // The board picker: "Saved" is ticked; a new board takes the note too.
    await r.getByRole('button', { name: 'Choose a board' }).click();
    const sheet = r.getByRole('dialog', { name: 'Collect to a board' });
    await sheet.waitFor();
    const saved = sheet.getByRole('checkbox', { name: /^Saved/ });
    await saved.waitFor();
    await r.waitForFunction(() => (document.querySelector('.board-row__input') as HTMLInputElement | null)?.checked === true, null, {
      timeout: STEP_TIMEOUT_MS,
      polling: 100,
    });
    await sheet.getByRole('button', { name: 'New board' }).click();
    await sheet.getByLabel('Board name').fill('Cats 猫');
    await sheet.getByRole('button', { name: 'Create' }).click();
    const cats = sheet.getByRole('checkbox', { name: /^Cats 猫/ });
    await cats.waitFor();
    await r.waitForFunction(() => Array.from(document.querySelectorAll<HTMLInputElement>('.board-row__input')).filter((i) => i.checked).length === 2, null, {
      timeout: STEP_TIMEOUT_MS,
      polling: 100,
    });
    await assertNoHorizontalOverflow(r, 360, 'collect sheet');
    await shot(r, 'notes-phone-collect-sheet', { fullPage: false });
    await sheet.getByRole('button', { name: 'Done' }).click();
    await sheet.waitFor({ state: 'hidden' });
    await waitForTestIdText(r, 'collect-count', '1');

    // A comment, written in the bar.
    await r.getByRole('button', { name: 'Say something…' }).click();
    await r.getByLabel('Your comment').fill('你好 Mittens!');
    await r.getByRole('button', { name: 'Send', exact: true }).click();
    await r.locator('.comments__list').getByText('你好 Mittens!').waitFor();
    await waitForTestIdText(r, 'comment-count', '1');

    // ---- the author answers the comment
    await page.reload();
    const thread = page.locator('li.thread', { hasText: '你好 Mittens!' });
    await thread.waitFor();
    await waitForTestIdText(page, 'like-count', '1');
    await waitForTestIdText(page, 'collect-count', '1');
    await thread.getByRole('button', { name: 'Reply', exact: true }).first().click();
    const replyBox = page.getByLabel(`Replying to @${READER.handle}`);
    await replyBox.waitFor();
    await replyBox.fill('Thanks! 谢谢，它又睡着了。');
    await replyBox.press('Enter');
    await thread.locator('.thread__replies').getByText('Thanks! 谢谢，它又睡着了。').waitFor();
    await waitForTestIdText(page, 'comment-count', '2');

    // ---- the reader sees the reply nested under their comment, saying whom it answers
    await r.reload();
    const readerThread = r.locator('li.thread', { hasText: '你好 Mittens!' });
    const nested = readerThread.locator('.thread__replies .comment', { hasText: 'Thanks! 谢谢' });
    await nested.waitFor();
    assert.equal((await nested.getByTestId('replying-to').innerText()).trim(), `Replying to @${READER.handle}`);
    await nested.getByText(AUTHOR.displayName).waitFor();
    await assertNoHorizontalOverflow(r, 360, 'note page on a phone');
    await r.locator('.carousel__slide').first().locator('.blur-image--loaded').waitFor();
    await shot(r, 'notes-phone-note', { fullPage: false });
    await shot(r, 'notes-phone-note-comments', { fullPage: false, scroll: 'bottom' });

    // ---- the composer on a phone
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto('/compose');
    await page
      .locator('input[type="file"]')
      .first()
      .setInputFiles(PHOTOS.map((p) => join(photoDir, p.name)));
    await page.locator('li.upload-thumb[data-status="done"]').nth(2).waitFor();
    await page.getByLabel('Title', { exact: true }).fill('一只叫 Mittens 的猫和它的周末午睡');
    await page.getByLabel('Text', { exact: true }).fill('#cattax #tiktokrefugee');
    await assertNoHorizontalOverflow(page, 360, 'composer on a phone');
    await shot(page, 'notes-phone-compose', { fullPage: false });
    await shot(page, 'notes-phone-compose-form', { fullPage: false, scroll: 'bottom' });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(notePath);
    await page.locator('li.thread').first().waitFor();
    await shot(page, 'notes-desktop-note-comments');

    assert.deepEqual(author.problems, [], 'no CSP violations or script errors (author)');
    assert.deepEqual(reader.problems, [], 'no CSP violations or script errors (reader)');
  } finally {
    await author.context.close();
    await reader.context.close();
  }
});

test('a signed-out reader can read a note in 中文 and is sent to log in to like it', { timeout: 120_000 }, async () => {
  // A note posted through the API, the way any client would.
  const api = await apiAs(AUTHOR);
  const { id: mediaId } = await api.upload(join(photoDir, 'wide.jpg'), 'image/jpeg');
  const { id } = await api.json<{ id: string }>('POST', '/notes', {
    title: '成都的火锅',
    body: '太辣了 #美食 https://example.com/hotpot',
    mediaIds: [mediaId],
    visibility: 'public',
  });

  const { page, context, problems } = await openPage(browser, server.baseUrl, { width: 360, height: 740 }, 'zh-CN');
  try {
    await page.goto(`/n/${id}`);
    await page.getByRole('heading', { name: '成都的火锅', level: 1 }).waitFor();
    await page.getByText('次浏览').waitFor();
    // The tab keeps the note's own title (the server sends it for shared links; the client keeps it).
    assert.equal(await page.title(), '成都的火锅 · 笔记 Biji');
    const link = page.getByRole('link', { name: 'https://example.com/hotpot' });
    assert.equal(await link.getAttribute('rel'), 'noopener noreferrer nofollow');
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.equal(await page.getByRole('link', { name: '#美食' }).getAttribute('href'), `/t/${encodeURIComponent('美食')}`);
    // One photo: no dots, no arrows.
    assert.equal(await page.locator('.carousel__dot').count(), 0);
    await page.getByText('还没有评论').waitFor();
    await page.locator('.carousel__slide .blur-image--loaded').waitFor();
    await assertNoHorizontalOverflow(page, 360, 'note page signed out');
    await shot(page, 'notes-phone-note-signed-out-zh', { fullPage: false });
    await page.getByRole('button', { name: '点赞', exact: true }).click();
    await waitForPath(page, '/login');
    assert.equal(new URL(page.url()).searchParams.get('next'), `/n/${id}`);
    assert.deepEqual(problems, [], 'no CSP violations or script errors');
  } finally {
    await context.close();
  }
});

test('a video note shows the poster the server chose, says “processing”, then plays', { timeout: 120_000 }, async () => {
  const { page, context, problems } = await openPage(browser, server.baseUrl, { width: 360, height: 740 });
  try {
    await logIn(page, AUTHOR, '/compose');
    await page
      .locator('input[type="file"]')
      .first()
      .setInputFiles(await mp4Clip());
    await page.locator('li.upload-thumb[data-status="done"]').waitFor();
    // One video is all a note holds: no "add more".
    assert.equal(await page.locator('.compose-media__add').count(), 0);
    await page.getByText('Your video is being prepared').waitFor();
    await page.getByRole('img', { name: 'Cover frame chosen by Biji' }).waitFor();
    await page.getByLabel('Title', { exact: true }).fill('Mittens 在跳舞');
    await assertNoHorizontalOverflow(page, 360, 'composer with a video');
    await shot(page, 'notes-phone-compose-video', { fullPage: false });
    await page.getByRole('button', { name: 'Post', exact: true }).click();
    await page.waitForFunction(() => /^\/n\/[0-9a-f-]{36}$/.test(window.location.pathname), null, { timeout: STEP_TIMEOUT_MS, polling: 100 });
    await page.getByRole('heading', { name: 'Mittens 在跳舞', level: 1 }).waitFor();
    if (await page.getByText('Processing video…').isVisible()) await shot(page, 'notes-phone-note-video-processing', { fullPage: false });
    // The page looks again until the transcode is done, then plays the MP4 over its poster.
    const video = page.locator('video.carousel__video');
    await video.waitFor({ timeout: 30_000 });
    assert.match((await video.getAttribute('src')) ?? '', /^\/media\/[0-9a-f-]{36}\/video\.mp4$/);
    assert.match((await video.getAttribute('poster')) ?? '', /^\/media\/[0-9a-f-]{36}\//);
    await assertNoHorizontalOverflow(page, 360, 'video note');
    assert.deepEqual(problems, [], 'no CSP violations or script errors');
  } finally {
    await context.close();
  }
});

test('the author shares, edits, turns comments off, removes a comment and deletes the note', { timeout: 120_000 }, async () => {
  const author = await apiAs(AUTHOR);
  const reader = await apiAs(READER);
  const { id: mediaId } = await author.upload(join(photoDir, 'tall.jpg'), 'image/jpeg');
  const note = await author.json<{ id: string }>('POST', '/notes', { title: 'Draft title', body: 'Soon edited.', mediaIds: [mediaId] });
  const comment = await reader.json<{ id: string }>('POST', `/notes/${note.id}/comments`, { body: 'First! 沙发' });
  await author.json('POST', `/notes/${note.id}/comments`, { body: 'Welcome', replyTo: comment.id });
  // Four more replies: three show inline, the rest behind "show more".
  for (let i = 2; i <= 5; i++) await reader.json('POST', `/notes/${note.id}/comments`, { body: `Reply number ${i}`, replyTo: comment.id });

  const { page, context, problems } = await openPage(browser, server.baseUrl, { width: 1280, height: 800 });
  try {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseUrl });
    await logIn(page, AUTHOR, `/n/${note.id}`);
    await page.getByRole('heading', { name: 'Draft title', level: 1 }).waitFor();

    // Share opens the share sheet (send to a chat, or copy the link): Copy link copies it.
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    await page.locator('dialog.share-sheet[open]').getByRole('button', { name: 'Copy link' }).click();
    await page.getByText('Link copied').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), `${server.baseUrl}/n/${note.id}`);

    // Edit title, body and visibility in place.
    const menu = page.getByRole('button', { name: 'Note actions' });
    await menu.click();
    await page.getByRole('menuitem', { name: 'Edit' }).click();
    const form = page.getByRole('form', { name: 'Edit note' });
    await form.getByLabel('Title', { exact: true }).fill('新标题 New title');
    await form.getByLabel('Text', { exact: true }).fill('Edited #cattax');
    await form.getByLabel('Who can see it').selectOption('followers');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: '新标题 New title', level: 1 }).waitFor();
    await page.getByRole('link', { name: '#cattax' }).waitFor();
    await page.getByText('Followers only').waitFor();

    // A thread shows its first three replies; the other two come on request.
    const firstThread = page.locator('li.thread').first();
    await firstThread.getByText('Reply number 3').waitFor();
    assert.equal(await firstThread.locator('.thread__replies .comment').count(), 3);
    await firstThread.getByRole('button', { name: 'Show 2 more replies' }).click();
    await firstThread.getByText('Reply number 5').waitFor();
    assert.equal(await firstThread.locator('.thread__replies .comment').count(), 5);
    assert.equal(await firstThread.getByRole('button', { name: /more repl/ }).count(), 0);

    // Comments off: the box says so, the list stays.
    await menu.click();
    await page.getByRole('menuitem', { name: 'Turn comments off' }).click();
    await page.getByText('Comments are off for this note.').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Comments are off' }).isDisabled(), true);

    // The note's author removes a reader's comment; its reply keeps a "[comment deleted]" head.
    const thread = page.locator('li.thread').first();
    await thread.getByText('First! 沙发').waitFor();
    page.once('dialog', (dialog) => void dialog.accept());
    await thread.locator('.comment').first().getByRole('button', { name: 'Delete' }).click();
    await thread.getByText('[comment deleted]').waitFor();
    await thread.locator('.thread__replies').getByText('Welcome').waitFor();
    await shot(page, 'notes-desktop-note-author');

    // Delete the note: back to the profile, and the note is gone.
    await menu.click();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('menuitem', { name: 'Delete note' }).click();
    await waitForPath(page, `/u/${AUTHOR.handle}`);
    await author.json('GET', `/notes/${note.id}`, undefined, 404);
    assert.deepEqual(problems, [], 'no CSP violations or script errors');
  } finally {
    await context.close();
  }
});
