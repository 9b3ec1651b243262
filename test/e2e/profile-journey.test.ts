// Browser journey: a profile's waterfall, live notifications with the unread badge, boards and avatars,
// through the real server and the built web client. People and notes are seeded through the API.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { assertNoHorizontalOverflow, launchBrowser, openPage, STEP_TIMEOUT_MS, screenshot, waitForPath } from './browser.ts';
import { startServer, type TestServer } from './server.ts';

let server: TestServer;
let browser: Browser;

type Person = { handle: string; password: string; displayName: string; token: string };
type Seeded = { id: string; title: string; width: number; height: number; visibility: 'public' | 'followers' };

const ANA = { handle: 'ana_wu', password: 'waterfall of notes 88', displayName: 'Ana Wu' };
const BO = { handle: 'bo_li', password: 'boats on the river 12', displayName: 'Bo Li' };
const CY = { handle: 'cy_zh', password: 'cypress hill walker 3', displayName: 'Cy Zhang' };
const DEE = { handle: 'dee_k', password: 'deep blue evening 45', displayName: 'Dee Kim' };

const people: Record<string, Person> = {};
const notes: Seeded[] = [];

// Eight photos of varied shapes; the last is for followers only.
const SHAPES: Array<{ title: string; width: number; height: number; hue: number; visibility?: 'followers' }> = [
  { title: 'Tall street in Chengdu 成都', width: 600, height: 1200, hue: 10 },
  { title: 'Wide river at dusk', width: 1200, height: 600, hue: 210 },
  { title: '火锅 night #美食', width: 700, height: 700, hue: 30 },
  { title: 'Portrait of a cat #cattax', width: 600, height: 800, hue: 280 },
  { title: 'Mountains seen from the train window', width: 800, height: 600, hue: 140 },
  { title: '竖屏 9:16 夜景', width: 540, height: 960, hue: 250 },
  { title: 'Panorama 16:9', width: 1280, height: 720, hue: 180 },
  { title: 'Only for my followers', width: 640, height: 960, hue: 330, visibility: 'followers' },
];

const TALL = SHAPES[0]!.title;
const WIDE = SHAPES[1]!.title;
const PRIVATE_NOTE = SHAPES[7]!.title;
const PRIVATE_BOARD = 'Secret dinners';

/** A small, photo-like JPEG drawn here (nothing downloaded). */
function photo(width: number, height: number, hue: number): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="hsl(${hue},70%,72%)"/><stop offset="1" stop-color="hsl(${(hue + 40) % 360},60%,38%)"/>
    </linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>
    <circle cx="${width * 0.7}" cy="${height * 0.3}" r="${Math.min(width, height) / 6}" fill="#ffe3a3" opacity="0.85"/>
    <path d="M0 ${height * 0.75} Q${width / 3} ${height * 0.55} ${width / 2} ${height * 0.72} T${width} ${height * 0.66} V${height} H0 Z" fill="hsl(${(hue + 120) % 360},35%,28%)"/>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}

async function api<T = unknown>(
  path: string,
  init: { method?: string; body?: unknown; token?: string; form?: FormData } = {},
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { origin: server.baseUrl };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method: init.method ?? (init.body !== undefined || init.form ? 'POST' : 'GET'),
    headers,
    body: init.form ?? (init.body !== undefined ? JSON.stringify(init.body) : undefined),
    signal: AbortSignal.timeout(STEP_TIMEOUT_MS),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

async function createPerson(p: Omit<Person, 'token'>): Promise<Person> {
  const created = await api<{ token: string }>('/accounts', { body: p });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return { ...p, token: created.body.token };
}

async function upload(token: string, jpeg: Buffer, purpose: 'note' | 'avatar' = 'note'): Promise<string> {
  const form = new FormData();
  form.append('purpose', purpose);
  form.append('file', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'photo.jpg');
  const res = await api<{ id: string }>('/media', { token, form });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id;
}

before(
  async () => {
    server = await startServer();
    browser = await launchBrowser();
    for (const p of [ANA, BO, CY, DEE]) people[p.handle] = await createPerson(p);
    const ana = people[ANA.handle]!;
    for (const shape of SHAPES) {
      const mediaId = await upload(ana.token, await photo(shape.width, shape.height, shape.hue));
      const visibility = shape.visibility ?? 'public';
      const res = await api<{ id: string }>('/notes', {
        token: ana.token,
        body: { title: shape.title, body: `${shape.title} — a note from the journey.`, mediaIds: [mediaId], visibility },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      notes.push({ id: res.body.id, title: shape.title, width: shape.width, height: shape.height, visibility });
    }
  },
  { timeout: 180_000 },
);

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function logIn(page: Page, account: { handle: string; password: string }) {
  await page.goto('/login');
  await page.getByLabel('Handle').fill(account.handle);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await waitForPath(page, '/');
}

const cards = (page: Page) => page.locator('article.note-card');
const card = (page: Page, title: string) => cards(page).filter({ hasText: title });

/** Distinct left edges of the cards: how many columns the waterfall shows. */
async function columnCount(page: Page): Promise<number> {
  const lefts = await cards(page).evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().left)));
  return new Set(lefts).size;
}

