// Search in a real browser, across the language line. A Chinese note (成都火锅, with a photo) is posted
// through the API; a visitor opens search from Home, sees suggestions while typing (a person, a topic
// by its pinyin) and moves through them with the keys, then searches in English — "Chengdu hotpot" —
// and finds the Chinese note, told "Also showing results for 火锅" and with 火锅 marked in its title.
// The address is the state: tabs, sort and filters are in it, back goes back, a shared link shows the
// same search. A signed-in reader finds their recent searches, removes one and clears them all.
// A reader translates a result card in a language they don't read — the title swapped in place, the
// credit shown, the card's height kept, the original (marks and all) back on a tap — and follows a
// person from the People tab, coming back from logging in to the same search.
// At 360 and 1280 px, in English and in 中文, with screenshots.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { assertNoHorizontalOverflow, launchBrowser, openPage, STEP_TIMEOUT_MS, screenshot, waitForPath } from './browser.ts';
import { type ApiInit, callApi, methodOf, postPhotoNote, signUp } from './people.ts';
import { startServer, type TestServer } from './server.ts';

let server: TestServer;
let browser: Browser;
let noteId = '';
let englishNoteId = '';

const PASSWORD = 'spicy broth tonight 66';
const AUTHOR = { handle: 'chengdu_eats', displayName: '成都吃货' };
const TITLE = '成都火锅';
const BODY = '周末和朋友去吃了成都火锅，麻辣鲜香。#火锅';
const QUERY = 'Chengdu hotpot';
const EN_AUTHOR = { handle: 'hotpot_hannah', displayName: 'Hannah' };
const EN_TITLE = 'Hotpot night in Chengdu';

/** Without `expect`, a POST must answer 201 and anything else 200. */
const api = <T>(path: string, init: ApiInit = {}) =>
  callApi<T>(server.baseUrl, path, { ...init, expect: init.expect ?? (methodOf(init) === 'POST' ? 201 : 200) });

before(
  async () => {
    server = await startServer();
    browser = await launchBrowser();
    const authorToken = await signUp(server.baseUrl, { ...AUTHOR, password: PASSWORD }, 'zh');
    noteId = await postPhotoNote(server.baseUrl, authorToken, { title: TITLE, body: BODY, background: '#d9534f' });
    // An English note on the same dish, for a Chinese reader to translate.
    const hannahToken = await signUp(server.baseUrl, { ...EN_AUTHOR, password: PASSWORD }, 'en');
    englishNoteId = await postPhotoNote(server.baseUrl, hannahToken, {
      title: EN_TITLE,
      body: 'Spicy broth, good friends, too much tofu.',
      background: '#f0ad4e',
      width: 1200,
      height: 900,
    });
    // The index may trail the post by a moment: wait (bounded) until the English search finds it.
    const deadline = Date.now() + STEP_TIMEOUT_MS;
    for (;;) {
      const found = await api<{ items: { note?: { id: string } }[] }>(`/search?q=${encodeURIComponent(QUERY)}`);
      const english = await api<{ items: { note?: { id: string } }[] }>('/search?q=hotpot');
      if (found.items.some((hit) => hit.note?.id === noteId) && english.items.some((hit) => hit.note?.id === englishNoteId)) break;
      assert.ok(Date.now() < deadline, 'the note never reached the search index');
      await new Promise((done) => setTimeout(done, 200));
    }
  },
  { timeout: 120_000 },
);

after(async () => {
  await browser?.close();
  await server?.stop();
});

const params = (page: Page) => new URL(page.url()).searchParams;

async function waitForParam(page: Page, name: string, value: string | null) {
  await page.waitForFunction(([n, v]) => new URLSearchParams(window.location.search).get(n as string) === v, [name, value], {
    timeout: STEP_TIMEOUT_MS,
    polling: 100,
  });
}

/** The combobox's state: open or not, and which option the keys have chosen. */
async function comboState(page: Page) {
  const box = page.getByRole('combobox');
  return {
    expanded: await box.getAttribute('aria-expanded'),
    active: await box.getAttribute('aria-activedescendant'),
  };
}

