// Discovery in a real browser: Explore scrolls page after page without ever repeating a card; a card's
// "⋯" (or a long press) says "Not interested" and the card goes at once; Following lists the people
// one follows (and asks a visitor to log in); a topic page counts its notes and follows and unfollows;
// the cards seen and the time on a note reach the server (a beacon when the page is hidden).
// Seeded through the API: 70 public notes by five people, with hashtags. Screenshots at 360 and 1280,
// en and zh, of home and a topic page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page, Response } from 'playwright-core';
import sharp from 'sharp';
import { assertNoHorizontalOverflow, launchBrowser, openPage, STEP_TIMEOUT_MS, waitForPath } from './browser.ts';
import { startServer, type TestServer } from './server.ts';

let server: TestServer;
let browser: Browser;

type Account = { handle: string; password: string; displayName: string };
type Person = Account & { token: string };

const AUTHORS: Account[] = [
  { handle: 'lin_eats', password: 'noodles at midnight 42', displayName: '林小吃' },
  { handle: 'sam_hikes', password: 'ridge line at dawn 17', displayName: 'Sam' },
  { handle: 'yu_paints', password: 'watercolour river 23', displayName: '雨画画' },
  { handle: 'kai_cooks', password: 'wok hei every day 88', displayName: 'Kai 凯' },
];
/** The one the reader follows: their notes make the Following tab. */
const MO: Account = { handle: 'mo_writes', password: 'ink and paper 505', displayName: 'Mo 墨' };
const READER: Account = { handle: 'rui_reads', password: 'tea and a good book 9', displayName: 'Rui' };
const people: Record<string, Person> = {};

const NOTES = 70;
const TOPIC = 'citywalk';
/** Every fifth note carries #citywalk: 14 notes, by every author. */
const TOPIC_NOTES = NOTES / 5;
const MO_TITLE = 'Ink stone from the old market';
let newestTopicNote = '';

const PLACES = ['成都', 'hotpot', '咖啡', 'cattax', 'sunset'];
const TITLES = [
  '周末的早餐',
  'Morning light',
  '巷子里的猫',
  'Market day',
  '新开的咖啡店',
  'Rainy walk',
  '火锅局',
  'Late train home',
  '山里的雾',
  'Street noodles',
];
/** Covers of every shape the cards allow (and two beyond, clamped): height ÷ width. */
const SHAPES: [number, number][] = [
  [600, 800],
  [800, 800],
  [800, 600],
  [540, 960],
  [960, 540],
  [700, 840],
];

async function api<T = unknown>(path: string, init: { method?: string; body?: unknown; token?: string; form?: FormData; expect?: number } = {}): Promise<T> {
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
  if (init.expect !== undefined) assert.equal(response.status, init.expect, `${method} ${path} → ${response.status} ${text}`);
  else assert.ok(response.ok, `${method} ${path} → ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

function photo(width: number, height: number, hue: number): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue},75%,70%)"/><stop offset="1" stop-color="hsl(${(hue + 40) % 360},70%,55%)"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>
    <circle cx="${width / 2}" cy="${height / 2}" r="${Math.min(width, height) / 4}" fill="#fff" fill-opacity="0.5"/>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 75 }).toBuffer();
}

async function postNote(who: Person, title: string, body: string, shape: [number, number], hue: number): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(await photo(shape[0], shape[1], hue))], { type: 'image/jpeg' }), 'photo.jpg');
  const media = await api<{ id: string }>('/media', { token: who.token, form });
  return (await api<{ id: string }>('/notes', { token: who.token, body: { title, body, mediaIds: [media.id] } })).id;
}

before(
  async () => {
    server = await startServer();
    browser = await launchBrowser();
    for (const p of [...AUTHORS, MO, READER]) {
      const created = await api<{ token: string }>('/accounts', { body: { ...p, languages: ['zh', 'en'] } });
      people[p.handle] = { ...p, token: created.token };
    }
    const authors = [...AUTHORS, MO].map((a) => people[a.handle]!);
    // Five at a time: in order of i within each batch, so the last #citywalk note is known.
    for (let start = 0; start < NOTES; start += 5) {
      const batch = Array.from({ length: Math.min(5, NOTES - start) }, (_, k) => start + k);
      const ids = await Promise.all(
        batch.map((i) => {
          // Each author in turn, shifted every five notes, so #citywalk (every fifth) has all five.
          const who = authors[(i + Math.floor(i / 5)) % authors.length]!;
          const title = who.handle === MO.handle && i === 4 ? MO_TITLE : `${TITLES[i % TITLES.length]} ${i + 1}`;
          const tags = [`#${PLACES[i % PLACES.length]}`, ...(i % 5 === 0 ? [`#${TOPIC}`] : [])].join(' ');
          return postNote(who, title, `Note ${i + 1} of the seed. ${tags}`, SHAPES[i % SHAPES.length]!, (i * 37) % 360);
        }),
      );
      const topicIndex = batch.findIndex((i) => i % 5 === 0);
      if (topicIndex >= 0) newestTopicNote = ids[topicIndex]!;
      // One batch after another: the topic note of a later batch is newer.
      await new Promise((done) => setTimeout(done, 5));
    }
    await api(`/users/${MO.handle}/follow`, { method: 'PUT', token: people[READER.handle]!.token, expect: 204 });
  },
  { timeout: 240_000 },
);

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function logIn(page: Page, account: Account, next = '/') {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel(/^(Handle|用户名)$/).fill(account.handle);
  await page.getByLabel(/^(Password|密码)$/).fill(account.password);
  await page.getByRole('button', { name: /^(Log in|登录)$/ }).click();
  await page.waitForFunction((expected) => window.location.pathname + window.location.search === expected, next, { timeout: STEP_TIMEOUT_MS, polling: 100 });
}

