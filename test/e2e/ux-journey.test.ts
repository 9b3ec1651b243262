// Browser journeys for what a new user first meets: the home page's latest notes, a hashtag's tag
// page, notifications that clear when opened and lead to the very comment, and a composer that
// says why each failed file failed. Seeded through the API; screenshots at 360 and 1280, en and zh.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { assertNoHorizontalOverflow, launchBrowser, openPage, STEP_TIMEOUT_MS, waitForPath } from './browser.ts';
import { startServer, type TestServer } from './server.ts';

let server: TestServer;
let browser: Browser;

type Person = { handle: string; password: string; displayName: string; token: string };

const MEI = { handle: 'mei_cd', password: 'hotpot by the river 66', displayName: '梅小雨的成都日常' };
const BEN = { handle: 'ben_ohio', password: 'reading on the train 7', displayName: 'Ben' };
const CY = { handle: 'cy_lin', password: 'cypress hill walker 3', displayName: 'Cy 林' };
const people: Record<string, Person> = {};

const NOTE_TITLE = '成都的火锅';
const SECRET_TITLE = 'Friends-only hotpot';
const BEN_REPLY = 'Which street was it on? 在哪条街？';
let noteId = '';

async function api<T = unknown>(path: string, init: { method?: string; body?: unknown; token?: string; form?: FormData } = {}): Promise<T> {
  const headers: Record<string, string> = { origin: server.baseUrl };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const method = init.method ?? (init.body !== undefined || init.form ? 'POST' : 'GET');
  const response = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method,
    headers,
    body: init.form ?? (init.body !== undefined ? JSON.stringify(init.body) : undefined),
    signal: AbortSignal.timeout(STEP_TIMEOUT_MS),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path} → ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

function photo(width: number, height: number, hue: number): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="100%" height="100%" fill="hsl(${hue},70%,62%)"/>
    <circle cx="${width / 2}" cy="${height / 2}" r="${Math.min(width, height) / 4}" fill="#fff3c4"/>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}

async function postNote(who: Person, title: string, body: string, hue: number, visibility = 'public'): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(await photo(900, 1200, hue))], { type: 'image/jpeg' }), 'photo.jpg');
  const media = await api<{ id: string }>('/media', { token: who.token, form });
  return (await api<{ id: string }>('/notes', { token: who.token, body: { title, body, mediaIds: [media.id], visibility } })).id;
}

before(
  async () => {
    server = await startServer();
    browser = await launchBrowser();
    for (const p of [MEI, BEN, CY]) {
      const created = await api<{ token: string }>('/accounts', { body: { ...p, languages: ['zh', 'en'] } });
      people[p.handle] = { ...p, token: created.token };
    }
    const mei = people[MEI.handle]!;
    noteId = await postNote(mei, NOTE_TITLE, '太辣了，但是好吃 #成都 #美食', 15);
    await postNote(mei, 'Pandas at the base', 'So sleepy #成都 #pandas', 120);
    await postNote(people[CY.handle]!, 'Tea house morning', '#茶馆 early and quiet', 200);
    // Only Mei's followers may see this one: it is in no public list, for anyone.
    await postNote(mei, SECRET_TITLE, '#成都 just for friends', 300, 'followers');
  },
  { timeout: 180_000 },
);

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function logIn(page: Page, account: { handle: string; password: string }, next = '/') {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel(/^(Handle|用户名)$/).fill(account.handle);
  await page.getByLabel(/^(Password|密码)$/).fill(account.password);
  await page.getByRole('button', { name: /^(Log in|登录)$/ }).click();
  await waitForPath(page, next);
}

const SCREENSHOT_DIR = resolve(import.meta.dirname, '../../test-results/screenshots');

/** A screenshot; pages with fixed bars (the note page on a phone) are shot as the viewport. */
async function screenshot(page: Page, name: string, fullPage = true) {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage, timeout: STEP_TIMEOUT_MS });
}

const cards = (page: Page) => page.locator('article.note-card');