const L = {
  en: { also: 'Also showing results for', topics: 'Topics', notes: 'Notes', newest: 'Newest', filters: 'Filters', videos: 'Videos', reset: 'Reset filters' },
  zh: { also: '同时搜索了', topics: '话题', notes: '笔记', newest: '最新', filters: '筛选', videos: '视频', reset: '重置筛选' },
} as const;

for (const { width, height, name } of [
  { width: 360, height: 800, name: '360' },
  { width: 1280, height: 900, name: '1280' },
]) {
  for (const lang of ['en', 'zh'] as const) {
    const s = L[lang];
    test(`a visitor searches "${QUERY}" in English and finds the Chinese note (${name}-${lang})`, { timeout: 120_000 }, async () => {
      const { page, context, problems } = await openPage(browser, server.baseUrl, { width, height }, lang === 'zh' ? 'zh-CN' : 'en-US');
      try {
        // From Home: the search entry at the end of the feed's tabs; the box is ready to type in.
        await page.goto('/');
        await page.locator(`[data-note-id="${noteId}"]`).waitFor();
        await screenshot(page, `search-home-${name}-${lang}`);
        await page.getByTestId('home-search').click();
        await waitForPath(page, '/search');
        const box = page.getByRole('combobox');
        await box.waitFor();
        await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'combobox', null, { timeout: STEP_TIMEOUT_MS });
        await assertNoHorizontalOverflow(page, width, `empty search at ${width}`);
        await screenshot(page, `search-start-${name}-${lang}`);

        // Suggestions as one types: the person whose handle starts so.
        await box.pressSequentially('chengdu', { delay: 30 });
        const listbox = page.getByRole('listbox');
        const person = listbox.getByRole('option', { name: new RegExp(`@${AUTHOR.handle}`) });
        await person.waitFor();
        assert.equal((await comboState(page)).expanded, 'true');
        await page.keyboard.press('ArrowDown');
        const chosen = await comboState(page);
        assert.ok(chosen.active, 'ArrowDown chooses an option');
        assert.equal(await page.locator(`[id="${chosen.active}"]`).getAttribute('aria-selected'), 'true');
        await assertNoHorizontalOverflow(page, width, `suggestions at ${width}`);
        await page.screenshot({ path: `test-results/screenshots/search-suggest-${name}-${lang}.png` });
        await page.keyboard.press('Escape');
        assert.deepEqual(await comboState(page), { expanded: 'false', active: null });
        await listbox.waitFor({ state: 'hidden' });

        // A topic by its pinyin: huo → #火锅.
        await box.fill('');
        await box.pressSequentially('huo', { delay: 30 });
        await listbox.getByRole('option', { name: /火锅/ }).first().waitFor();

        // The English search finds the Chinese note, says what it widened the query with, and marks the match.
        await box.fill(QUERY);
        await page.keyboard.press('Enter');
        await waitForParam(page, 'q', QUERY);
        const card = page.locator(`[data-note-id="${noteId}"]`);
        await card.waitFor();
        const widened = page.getByTestId('search-expansions');
        await widened.waitFor();
        const line = (await widened.textContent()) ?? '';
        assert.ok(line.startsWith(s.also), `expansion line: ${line}`);
        assert.match(line, /火锅/);
        const marks = await card.locator('.note-card__title mark').allTextContents();
        assert.ok(marks.includes('火锅'), `marked in the title: ${JSON.stringify(marks)}`);
        assert.equal(await card.locator('.note-card__title').textContent(), TITLE, 'the title reads whole around its marks');
        assert.equal(await box.inputValue(), QUERY);
        await assertNoHorizontalOverflow(page, width, `results at ${width}`);
        await screenshot(page, `search-results-${name}-${lang}`);

        // Topics: a row to the topic's page. Back: the notes again, from the address alone.
        await page
          .getByRole('navigation', { name: lang === 'en' ? 'What to search' : '搜索范围' })
          .getByRole('link', { name: s.topics })
          .click();
        await waitForParam(page, 'type', 'topics');
        const topic = page.getByTestId('search-topic').filter({ hasText: '火锅' });
        await topic.waitFor();
        assert.equal(await topic.getAttribute('href'), `/t/${encodeURIComponent('火锅')}`);
        await assertNoHorizontalOverflow(page, width, `topic results at ${width}`);
        await screenshot(page, `search-topics-${name}-${lang}`);
        await page.goBack();
        await waitForParam(page, 'type', null);
        await card.waitFor();

        // Another search from the box over the results; then sort and filters, in the address too. A
        // filter with nothing in it says so and offers the way back.
        await box.fill('hotpot');
        await page.keyboard.press('Enter');
        await waitForParam(page, 'q', 'hotpot');
        await card.waitFor();
        await page.getByRole('link', { name: s.newest, exact: true }).click();
        await waitForParam(page, 'sort', 'new');
        await card.waitFor();
        await page.getByRole('button', { name: new RegExp(`^${s.filters}`) }).click();
        await page.getByRole('link', { name: s.videos, exact: true }).click();
        await waitForParam(page, 'media', 'video');
        await page.getByRole('heading', { name: lang === 'en' ? 'Nothing found for “hotpot”' : '没有找到与“hotpot”相关的内容' }).waitFor();
        await assertNoHorizontalOverflow(page, width, `filtered results at ${width}`);
        await screenshot(page, `search-filtered-${name}-${lang}`);
        await page.getByRole('link', { name: s.reset }).first().click();
        await waitForParam(page, 'media', null);
        assert.equal(params(page).get('sort'), 'new', 'the sort stays');
        await card.waitFor();

        // A shared link shows the same search.
        const shared = await context.newPage();
        await shared.goto(`/search?q=${encodeURIComponent('hotpot')}&sort=likes`);
        await shared.locator(`[data-note-id="${noteId}"] .note-card__title mark`).first().waitFor();
        assert.equal(await shared.getByRole('combobox').inputValue(), 'hotpot');
        assert.equal(await shared.locator('[data-sort="likes"]').getAttribute('aria-current'), 'true');
        await shared.close();
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  }
}

/** Signs up through the API and logs in through the form; the account's own bearer token, for checks. */
async function logIn(page: Page, handle: string, uiLanguage: 'en' | 'zh', next: string, landsOn = next): Promise<string> {
  const { token } = await api<{ token: string }>('/accounts', {
    body: { handle, password: PASSWORD, displayName: handle, languages: ['en', 'zh'], uiLanguage },
  });
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel(/^(Handle|用户名)$/).fill(handle);
  await page.getByLabel(/^(Password|密码)$/).fill(PASSWORD);
  await page.getByRole('button', { name: /^(Log in|登录)$/ }).click();
  await waitForPath(page, landsOn);
  return token;
}

for (const { width, height, name, lang } of [
  { width: 360, height: 800, name: '360', lang: 'en' as const },
  { width: 1280, height: 900, name: '1280', lang: 'zh' as const },
]) {
  test(`a reader's recent searches: listed, one removed, all cleared; a suggested topic opens its page (${name}-${lang})`, { timeout: 120_000 }, async () => {
    const { page, context, problems } = await openPage(browser, server.baseUrl, { width, height }, lang === 'zh' ? 'zh-CN' : 'en-US');
    try {
      // The old Explore address opens search.
      const token = await logIn(page, `searcher_${name}`, lang, '/explore', '/search');
      const box = page.getByRole('combobox');

      // A suggested topic, chosen with the keys, opens the topic's page.
      await box.pressSequentially('huo', { delay: 30 });
      await page.getByRole('listbox').getByRole('option', { name: /火锅/ }).first().waitFor();
      const options = await page.getByRole('listbox').getByRole('option').allTextContents();
      const target = options.findIndex((text) => text.includes('火锅'));
      for (let i = 0; i <= target; i++) await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await waitForPath(page, `/t/${encodeURIComponent('火锅')}`);

      // Two searches, then the empty box lists them, newest first.
      for (const q of ['hotpot', '成都']) {
        await page.goto('/search');
        await box.fill(q);
        await page.keyboard.press('Enter');
        await waitForParam(page, 'q', q);
        await page.locator(`[data-note-id="${noteId}"]`).waitFor();
      }
      await page.goto('/search');
      const history = page.getByTestId('search-history');
      await history.getByRole('link', { name: '成都', exact: true }).waitFor();
      await history.getByRole('link', { name: 'hotpot', exact: true }).waitFor();
      await assertNoHorizontalOverflow(page, width, `history at ${width}`);
      await screenshot(page, `search-history-${name}-${lang}`);

      // One removed, then all.
      await history.getByRole('button', { name: lang === 'en' ? 'Remove “hotpot” from recent searches' : '删除历史记录“hotpot”' }).click();
      await history.getByRole('link', { name: 'hotpot', exact: true }).waitFor({ state: 'detached' });
      const left = await api<{ items: { q: string }[] }>('/search/history', { token });
      assert.deepEqual(
        left.items.map((item) => item.q),
        ['成都'],
      );
      await history.getByRole('button', { name: lang === 'en' ? 'Clear all' : '清空' }).click();
      await history.waitFor({ state: 'detached' });
      await page.reload();
      await box.waitFor();
      assert.equal(await page.getByTestId('search-history').count(), 0, 'nothing left after a reload');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
}

type ProfileView = { followersCount: number; viewer: { following: boolean } | null };

const T = {
  en: { translate: 'Translate', original: 'Original', credit: 'Word gloss · CC-CEDICT', people: 'People', follow: 'Follow', following: 'Following' },
  zh: { translate: '翻译', original: '原文', credit: '逐词释义 · CC-CEDICT', people: '用户', follow: '关注', following: '已关注' },
} as const;

for (const { width, height, name } of [
  { width: 360, height: 800, name: '360' },
  { width: 1280, height: 900, name: '1280' },
]) {
  for (const lang of ['en', 'zh'] as const) {
    const s = T[lang];
    test(`a reader follows a person from People and translates a note card in place (${name}-${lang})`, { timeout: 120_000 }, async () => {
      const { page, context, problems } = await openPage(browser, server.baseUrl, { width, height }, lang === 'zh' ? 'zh-CN' : 'en-US');
      try {
        // A visitor on the People tab: Follow is a way to log in that comes back to the same search.
        const people = `/search?q=chengdu&type=users`;
        await page.goto(people);
        const row = page.getByTestId('search-user').filter({ hasText: `@${AUTHOR.handle}` });
        await row.waitFor();
        const visitorFollow = row.getByRole('link', { name: `${s.follow}${lang === 'en' ? ' ' : ''}${AUTHOR.displayName}`, exact: true });
        assert.equal(await visitorFollow.getAttribute('href'), `/login?next=${encodeURIComponent(people)}`);
        // The row's link and the button are siblings: no control inside a link.
        assert.equal(await row.locator('a a, a button, button a').count(), 0);
        await visitorFollow.click();
        await waitForPath(page, '/login');

        // Logged in (reading only the UI's language), back on the search: Follow turns to Following, for real.
        const handle = `reader_${name}_${lang}`;
        const { token } = await api<{ token: string }>('/accounts', {
          body: { handle, password: PASSWORD, displayName: handle, languages: [lang], uiLanguage: lang },
        });
        await page.getByLabel(/^(Handle|用户名)$/).fill(handle);
        await page.getByLabel(/^(Password|密码)$/).fill(PASSWORD);
        await page.getByRole('button', { name: /^(Log in|登录)$/ }).click();
        await waitForParam(page, 'type', 'users');
        assert.equal(new URL(page.url()).pathname, '/search');
        const followButton = row.getByRole('button', { name: `${s.follow}${lang === 'en' ? ' ' : ''}${AUTHOR.displayName}`, exact: true });
        await followButton.click();
        const followingButton = row.getByRole('button', { name: `${s.following}${lang === 'en' ? ' ' : ''}${AUTHOR.displayName}`, exact: true });
        await followingButton.waitFor();
        assert.equal((await followingButton.textContent())?.trim(), s.following);
        const deadline = Date.now() + STEP_TIMEOUT_MS;
        let profile = await api<ProfileView>(`/users/${AUTHOR.handle}`, { token });
        while (!profile.viewer?.following && Date.now() < deadline) {
          await new Promise((done) => setTimeout(done, 100));
          profile = await api<ProfileView>(`/users/${AUTHOR.handle}`, { token });
        }
        assert.equal(profile.viewer?.following, true, 'the follow reached the server');
        // The row counts the new follower.
        const count = profile.followersCount;
        await row
          .locator('.search-row__sub')
          .filter({ hasText: lang === 'en' ? new RegExp(` ${count} followers?$`) : new RegExp(` ${count} 粉丝$`) })
          .waitFor();
        // Not on yourself.
        await page.goto(`/search?q=${handle}&type=users`);
        await page
          .getByTestId('search-user')
          .filter({ hasText: `@${handle}` })
          .waitFor();
        assert.equal(
          await page
            .getByTestId('search-user')
            .filter({ hasText: `@${handle}` })
            .getByRole('button')
            .count(),
          0,
        );
        await page.goto(people);
        await followingButton.waitFor();
        await assertNoHorizontalOverflow(page, width, `people at ${width}`);
        await screenshot(page, `search-people-${name}-${lang}`);

        // Notes: the card in the other language offers a translation; the reader's own doesn't.
        await page.goto('/search?q=hotpot');
        const [foreignId, ownId] = lang === 'en' ? [noteId, englishNoteId] : [englishNoteId, noteId];
        const card = page.locator(`[data-note-id="${foreignId}"]`);
        const own = page.locator(`[data-note-id="${ownId}"]`);
        await card.waitFor();
        await own.waitFor();
        assert.equal(await own.getByRole('button', { name: new RegExp(`^${s.translate}`) }).count(), 0, 'no Translate on a note the reader reads');
        const original = (await card.locator('.note-card__title').textContent()) ?? '';
        assert.equal(original, lang === 'en' ? TITLE : EN_TITLE);
        assert.ok((await card.locator('.note-card__title mark').count()) > 0, 'the match is marked');
        const before = (await card.boundingBox())?.height ?? 0;
        const translate = card.getByRole('button', { name: new RegExp(`^${s.translate}`) });
        // Outside the card's link, reached with the keys.
        assert.equal(await card.locator('a button').count(), 0);
        await translate.focus();
        await page.keyboard.press('Enter');
        const translated = card.getByTestId('translated-text');
        await translated.waitFor();
        const text = (await translated.textContent()) ?? '';
        if (lang === 'en') assert.match(text, /hot ?pot/i);
        else assert.match(text, /\p{Script=Han}/u, `a Chinese gloss: ${text}`);
        assert.notEqual(text, original);
        assert.equal(await translated.getAttribute('lang'), lang);
        assert.equal(await card.getByTestId('translation-credit').textContent(), s.credit);
        assert.equal(await card.locator('.note-card__title mark').count(), 0);
        const during = (await card.boundingBox())?.height ?? 0;
        assert.ok(Math.abs(during - before) <= 1, `the card keeps its height: ${before} → ${during}`);
        // The focus stayed on the one button, now the way back.
        assert.equal(await page.evaluate(() => document.activeElement?.textContent), s.original);
        await assertNoHorizontalOverflow(page, width, `translated card at ${width}`);
        await screenshot(page, `search-translated-${name}-${lang}`);

        await page.keyboard.press('Enter');
        await translated.waitFor({ state: 'detached' });
        assert.equal(await card.locator('.note-card__title').textContent(), original);
        assert.ok((await card.locator('.note-card__title mark').count()) > 0, 'the marks are back');
        await card.getByRole('button', { name: new RegExp(`^${s.translate}`) }).waitFor();
        assert.ok(Math.abs(((await card.boundingBox())?.height ?? 0) - before) <= 1);
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  }
}