/** A tab of the home page's feeds (the rail's and tab bar's "Explore" is another link). */
const feedTab = (page: Page, name: string) => page.locator('.home-page__tablist').getByRole('link', { name, exact: true });
const feedCards = (page: Page) => page.locator('.home-page__feed article.note-card');
const cardIds = (page: Page) => feedCards(page).evaluateAll((els) => els.map((el) => el.getAttribute('data-note-id') ?? ''));

/** Waits (bounded) until no finite animation runs and every cover on screen has loaded. */
async function settle(page: Page) {
  await page.waitForFunction(
    () =>
      document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity) &&
      Array.from(document.querySelectorAll<HTMLImageElement>('.note-card__img')).every((img) => {
        const r = img.getBoundingClientRect();
        return r.bottom < 0 || r.top > window.innerHeight || (img.complete && img.naturalWidth > 0);
      }),
    null,
    { timeout: STEP_TIMEOUT_MS, polling: 50 },
  );
}

/** A picture of the viewport from the top (a full-page shot would paint the fixed tab bar mid-page). */
async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await settle(page);
  await page.screenshot({ path: `/tmp/feed-shot-${name}.png`, timeout: STEP_TIMEOUT_MS });
}

/** Records the pages of a feed the browser fetched: the ids of each, in order. */
function recordPages(page: Page, path: string) {
  const pages: string[][] = [];
  const pending: Promise<void>[] = [];
  page.on('response', (response: Response) => {
    const url = new URL(response.url());
    if (url.pathname !== path || response.request().method() !== 'GET' || response.status() !== 200) return;
    pending.push(
      response
        .json()
        .then((body: { items: { id: string }[] }) => void pages.push(body.items.map((n) => n.id)))
        .catch(() => undefined),
    );
  });
  return { pages, settled: () => Promise.all(pending) };
}

type Signals = { impressions?: { noteId: string; ms: number }[]; dwell?: { noteId: string; ms: number }[] };

/**
 * Signals the browser sent, with the server's answer: fetches with their bodies; beacons (resource
 * type "ping", whose body the protocol does not show) with theirs read as the page hands them over.
 */