async function coverBox(page: Page, title: string) {
  const box = await card(page, title).getByTestId('note-cover').boundingBox();
  assert.ok(box, `the cover of “${title}” is on screen`);
  return box;
}

/** The badge on the visible navigation (rail on desktop, tab bar on phones); '' when there is none. */
async function badgeText(page: Page): Promise<string> {
  const nav = (page.viewportSize()?.width ?? 1280) >= 768 ? 'nav.rail' : 'nav.tabbar';
  const badge = page.locator(`${nav} [data-testid="unread-badge"]`);
  return (await badge.count()) === 0 ? '' : (await badge.innerText()).trim();
}

async function waitForBadge(page: Page, text: string) {
  const nav = (page.viewportSize()?.width ?? 1280) >= 768 ? 'nav.rail' : 'nav.tabbar';
  if (text === '') {
    await page.locator(`${nav} [data-testid="unread-badge"]`).waitFor({ state: 'detached', timeout: STEP_TIMEOUT_MS });
  } else {
    await page
      .locator(`${nav} [data-testid="unread-badge"]`)
      .filter({ hasText: new RegExp(`^${text}$`) })
      .waitFor({ timeout: STEP_TIMEOUT_MS });
  }
}

test('a visitor sees the public notes in a waterfall at their aspect ratios, and the followers-only note after following', { timeout: 120_000 }, async () => {
  const { page, context, problems } = await openPage(browser, server.baseUrl, { width: 1280, height: 900 });
  try {
    await logIn(page, BO);
    await page.goto(`/u/${ANA.handle}`);
    await page.getByRole('heading', { name: ANA.displayName, level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Notes', exact: true }).waitFor();
    const publicCount = SHAPES.filter((s) => !s.visibility).length;
    await cards(page)
      .nth(publicCount - 1)
      .waitFor();
    assert.equal(await cards(page).count(), publicCount, 'only the public notes');
    assert.equal(await card(page, PRIVATE_NOTE).count(), 0, 'no followers-only note for a non-follower');
    assert.ok((await columnCount(page)) >= 2, 'at least two columns at 1280 px');

    // True aspect ratio, clamped to 3:4 … 4:3: the tall photo's card is taller than the wide one's.
    const tall = await coverBox(page, TALL);
    const wide = await coverBox(page, WIDE);
    assert.ok(tall.height > wide.height, `tall cover (${tall.height}px) is taller than the wide one (${wide.height}px)`);
    assert.ok(Math.abs(tall.height / tall.width - 4 / 3) < 0.03, 'a 1:2 photo is clamped to 3:4');
    assert.ok(Math.abs(wide.height / wide.width - 3 / 4) < 0.03, 'a 2:1 photo is clamped to 4:3');
    const square = await coverBox(page, SHAPES[2]!.title);
    assert.ok(Math.abs(square.height - square.width) < 2, 'a square photo stays square');
    // Each cover sits on its blurred thumbhash (a data: PNG) and dominant colour until the photo loads
    // (the first few covers are fetched at once, so they may have loaded and dropped theirs already).
    const backdrops = await page.getByTestId('note-cover').evaluateAll((els) =>
      els.map((el) => ({
        image: (el as HTMLElement).style.backgroundImage,
        colour: (el as HTMLElement).style.backgroundColor,
        loaded: el.classList.contains('note-card__cover--loaded'),
      })),
    );
    assert.ok(
      backdrops.every((b) => b.colour !== '' && (b.loaded || b.image.startsWith('url("data:image/png'))),
      'every cover has a placeholder until its photo has loaded',
    );

    // Cards lead to the note, and the author to their profile.
    const href = await card(page, TALL).locator('a.note-card__link').getAttribute('href');
    assert.equal(href, `/n/${notes[0]!.id}`);
    await page.waitForFunction(
      () => Array.from(document.querySelectorAll<HTMLImageElement>('.note-card__img')).every((img) => img.complete && img.naturalWidth > 0),
      null,
      {
        timeout: STEP_TIMEOUT_MS,
      },
    );
    await screenshot(page, 'profile-grid-1280');

    // Following makes the followers-only note appear, without a reload.
    await page.getByRole('button', { name: 'Follow', exact: true }).click();
    await page.getByRole('button', { name: 'Following', exact: true }).waitFor();
    await card(page, PRIVATE_NOTE).waitFor();
    assert.equal(await cards(page).count(), SHAPES.length);

    // The other tabs have their own addresses and empty states.
    await page.getByRole('link', { name: 'Collects', exact: true }).click();
    await waitForPath(page, `/u/${ANA.handle}/collects`);
    await page.getByRole('heading', { name: 'No collects yet' }).waitFor();
    await page.getByRole('link', { name: 'Boards', exact: true }).click();
    await waitForPath(page, `/u/${ANA.handle}/boards`);

    // On a phone: two columns, nothing sideways.
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`/u/${ANA.handle}`);
    await cards(page)
      .nth(SHAPES.length - 1)
      .waitFor();
    await page.waitForFunction(() => document.querySelector('.waterfall__grid')?.getAttribute('data-columns') === '2', null, { timeout: STEP_TIMEOUT_MS });
    assert.equal(await columnCount(page), 2, 'two columns at 360 px');
    await assertNoHorizontalOverflow(page, 360, 'profile grid');
    await screenshot(page, 'profile-grid-360');

    assert.deepEqual(problems, [], 'no CSP violations or script errors');
  } finally {
    await context.close();
  }
});

test('the Messages tab shows unread notifications live, grouped, and clears them', { timeout: 120_000 }, async () => {
  const ana = people[ANA.handle]!;
  const { page, context, problems } = await openPage(browser, server.baseUrl, { width: 1280, height: 900 });
  const sockets: string[] = [];
  page.on('websocket', (ws) => sockets.push(new URL(ws.url()).pathname));
  try {
    await logIn(page, ANA);
    // Bo followed Ana in the previous test: one unread item, shown on the tab.
    await waitForBadge(page, '1');
    await page
      .locator('nav.rail')
      .getByRole('link', { name: /Messages/ })
      .click();
    // The Messages tab holds the chats; notifications are its first shortcut.
    await waitForPath(page, '/messages');
    await page.locator('a.messages-shortcut[href="/notifications"]').click();
    await waitForPath(page, '/notifications');
    await page.getByRole('heading', { name: 'Notifications', level: 1 }).waitFor();
    const rows = page.getByTestId('notification');
    const follow = rows.filter({ hasText: 'started following you' });
    await follow.waitFor();
    assert.equal(await follow.getByTestId('notification-who').innerText(), BO.displayName);
    // Opening it goes to the follower and marks it read.
    await follow.getByRole('link').click();
    await waitForPath(page, `/u/${BO.handle}`);
    await waitForBadge(page, '');
    await page.goBack();
    await waitForPath(page, '/notifications');
    await follow.waitFor();
    // Back on the list (the row may keep this visit's tint), it stays read: no badge, and the server agrees.
    await waitForBadge(page, '');
    const unreadNow = await api('/notifications/unread-count', { token: people[ANA.handle]!.token });
    assert.deepEqual(unreadNow.body, { unread: 0 });

    // Bo likes Ana's note: the badge goes 0 → 1 over the WebSocket, no reload.
    const liked = notes[0]!;
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations.push(frame.url());
    });
    assert.equal(await badgeText(page), '');
    const like = await api(`/notes/${liked.id}/like`, { method: 'PUT', token: people[BO.handle]!.token });
    assert.equal(like.status, 204);
    await waitForBadge(page, '1');
    const likes = rows.filter({ has: page.locator('[data-testid="notification-what"]', { hasText: 'liked your note' }) });
    await likes.waitFor();
    assert.equal(await likes.getByTestId('notification-who').innerText(), BO.displayName);
    assert.equal(await likes.evaluate((el) => el.classList.contains('notification--unread')), true, 'the new item is highlighted');
    assert.equal(await likes.locator('.notification__thumb img').count(), 1, 'the note’s cover is shown');

    // Two more people like it: still one item, "… and 2 others", still one unread group.
    for (const p of [CY, DEE]) {
      const res = await api(`/notes/${liked.id}/like`, { method: 'PUT', token: people[p.handle]!.token });
      assert.equal(res.status, 204);
    }
    await likes
      .getByTestId('notification-who')
      .filter({ hasText: `${DEE.displayName} and 2 others` })
      .waitFor();
    assert.equal(await likes.count(), 1, 'the three likes are one item');
    assert.equal(await likes.locator('.notification__faces .avatar').count(), 3, 'three faces, stacked');
    await waitForBadge(page, '1');
    assert.deepEqual(navigations, [], 'all of it arrived without a reload');
    assert.deepEqual(sockets, ['/api/v1/stream'], 'over one WebSocket');
    await screenshot(page, 'notifications-1280');

    await page.setViewportSize({ width: 360, height: 740 });
    await waitForBadge(page, '1');
    await assertNoHorizontalOverflow(page, 360, 'notifications');
    await screenshot(page, 'notifications-360');

    await page.getByRole('button', { name: 'Mark all read' }).click();
    await waitForBadge(page, '');
    await page.locator('.notification--unread').first().waitFor({ state: 'detached' });
    const count = await api<{ unread: number }>('/notifications/unread-count', { token: ana.token });
    assert.equal(count.body.unread, 0);
    assert.deepEqual(problems, [], 'no CSP violations or script errors');
  } finally {
    await context.close();
  }
});