/** Waits (bounded) until no finite animation runs: a flash or pulse mid-way isn't a picture. */
async function settle(page: Page) {
  await page.waitForFunction(
    () => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity),
    null,
    { timeout: STEP_TIMEOUT_MS, polling: 50 },
  );
}

async function coversLoaded(page: Page) {
  await page.waitForFunction(
    () => Array.from(document.querySelectorAll<HTMLImageElement>('.note-card__img')).every((img) => img.complete && img.naturalWidth > 0),
    null,
    { timeout: STEP_TIMEOUT_MS },
  );
}

test('the home page welcomes and shows the latest notes; a hashtag opens its tag page listing the note', { timeout: 180_000 }, async () => {
  // A visitor, in English and in 中文, on a phone and a desktop.
  for (const [locale, heading] of [
    ['en-US', 'Life notes in English and 中文'],
    ['zh-CN', '用中文和 English 记录生活'],
  ] as const) {
    const lang = locale.slice(0, 2);
    for (const width of [360, 1280]) {
      const { page, context, problems } = await openPage(browser, server.baseUrl, { width, height: width === 360 ? 740 : 900 }, locale);
      try {
        await page.goto('/');
        await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
        await cards(page).filter({ hasText: NOTE_TITLE }).waitFor();
        assert.equal(await cards(page).count(), 3, 'the three public notes');
        assert.equal(await cards(page).filter({ hasText: SECRET_TITLE }).count(), 0, 'never a followers-only note');
        assert.equal(await page.getByText(/isn’t open yet|还没有开放/).count(), 0);
        await coversLoaded(page);
        await assertNoHorizontalOverflow(page, width, `home ${lang}`);
        await screenshot(page, `ux-home-visitor-${width}-${lang}`);
        assert.deepEqual(problems, [], 'no CSP violations or script errors');
      } finally {
        await context.close();
      }
    }
  }

  const { page, context, problems } = await openPage(browser, server.baseUrl, { width: 1280, height: 900 });
  try {
    await logIn(page, BEN);
    await page.getByRole('heading', { name: `Hi, ${BEN.displayName}`, level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Post a note' }).waitFor();
    const card = cards(page).filter({ hasText: NOTE_TITLE });
    await card.waitFor();
    assert.ok((await card.locator('a.note-card__link').getAttribute('href'))?.endsWith(`/n/${noteId}`));
    await coversLoaded(page);
    await screenshot(page, 'ux-home-member-1280-en');

    // The note's hashtag leads to the tag's page, which lists the note.
    await card.locator('a.note-card__link').click();
    await waitForPath(page, `/n/${noteId}`);
    await page.getByRole('link', { name: '#成都' }).click();
    await waitForPath(page, `/t/${encodeURIComponent('成都')}`);
    await page.getByRole('heading', { name: '#成都', level: 1 }).waitFor();
    await cards(page).filter({ hasText: NOTE_TITLE }).waitFor();
    await cards(page).filter({ hasText: 'Pandas at the base' }).waitFor();
    assert.equal(await cards(page).count(), 2, 'the two public #成都 notes');
    assert.equal(await cards(page).filter({ hasText: SECRET_TITLE }).count(), 0);
    await coversLoaded(page);
    await screenshot(page, 'ux-tag-1280-en');
    await page.setViewportSize({ width: 360, height: 740 });
    await assertNoHorizontalOverflow(page, 360, 'tag page');
    await screenshot(page, 'ux-tag-360-en');

    // A tag nobody used yet says so.
    await page.goto('/t/nobody_uses_this');
    await page.getByRole('heading', { name: 'No notes with #nobody_uses_this yet' }).waitFor();
    await screenshot(page, 'ux-tag-empty-360-en');
    assert.deepEqual(problems, [], 'no CSP violations or script errors');
  } finally {
    await context.close();
  }

  // The tag page in 中文.
  const zh = await openPage(browser, server.baseUrl, { width: 360, height: 740 }, 'zh-CN');
  try {
    await zh.page.goto(`/t/${encodeURIComponent('成都')}`);
    await zh.page.getByTestId('topic-notes').filter({ hasText: '2 篇笔记' }).waitFor();
    await cards(zh.page).nth(1).waitFor();
    await coversLoaded(zh.page);
    await screenshot(zh.page, 'ux-tag-360-zh');
    await zh.page.setViewportSize({ width: 1280, height: 900 });
    await screenshot(zh.page, 'ux-tag-1280-zh');
    assert.deepEqual(zh.problems, [], 'no CSP violations or script errors');
  } finally {
    await zh.context.close();
  }
});

/** The badge on the visible navigation (rail on desktop, tab bar on phones). */
function badge(page: Page) {
  const nav = (page.viewportSize()?.width ?? 1280) >= 768 ? 'nav.rail' : 'nav.tabbar';
  return page.locator(`${nav} [data-testid="unread-badge"]`);
}

async function waitForBadge(page: Page, text: string) {
  if (text === '') await badge(page).waitFor({ state: 'detached' });
  else
    await badge(page)
      .filter({ hasText: new RegExp(`^${text}$`) })
      .waitFor();
}

/** How many pulses the visible badge has shown since it appeared. */
async function pulses(page: Page): Promise<number> {
  const nav = (page.viewportSize()?.width ?? 1280) >= 768 ? 'nav.rail' : 'nav.tabbar';
  return Number((await page.locator(`${nav} [data-testid="unread-badge-box"]`).getAttribute('data-activity')) ?? 0);
}

test('opening notifications clears the badge, a comment shows its words, and its link scrolls to the highlighted comment', { timeout: 240_000 }, async () => {
  const mei = people[MEI.handle]!;
  const cy = people[CY.handle]!;
  const ben = people[BEN.handle]!;
  // Mei's own thread, with replies; then enough newer threads to push it off the first page.
  const head = await api<{ id: string }>(`/notes/${noteId}/comments`, { token: mei.token, body: { body: 'Ask me anything about this place!' } });
  for (let i = 1; i <= 4; i++) await api(`/notes/${noteId}/comments`, { token: cy.token, body: { body: `Reply ${i} from Cy`, replyTo: head.id } });
  for (let i = 1; i <= 21; i++) await api(`/notes/${noteId}/comments`, { token: cy.token, body: { body: `看起来很好吃 ${i}` } });
  const reply = await api<{ id: string }>(`/notes/${noteId}/comments`, { token: ben.token, body: { body: BEN_REPLY, replyTo: head.id } });

  const { page, context, problems } = await openPage(browser, server.baseUrl, { width: 1280, height: 900 });
  try {
    await logIn(page, MEI);
    await badge(page).waitFor();
    assert.notEqual((await badge(page).textContent())?.trim(), '');
    await page
      .locator('nav.rail')
      .getByRole('link', { name: /Messages/ })
      .click();
    // The Messages tab holds the chats; notifications are its first shortcut.
    await waitForPath(page, '/messages');
    await page.locator('a.messages-shortcut[href="/notifications"]').click();
    await waitForPath(page, '/notifications');

    // Opening the page marks what it shows read: the badge clears, the rows stay tinted this visit.
    await waitForBadge(page, '');
    const rows = page.getByTestId('notification');
    const benRow = rows.filter({ has: page.getByTestId('notification-comment').filter({ hasText: BEN_REPLY }) });
    await benRow.waitFor();
    assert.equal(await rows.first().getByTestId('notification-comment').textContent(), BEN_REPLY, 'the newest item shows the reply’s words');
    assert.equal(await benRow.evaluate((el) => el.classList.contains('notification--unread')), true, 'still tinted as new');
    const unread = await api<{ unread: number }>('/notifications/unread-count', { token: mei.token });
    assert.ok(unread.unread <= 5, `what the page showed is read (${unread.unread} left beyond the first page)`);

    // A like, then a second like joining the same unread group: the number stays 1, but the badge
    // pulses again, screen readers hear of it, and the group moves to the top with the new face.
    await api(`/notes/${noteId}/like`, { method: 'PUT', token: ben.token });
    await waitForBadge(page, '1');
    const before = await pulses(page);
    await api(`/notes/${noteId}/like`, { method: 'PUT', token: cy.token });
    await page.waitForFunction(
      ([nav, n]) => Number(document.querySelector(`${nav} [data-testid="unread-badge-box"]`)?.getAttribute('data-activity') ?? 0) > n,
      ['nav.rail', before] as const,
      { timeout: STEP_TIMEOUT_MS, polling: 100 },
    );
    await waitForBadge(page, '1');
    await page.locator('#unread-announcer').filter({ hasText: 'New notification. 1 unread.' }).waitFor({ state: 'attached' });
    await rows
      .first()
      .getByTestId('notification-who')
      .filter({ hasText: `${CY.displayName} and ${BEN.displayName}` })
      .waitFor();
    assert.equal(await rows.first().getAttribute('data-kind'), 'like');
    await settle(page);
    await screenshot(page, 'ux-notifications-1280-en');

    await page.setViewportSize({ width: 360, height: 740 });
    await assertNoHorizontalOverflow(page, 360, 'notifications');
    // The text column starts at the same place on every row, whatever the number of faces.
    const lefts = await page.locator('.notification__text').evaluateAll((els) => [...new Set(els.map((el) => Math.round(el.getBoundingClientRect().left)))]);
    assert.equal(lefts.length, 1, `one text column (${lefts.join(', ')})`);
    // A long Chinese name stays on one line.
    const name = page.locator('.notification__name', { hasText: '梅' }).first();
    if ((await name.count()) > 0) {
      const box = await name.boundingBox();
      assert.ok(box && box.height < 30, 'a name does not break over two lines');
    }
    await screenshot(page, 'ux-notifications-360-en');

    // The same list in 中文.
    await api('/me', { method: 'PATCH', token: mei.token, body: { uiLanguage: 'zh' } });
    await page.reload();
    await page.getByRole('heading', { name: '通知', level: 1 }).waitFor();
    await page.getByTestId('notification-what').filter({ hasText: '回复了你的评论' }).first().waitFor();
    await settle(page);
    await screenshot(page, 'ux-notifications-360-zh');
    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshot(page, 'ux-notifications-1280-zh');
    await api('/me', { method: 'PATCH', token: mei.token, body: { uiLanguage: 'en' } });
    await page.reload();
    await page.getByRole('heading', { name: 'Notifications', level: 1 }).waitFor();

    // Ben's reply sits in a thread far down the comments: the link pins it on top, highlighted, in view.
    await benRow.first().getByRole('link').click();
    await page.waitForFunction((id) => new URLSearchParams(window.location.search).get('comment') === id, reply.id, {
      timeout: STEP_TIMEOUT_MS,
      polling: 100,
    });
    const linked = page.locator(`.thread--pinned .comment--highlight[data-comment-id="${reply.id}"]`);
    await linked.waitFor();
    assert.equal((await linked.locator('.comment__body').textContent())?.trim(), BEN_REPLY);
    await page.waitForFunction(
      (id) => {
        const el = document.querySelector(`[data-comment-id="${id}"]`);
        if (!el) return false;
        const box = el.getBoundingClientRect();
        return box.top >= 0 && box.bottom <= window.innerHeight;
      },
      reply.id,
      { timeout: STEP_TIMEOUT_MS, polling: 100 },
    );
    assert.equal(await page.locator(`[data-comment-id="${head.id}"]`).count(), 1, 'the thread is shown once, pinned');
    await settle(page);
    await screenshot(page, 'ux-comment-link-1280-en', false);
    await page.setViewportSize({ width: 360, height: 740 });
    await linked.scrollIntoViewIfNeeded();
    await assertNoHorizontalOverflow(page, 360, 'note with a linked comment');
    await screenshot(page, 'ux-comment-link-360-en', false);
    assert.deepEqual(problems, [], 'no CSP violations or script errors');
  } finally {
    await context.close();
  }
});

test('the composer shows each failed file’s own reason, and offers Retry only where a retry helps', { timeout: 180_000 }, async () => {
  const fake = { name: 'not-a-photo.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('This is a text file pretending to be a photo. '.repeat(40)) };
  const huge = {
    name: 'huge-panorama.png',
    mimeType: 'image/png',
    buffer: await sharp({ create: { width: 9000, height: 5000, channels: 3, background: '#88aacc' } })
      .png({ compressionLevel: 9 })
      .toBuffer(),
  };
  const good = { name: 'good.jpg', mimeType: 'image/jpeg', buffer: await photo(800, 600, 40) };

  for (const [locale, width] of [
    ['en-US', 360],
    ['zh-CN', 1280],
  ] as const) {
    // The account's saved language wins over the browser's: set it to the one this round speaks.
    await api('/me', { method: 'PATCH', token: people[BEN.handle]!.token, body: { uiLanguage: locale.slice(0, 2) } });
    const { page, context, problems } = await openPage(browser, server.baseUrl, { width, height: width === 360 ? 740 : 900 }, locale);
    try {
      // The third upload loses its connection once: a retry can fix that one.
      let uploads = 0;
      await page.route('**/api/v1/media', async (route) => {
        uploads += 1;
        if (uploads === 3) await route.abort('failed');
        else await route.continue();
      });
      await logIn(page, BEN, '/compose');
      await page.locator('input[type="file"]').first().setInputFiles([fake, huge, good]);
      const tiles = page.locator('li.upload-thumb');
      await tiles.nth(2).and(page.locator('[data-status="error"]')).waitFor();
      await tiles.nth(1).and(page.locator('[data-status="error"]')).waitFor();
      await tiles.nth(0).and(page.locator('[data-status="error"]')).waitFor();

      const zh = locale === 'zh-CN';
      const labels = await tiles.getByTestId('upload-failure-label').locator('.upload-thumb__reason').allInnerTexts();
      assert.deepEqual(labels, zh ? ['格式不支持', '像素过多', '网络错误'] : ['Not supported', 'Too many pixels', 'Network error']);
      // Retry only on the file a retry can fix; every file can be removed.
      assert.equal(await tiles.nth(0).locator('.upload-thumb__retry').count(), 0);
      assert.equal(await tiles.nth(1).locator('.upload-thumb__retry').count(), 0);
      assert.equal(await tiles.nth(2).locator('.upload-thumb__retry').count(), 1);
      assert.equal(await tiles.locator('.upload-thumb__remove').count(), 3);
      const reasons = await page.getByTestId('upload-failure').allInnerTexts();
      assert.equal(reasons.length, 3);
      assert.match(reasons[0]!, zh ? /^not-a-photo\.jpg：不是笔记能读取的图片或视频/ : /^not-a-photo\.jpg: Not a photo or video Biji can read/);
      assert.match(reasons[1]!, zh ? /^huge-panorama\.png：超过 40 百万像素/ : /^huge-panorama\.png: More than 40 megapixels/);
      assert.match(reasons[2]!, zh ? /^good\.jpg：上传时网络中断了/ : /^good\.jpg: The connection dropped/);
      await assertNoHorizontalOverflow(page, width, 'composer with failures');
      await screenshot(page, `ux-compose-failures-${width}-${locale.slice(0, 2)}`);

      // Retry brings the third one in; the two others are removed.
      await tiles.nth(2).locator('.upload-thumb__retry').click();
      await tiles.nth(2).and(page.locator('[data-status="done"]')).waitFor();
      await tiles.nth(0).locator('.upload-thumb__remove').click();
      await tiles.nth(0).locator('.upload-thumb__remove').click();
      await page.locator('li.upload-thumb[data-status="done"]').waitFor();
      assert.equal(await tiles.count(), 1);
      assert.equal(await page.getByTestId('upload-failure').count(), 0);
      // The one failed load is the connection this test cut on purpose.
      assert.deepEqual(
        problems.filter((p) => !p.includes('net::ERR_FAILED')),
        [],
        'no CSP violations or script errors',
      );
    } finally {
      await context.close();
    }
  }
});