async function recordSignals(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { __beacons: string[] };
    w.__beacons = [];
    const send = navigator.sendBeacon.bind(navigator);
    navigator.sendBeacon = (url, data) => {
      if (data instanceof Blob) void data.text().then((text) => w.__beacons.push(text));
      return send(url, data);
    };
  });
  const sent: { body: Signals | null; status: number; type: string }[] = [];
  page.on('response', (response: Response) => {
    const request = response.request();
    if (new URL(response.url()).pathname !== '/api/v1/feed/signals' || request.method() !== 'POST') return;
    const data = request.postData();
    sent.push({ body: data ? (JSON.parse(data) as Signals) : null, status: response.status(), type: request.resourceType() });
  });
  const beacons = async () => (await page.evaluate(() => (window as unknown as { __beacons: string[] }).__beacons)).map((text) => JSON.parse(text) as Signals);
  return { sent, beacons };
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeout = STEP_TIMEOUT_MS) {
  const deadline = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** The page goes to the background, as when the reader switches apps: the queue flushes as a beacon. */
async function hideDocument(page: Page) {
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    Object.defineProperty(document, 'hidden', { value: true, configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
}

test('Explore scrolls page after page and never repeats a card; cards seen reach the server', { timeout: 180_000 }, async () => {
  const { page, context, problems } = await openPage(browser, server.baseUrl, { width: 1280, height: 900 });
  try {
    const explore = recordPages(page, '/api/v1/feed/explore');
    const { sent: signals, beacons } = await recordSignals(page);
    await logIn(page, READER);
    await feedTab(page, 'Explore').and(page.locator('[aria-current="page"]')).waitFor();
    await feedCards(page).first().waitFor();

    // Scroll to the end, a screen at a time, as a reader would: the sentinel loads the next page.
    for (let step = 0; step < 60; step++) {
      if (await page.getByText('You’re all caught up.').isVisible()) break;
      await page.mouse.wheel(0, 700);
      await page.waitForTimeout(250);
    }
    await page.getByText('You’re all caught up.').waitFor();
    await explore.settled();
    assert.ok(explore.pages.length > 2, `more than two pages loaded (${explore.pages.length})`);
    const served = explore.pages.flat();
    assert.equal(new Set(served).size, served.length, `the server never repeats a card within a session (${served.length} cards)`);
    // Every card served is drawn (the last page may still be rendering when the end is announced).
    await until(async () => (await cardIds(page)).length >= served.length, `all ${served.length} cards are drawn`);
    const shown = await cardIds(page);
    assert.equal(new Set(shown).size, shown.length, 'no card shows twice');
    assert.deepEqual(new Set(shown), new Set(served), 'every card served is shown');
    assert.ok(shown.length > 40, `more than two pages of cards (${shown.length})`);
    await until(async () => (await page.getByTestId('card-skeleton').count()) === 0, 'no placeholder is left once all is drawn');

    // Cards seen (half on screen for a second) were sent within ~10 s, as a fetch, and accepted.
    await until(() => signals.some((s) => (s.body?.impressions?.length ?? 0) > 0), 'impressions are sent', 20_000);
    assert.ok(
      signals.every((s) => s.status === 204),
      `the server took every batch: ${signals.map((s) => s.status)}`,
    );
    assert.ok(
      signals.every((s) => s.type === 'fetch'),
      'sent with fetch while the page is shown',
    );
    const seen = signals.flatMap((s) => s.body?.impressions ?? []);
    assert.ok(
      seen.every((s) => s.ms >= 990 && shown.includes(s.noteId)),
      'an impression is a shown card, seen for a second or more',
    );
    assert.equal(new Set(seen.map((s) => s.noteId)).size, seen.length, 'each card counts once per page view');

    // A note opened from deep in the feed starts at its top.
    const deep = feedCards(page).nth(45);
    await deep.scrollIntoViewIfNeeded();
    await page.mouse.wheel(0, 100);
    await page.waitForTimeout(300);
    const feedY = await page.evaluate(() => window.scrollY);
    assert.ok(feedY > 2000, `deep in the feed (${feedY}px)`);
    const noteId = (await deep.getAttribute('data-note-id'))!;
    await deep.locator('a.note-card__link').click();
    await waitForPath(page, `/n/${noteId}`);
    await page.locator(`article.note-page[data-note-id="${noteId}"]`).waitFor();
    assert.equal(await page.evaluate(() => window.scrollY), 0, 'the note starts at its top');

    // Reading the note, then leaving the app: the time on it goes as a beacon, with its Origin (the server says 204).
    await page.waitForTimeout(1500);
    const before = signals.length;
    await hideDocument(page);
    let dwell: { noteId: string; ms: number } | undefined;
    await until(async () => {
      dwell = (await beacons()).flatMap((b) => b.dwell ?? []).find((d) => d.noteId === noteId);
      return dwell !== undefined && signals.length > before;
    }, 'the time on the note is sent when the page is hidden');
    assert.ok(dwell!.ms >= 1000 && dwell!.ms < 60_000, `about as long as the note was read (${dwell!.ms} ms)`);
    const beacon = signals.slice(before).find((s) => s.type === 'ping');
    assert.ok(beacon, 'sent with navigator.sendBeacon');
    assert.equal(beacon.status, 204, 'the beacon carries the Origin the server checks (a cookie-authenticated write)');

    // Back: the feed as it was (no new session, no refetch), where the reader left it.
    const refetched = explore.pages.length;
    await page.goBack();
    await feedCards(page).nth(45).waitFor();
    await until(async () => Math.abs((await page.evaluate(() => window.scrollY)) - feedY) < 5, `the feed is back at ${feedY}px`);
    assert.equal(await feedCards(page).nth(45).getAttribute('data-note-id'), noteId, 'the same cards in the same order');
    assert.equal(explore.pages.length, refetched, 'nothing fetched again');
    assert.deepEqual(problems, [], 'no CSP violations or script errors');
  } finally {
    await context.close();
  }
});

test('"Not interested" takes a card away at once, from the menu or a long press', { timeout: 120_000 }, async () => {
  const { page, context, problems } = await openPage(browser, server.baseUrl, { width: 360, height: 740 });
  try {
    await logIn(page, READER);
    await feedCards(page).nth(3).waitFor();
    const first = feedCards(page).first();
    const noteId = (await first.getAttribute('data-note-id'))!;
    const before = await feedCards(page).count();

    const answered = page.waitForResponse((r) => r.url().endsWith(`/api/v1/notes/${noteId}/not-interested`) && r.request().method() === 'POST');
    await first.getByRole('button', { name: /^More options for/ }).click();
    await page.getByRole('menuitem', { name: 'Not interested' }).click();
    // Gone before the server answers (optimistic), and stays gone once it has.
    await page.locator(`.home-page__feed [data-note-id="${noteId}"]`).waitFor({ state: 'detached' });
    assert.equal((await answered).status(), 204);
    await page.getByText('Got it. You’ll see fewer notes like this.').waitFor();
    assert.equal(await feedCards(page).count(), before - 1);
    await assertNoHorizontalOverflow(page, 360, 'home with a toast');

    // A long press on a card (touch) opens the same menu, and does not open the note.
    const second = feedCards(page).nth(1);
    await second.scrollIntoViewIfNeeded();
    const box = (await second.locator('.note-card__cover').boundingBox())!;
    const at = { pointerType: 'touch', isPrimary: true, pointerId: 7, clientX: box.x + box.width / 2, clientY: box.y + box.height / 2, bubbles: true };
    await second.locator('.note-card__cover').dispatchEvent('pointerdown', at);
    await page.waitForTimeout(700);
    await second.getByRole('menu').waitFor();
    await second.locator('.note-card__cover').dispatchEvent('pointerup', at);
    await second.locator('.note-card__cover').dispatchEvent('click', { bubbles: true });
    assert.equal(new URL(page.url()).pathname, '/', 'the press did not open the note');
    await page.keyboard.press('Escape');
    await second.getByRole('menu').waitFor({ state: 'detached' });

    // The server agrees: a fresh Explore session leaves it out (bounded walk through every page).
    const reader = people[READER.handle]!;
    let cursor: string | null = null;
    for (let n = 0; n < 10; n++) {
      const pageOf: { items: { id: string }[]; nextCursor: string | null } = await api(`/feed/explore?limit=50${cursor ? `&cursor=${cursor}` : ''}`, {
        token: reader.token,
      });
      assert.ok(!pageOf.items.some((item) => item.id === noteId), 'not in Explore again');
      cursor = pageOf.nextCursor;
      if (!cursor) break;
    }
    assert.deepEqual(problems, [], 'no CSP violations or script errors');
  } finally {
    await context.close();
  }
});

test('Following lists the people one follows, the tab in the address; a visitor is asked to log in', { timeout: 120_000 }, async () => {
  const visitor = await openPage(browser, server.baseUrl, { width: 360, height: 740 });
  try {
    const { page } = visitor;
    await page.goto('/');
    await feedCards(page).first().waitFor();
    // A visitor has no "⋯": "Not interested" is for members.
    assert.equal(await page.getByRole('button', { name: /^More options for/ }).count(), 0);
    await feedTab(page, 'Following').click();
    await page.waitForFunction(() => window.location.search === '?tab=following', null, { timeout: STEP_TIMEOUT_MS });
    await page.getByRole('heading', { name: 'See what people you follow share' }).waitFor();
    const prompt = page.locator('.home-page__feed');
    assert.equal(await prompt.getByRole('link', { name: 'Log in' }).getAttribute('href'), `/login?next=${encodeURIComponent('/?tab=following')}`);
    assert.equal(await prompt.getByRole('link', { name: 'Sign up' }).getAttribute('href'), '/signup');
    await assertNoHorizontalOverflow(page, 360, 'following, signed out');
    assert.deepEqual(visitor.problems, []);
  } finally {
    await visitor.context.close();
  }

  const { page, context, problems } = await openPage(browser, server.baseUrl, { width: 1280, height: 900 });
  try {
    const following = recordPages(page, '/api/v1/feed/following');
    await logIn(page, READER, '/?tab=following');
    await feedCards(page).filter({ hasText: MO_TITLE }).waitFor();
    const authors = await feedCards(page)
      .locator('.note-card__author')
      .evaluateAll((els) => els.map((el) => el.getAttribute('href')));
    assert.ok(authors.length > 0 && authors.every((href) => href === `/u/${MO.handle}`), `only Mo's notes (${authors.length})`);
    await following.settled();
    assert.ok(following.pages.length >= 1);

    // Back and forward move between the tabs.
    await feedTab(page, 'Explore').click();
    await page.waitForFunction(() => window.location.search === '', null, { timeout: STEP_TIMEOUT_MS });
    await feedTab(page, 'Explore').and(page.locator('[aria-current="page"]')).waitFor();
    await page.goBack();
    await feedTab(page, 'Following').and(page.locator('[aria-current="page"]')).waitFor();
    await feedCards(page).filter({ hasText: MO_TITLE }).waitFor();
    await page.goForward();
    await feedTab(page, 'Explore').and(page.locator('[aria-current="page"]')).waitFor();
    assert.deepEqual(problems, [], 'no CSP violations or script errors');
  } finally {
    await context.close();
  }
});

test('a topic page counts its notes and people, sorts Hot and New, and follows and unfollows', { timeout: 120_000 }, async () => {
  const visitor = await openPage(browser, server.baseUrl, { width: 360, height: 740 });
  try {
    await visitor.page.goto(`/t/${TOPIC}`);
    await visitor.page.getByRole('heading', { name: `#${TOPIC}`, level: 1 }).waitFor();
    await visitor.page
      .getByTestId('topic-notes')
      .filter({ hasText: `${TOPIC_NOTES} notes` })
      .waitFor();
    // Signed out, Follow leads to log in (and back).
    assert.equal(
      await visitor.page.getByRole('link', { name: 'Follow', exact: true }).getAttribute('href'),
      `/login?next=${encodeURIComponent(`/t/${TOPIC}`)}`,
    );
    assert.deepEqual(visitor.problems, []);
  } finally {
    await visitor.context.close();
  }

  const { page, context, problems } = await openPage(browser, server.baseUrl, { width: 1280, height: 900 });
  try {
    await logIn(page, READER, `/t/${TOPIC}`);
    await page.getByRole('heading', { name: `#${TOPIC}`, level: 1 }).waitFor();
    await page
      .getByTestId('topic-notes')
      .filter({ hasText: `${TOPIC_NOTES} notes` })
      .waitFor();
    await page.getByTestId('topic-participants').filter({ hasText: '5 people posted' }).waitFor();
    await page
      .getByTestId('topic-views')
      .filter({ hasText: /^\d+ views?$/ })
      .waitFor();
    const topicCards = page.locator('.tag-page article.note-card');
    await topicCards.nth(TOPIC_NOTES - 1).waitFor();
    assert.equal(await topicCards.count(), TOPIC_NOTES);
    await page.getByText(`That’s every note with #${TOPIC}.`).waitFor();

    // New: the newest first, in the address.
    await page.getByRole('link', { name: 'New', exact: true }).click();
    await page.waitForFunction(() => window.location.search === '?sort=new', null, { timeout: STEP_TIMEOUT_MS });
    await page
      .locator('.tag-page [aria-posinset="1"]')
      .and(page.locator(`[data-note-id="${newestTopicNote}"]`))
      .waitFor();
    await page.goBack();
    await page.getByRole('link', { name: 'Hot', exact: true }).and(page.locator('[aria-current="page"]')).waitFor();

    // Follow, kept by the server, and unfollow.
    await page.getByRole('button', { name: 'Follow', exact: true }).click();
    await page.getByRole('button', { name: 'Following' }).and(page.locator('[aria-pressed="true"]')).waitFor();
    await until(
      async () => (await api<{ following: boolean }>(`/topics/${TOPIC}`, { token: people[READER.handle]!.token })).following,
      'the server has the follow',
    );
    await page.reload();
    await page.getByRole('button', { name: 'Following' }).and(page.locator('[aria-pressed="true"]')).waitFor();
    await page.getByRole('button', { name: 'Following' }).click();
    await page.getByRole('button', { name: 'Follow', exact: true }).and(page.locator('[aria-pressed="false"]')).waitFor();
    await until(
      async () => !(await api<{ following: boolean }>(`/topics/${TOPIC}`, { token: people[READER.handle]!.token })).following,
      'the server has the unfollow',
    );
    assert.deepEqual(problems, [], 'no CSP violations or script errors');
  } finally {
    await context.close();
  }
});

test('trending topics link to their pages, or the strip stays away', { timeout: 60_000 }, async () => {
  const { page, context, problems } = await openPage(browser, server.baseUrl, { width: 360, height: 740 });
  try {
    // What the page itself was told: the server recomputes trending every minute, so a list
    // fetched by the test beside the page may already differ from the page's.
    const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/trending' && r.ok(), { timeout: STEP_TIMEOUT_MS });
    await page.goto('/');
    const trending = (await (await answered).json()) as { topics: { tag: string }[] };
    await feedCards(page).first().waitFor();
    if (trending.topics.length === 0) {
      assert.equal(await page.getByTestId('trending').count(), 0, 'nothing trending: no strip');
    } else {
      const first = trending.topics[0]!.tag;
      const chip = page.getByTestId('trending').getByRole('link', { name: `#${first}` });
      assert.equal(await chip.getAttribute('href'), `/t/${encodeURIComponent(first)}`);
      await chip.click();
      await waitForPath(page, `/t/${encodeURIComponent(first)}`);
      await page.getByRole('heading', { name: `#${first}`, level: 1 }).waitFor();
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('home and a topic page, at 360 and 1280 px, in English and 中文', { timeout: 180_000 }, async () => {
  for (const [locale, lang, heading, topicNotes] of [
    ['en-US', 'en', 'Life notes in English and 中文', `${TOPIC_NOTES} notes`],
    ['zh-CN', 'zh', '用中文和 English 记录生活', `${TOPIC_NOTES} 篇笔记`],
  ] as const) {
    for (const width of [360, 1280]) {
      const { page, context, problems } = await openPage(browser, server.baseUrl, { width, height: width === 360 ? 740 : 900 }, locale);
      try {
        await page.goto('/');
        await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
        await feedCards(page).nth(5).waitFor();
        if (width === 360) {
          // The compact welcome leaves the feed on the first screen of a phone.
          const top = await feedCards(page)
            .first()
            .evaluate((el) => el.getBoundingClientRect().top);
          assert.ok(top < 740 / 2, `the first card starts in the upper half of the screen (${top}px)`);
        }
        await assertNoHorizontalOverflow(page, width, `home ${lang}`);
        await shot(page, `home-${width}-${lang}`);

        await page.goto(`/t/${TOPIC}`);
        await page.getByTestId('topic-notes').filter({ hasText: topicNotes }).waitFor();
        await page.locator('.tag-page article.note-card').nth(3).waitFor();
        await assertNoHorizontalOverflow(page, width, `topic ${lang}`);
        await shot(page, `topic-${width}-${lang}`);
        assert.deepEqual(problems, [], 'no CSP violations or script errors');
      } finally {
        await context.close();
      }
    }
  }

  // A member's home on a phone, in 中文: the short welcome, the tabs, the "⋯" on each card.
  await api('/me', { method: 'PATCH', token: people[READER.handle]!.token, body: { uiLanguage: 'zh' } });
  const { page, context, problems } = await openPage(browser, server.baseUrl, { width: 360, height: 740 }, 'zh-CN');
  try {
    await logIn(page, READER);
    await feedTab(page, '发现').and(page.locator('[aria-current="page"]')).waitFor();
    await feedCards(page).nth(3).waitFor();
    await shot(page, 'home-member-360-zh');
    await feedCards(page)
      .first()
      .getByRole('button', { name: /的更多操作$/ })
      .click();
    await page.getByRole('menuitem', { name: '不感兴趣' }).waitFor();
    await page.screenshot({ path: '/tmp/feed-shot-menu-360-zh.png', timeout: STEP_TIMEOUT_MS });
    await page.keyboard.press('Escape');
    await feedTab(page, '关注').click();
    await feedCards(page).filter({ hasText: MO_TITLE }).waitFor();
    await shot(page, 'following-360-zh');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