test('a private board shows with a lock to its owner only, and the owner manages it', { timeout: 120_000 }, async () => {
  const ana = people[ANA.handle]!;
  const { page, context, problems } = await openPage(browser, server.baseUrl, { width: 1280, height: 900 });
  try {
    await logIn(page, ANA);
    await page.goto(`/u/${ANA.handle}/boards`);
    // The default board is always there, in the reader's language.
    await page.getByTestId('board-tile').filter({ hasText: 'Saved' }).waitFor();
    await page.getByRole('button', { name: 'New board' }).click();
    const dialog = page.getByRole('dialog', { name: 'New board' });
    await dialog.getByLabel('Name').fill(PRIVATE_BOARD);
    await dialog.getByText('Private', { exact: true }).click();
    await screenshot(page, 'board-dialog-1280');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const tile = page.getByTestId('board-tile').filter({ hasText: PRIVATE_BOARD });
    await tile.waitFor();
    await tile.getByText('Private').waitFor(); // the lock's label

    // Collect two notes into it through the API; the tab shows the count and a cover.
    const boards = await api<{ items: Array<{ id: string; name: string; visibility: string }> }>(`/users/${ANA.handle}/boards`, { token: ana.token });
    const board = boards.body.items.find((b) => b.name === PRIVATE_BOARD);
    assert.ok(board && board.visibility === 'private');
    for (const n of [notes[2]!, notes[3]!]) {
      const put: { status: number } = await api(`/boards/${board.id}/notes/${n.id}`, { method: 'PUT', token: ana.token });
      assert.equal(put.status, 204);
    }
    await page.reload();
    await tile.getByText('2 notes').waitFor();
    await tile.locator('img').waitFor();
    await screenshot(page, 'boards-tab-1280');

    // The board page: name, owner, count, private; the notes in the waterfall.
    await tile.click();
    await waitForPath(page, `/b/${board.id}`);
    await page.getByRole('heading', { name: PRIVATE_BOARD, level: 1 }).waitFor();
    await page.getByTestId('board-count').filter({ hasText: '2 notes' }).waitFor();
    await card(page, notes[2]!.title).waitFor();
    await card(page, notes[3]!.title).waitFor();
    await screenshot(page, 'board-page-1280');
    await page.setViewportSize({ width: 360, height: 740 });
    await assertNoHorizontalOverflow(page, 360, 'board page');
    await screenshot(page, 'board-page-360');
    await page.setViewportSize({ width: 1280, height: 900 });

    // The owner takes a note out, and renames the board.
    await card(page, notes[3]!.title)
      .getByRole('button', { name: /Remove from board/ })
      .click();
    await card(page, notes[3]!.title).waitFor({ state: 'detached' });
    await page.getByTestId('board-count').filter({ hasText: '1 note' }).waitFor();
    await page.getByRole('button', { name: 'Board actions' }).click();
    await page.getByRole('menuitem', { name: 'Rename' }).click();
    const rename = page.getByRole('dialog', { name: 'Rename board' });
    await rename.getByLabel('Name').fill('Secret suppers');
    await rename.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Secret suppers', level: 1 }).waitFor();

    // …and deletes a board (after confirming); the default board offers no such thing.
    const temp = await api<{ id: string }>('/boards', { token: ana.token, body: { name: 'Passing fancy' } });
    assert.equal(temp.status, 201);
    await page.goto(`/b/${temp.body.id}`);
    await page.getByRole('heading', { name: 'No notes here yet' }).waitFor();
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Board actions' }).click();
    await page.getByRole('menuitem', { name: 'Delete board' }).click();
    await waitForPath(page, `/u/${ANA.handle}/boards`);
    await page.getByTestId('board-tile').filter({ hasText: 'Secret suppers' }).waitFor();
    assert.equal(await page.getByTestId('board-tile').filter({ hasText: 'Passing fancy' }).count(), 0);
    await page.getByTestId('board-tile').filter({ hasText: 'Saved' }).click();
    await page.getByRole('heading', { name: 'Saved', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Board actions' }).click();
    await page.getByRole('menuitem', { name: 'Make private' }).waitFor();
    assert.equal(await page.getByRole('menuitem', { name: /Delete|Rename/ }).count(), 0);
    await page.keyboard.press('Escape');
    assert.deepEqual(problems, [], 'no CSP violations or script errors');
  } finally {
    await context.close();
  }

  // Someone else sees neither the board on the tab nor the board page.
  const visitor = await openPage(browser, server.baseUrl, { width: 1280, height: 900 });
  try {
    await logIn(visitor.page, BO);
    await visitor.page.goto(`/u/${ANA.handle}/boards`);
    await visitor.page.getByTestId('board-tile').first().waitFor();
    assert.equal(await visitor.page.getByTestId('board-tile').filter({ hasText: 'Secret' }).count(), 0, 'no private board for others');
    const boards = await api<{ items: Array<{ id: string; visibility: string }> }>(`/users/${ANA.handle}/boards`, { token: ana.token });
    const privateBoard = boards.body.items.find((b) => b.visibility === 'private')!;
    await visitor.page.goto(`/b/${privateBoard.id}`);
    await visitor.page.getByRole('heading', { name: 'Board not found' }).waitFor();
    assert.deepEqual(visitor.problems, [], 'no CSP violations or script errors');
  } finally {
    await visitor.context.close();
  }
});

test('an avatar uploaded in edit profile shows on the profile and on the note cards', { timeout: 120_000 }, async () => {
  const { page, context, problems } = await openPage(browser, server.baseUrl, { width: 1280, height: 900 });
  try {
    await logIn(page, ANA);
    await page.goto('/settings/profile');
    await page.getByRole('heading', { name: 'Edit profile' }).waitFor();
    await page.locator('.avatar-upload input[type="file"]').setInputFiles({
      name: 'me.jpg',
      mimeType: 'image/jpeg',
      buffer: await photo(800, 600, 20),
    });
    await page.getByText('Photo updated.').waitFor();
    await page.locator('.avatar-upload img.avatar').waitFor();
    await page.getByRole('button', { name: 'Remove' }).waitFor();
    await screenshot(page, 'edit-profile-avatar-1280');

    await page.goto(`/u/${ANA.handle}`);
    const header = page.locator('.profile__head img.avatar');
    await header.waitFor();
    assert.match((await header.getAttribute('src')) ?? '', /^\/media\//);
    await cards(page).first().waitFor();
    const authorAvatars = page.locator('article.note-card .note-card__author img.avatar');
    await authorAvatars.first().waitFor();
    assert.equal(await authorAvatars.count(), await cards(page).count(), 'every card shows the author’s photo');
    await page.waitForFunction(
      () => {
        const img = document.querySelector<HTMLImageElement>('.profile__head img.avatar');
        return Boolean(img?.complete && img.naturalWidth > 0);
      },
      null,
      { timeout: STEP_TIMEOUT_MS },
    );
    await screenshot(page, 'profile-avatar-1280');

    // In 中文 on a phone, too.
    await page.setViewportSize({ width: 360, height: 740 });
    const saved = await api('/me', { method: 'PATCH', token: people[ANA.handle]!.token, body: { uiLanguage: 'zh' } });
    assert.equal(saved.status, 200);
    await page.goto(`/u/${ANA.handle}/boards`);
    await page.getByRole('link', { name: '专辑', exact: true }).waitFor();
    await page.getByTestId('board-tile').filter({ hasText: '收藏' }).waitFor();
    await assertNoHorizontalOverflow(page, 360, 'boards tab in 中文');
    await screenshot(page, 'boards-tab-360-zh');
    await page.goto('/notifications');
    await page.getByRole('heading', { name: '通知', level: 1 }).waitFor();
    await page
      .getByTestId('notification-who')
      .filter({ hasText: `${DEE.displayName} 和另外 2 人` })
      .waitFor();
    await page.getByTestId('notification-what').filter({ hasText: '赞了你的笔记' }).waitFor();
    await assertNoHorizontalOverflow(page, 360, 'notifications in 中文');
    await screenshot(page, 'notifications-360-zh');
    assert.deepEqual(problems, [], 'no CSP violations or script errors');
  } finally {
    await context.close();
  }
});

test('a long grid pages in as the reader scrolls, without repeats', { timeout: 120_000 }, async () => {
  const cy = people[CY.handle]!;
  const total = 26; // more than a page (20)
  for (let i = 0; i < total; i++) {
    const [w, h] = i % 3 === 0 ? [300, 400] : i % 3 === 1 ? [400, 300] : [300, 300];
    const mediaId = await upload(cy.token, await photo(w, h, (i * 37) % 360));
    const res = await api('/notes', { token: cy.token, body: { title: `Cy’s note ${i + 1}`, body: 'Scrolling along.', mediaIds: [mediaId] } });
    assert.equal(res.status, 201);
  }
  const { page, context, problems } = await openPage(browser, server.baseUrl, { width: 360, height: 740 });
  try {
    await page.goto(`/u/${CY.handle}`);
    await cards(page).nth(19).waitFor();
    assert.equal(await cards(page).count(), 20, 'the first page');
    // Scroll to the end: the next page comes in by itself.
    await page.locator('.waterfall__foot').scrollIntoViewIfNeeded();
    await page.getByText('— The end —').waitFor();
    const titles = await page.locator('.note-card__title').allInnerTexts();
    assert.equal(titles.length, total);
    assert.equal(new Set(titles).size, total, 'no note twice');
    // Reading order is kept: the newest note comes first (top left).
    const boxes = await cards(page).evaluateAll((els) => els.map((el) => el.getBoundingClientRect()).map((r) => ({ x: r.left, y: r.top })));
    const newest = await card(page, `Cy’s note ${total}`).evaluate((el) => ({ x: el.getBoundingClientRect().left, y: el.getBoundingClientRect().top }));
    assert.equal(newest.x, Math.min(...boxes.map((b) => b.x)), 'the newest note is in the first column');
    assert.equal(newest.y, Math.min(...boxes.map((b) => b.y)), '…at the top');
    await assertNoHorizontalOverflow(page, 360, 'long grid');
    assert.deepEqual(problems, [], 'no CSP violations or script errors');
  } finally {
    await context.close();
  }
});
