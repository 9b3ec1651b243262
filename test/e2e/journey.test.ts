// Browser journeys through the real server and the built web client (dist/web).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { assertNoHorizontalOverflow, launchBrowser, openPage, screenshot, waitForPath, waitForTestIdText } from './browser.ts';
import { startServer, type TestServer } from './server.ts';

let server: TestServer;
let browser: Browser;

const OTHER = { handle: 'lin_mei', password: 'plum blossom river 42', displayName: '林美', languages: ['zh', 'en'] };
const ADA = { handle: 'ada_l', password: 'analytical engine 1843', displayName: 'Ada Lovelace' };

before(
  async () => {
    server = await startServer();
    browser = await launchBrowser();
    // Someone to follow, seeded through the API the way any client would.
    const response = await fetch(`${server.baseUrl}/api/v1/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.baseUrl },
      body: JSON.stringify({ ...OTHER, uiLanguage: 'zh' }),
      signal: AbortSignal.timeout(15_000),
    });
    assert.equal(response.status, 201, await response.text());
  },
  { timeout: 180_000 },
);

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signUp(page: Page, account: { handle: string; password: string; displayName: string }) {
  await page.getByLabel('Handle').fill(account.handle);
  await page.getByLabel('Display name').fill(account.displayName);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await waitForPath(page, `/u/${account.handle}`);
  await page.getByRole('heading', { name: account.displayName, level: 1 }).waitFor();
}

async function logIn(page: Page, account: { handle: string; password: string }) {
  await page.getByLabel('Handle').fill(account.handle);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

test('an anonymous visit never asks who is signed in, so nothing fails in the console', { timeout: 120_000 }, async () => {
  const { page, context, problems } = await openPage(browser, server.baseUrl, { width: 360, height: 740 });
  const failed: string[] = [];
  const asked: string[] = [];
  page.on('console', (m) => void (m.type() === 'error' && failed.push(m.text())));
  page.on('request', (r) => void (new URL(r.url()).pathname === '/api/v1/me' && asked.push(r.url())));
  try {
    await page.goto(`/u/${OTHER.handle}`);
    await page.getByRole('heading', { name: OTHER.displayName, level: 1 }).waitFor();
    await page.goto('/');
    await page.getByRole('link', { name: 'Sign up' }).first().waitFor();
    assert.deepEqual(asked, [], 'no GET /api/v1/me without the session hint');
    assert.deepEqual(failed, [], 'no error (a 401 included) in the console');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a newcomer signs up, logs out and in, edits their profile, follows someone and switches to 中文', { timeout: 180_000 }, async () => {
  const { page, context, problems } = await openPage(browser, server.baseUrl, { width: 1280, height: 800 });
  try {
    await page.goto('/signup');
    await page.getByRole('heading', { name: 'Join Biji' }).waitFor();
    // Reads Chinese too (English is pre-checked from the English UI).
    await page.locator('label.chip-check', { hasText: '中文' }).click();
    assert.equal(await page.getByRole('checkbox', { name: '中文' }).isChecked(), true);
    await screenshot(page, 'desktop-signup');
    await signUp(page, ADA);
    await page.getByText(`@${ADA.handle}`).first().waitFor();
    await screenshot(page, 'desktop-profile-new');

    // Log out from settings (own profile → gear).
    await page.getByRole('link', { name: 'Settings' }).click();
    await waitForPath(page, '/settings');
    await page.getByRole('button', { name: 'Log out' }).click();
    await waitForPath(page, '/login');
    const meAfterLogout = await page.evaluate(async () => (await fetch('/api/v1/me')).status);
    assert.equal(meAfterLogout, 401, 'the session cookie is gone after logging out');
    assert.equal(await page.evaluate(() => document.cookie.includes('biji_signed_in')), false, 'and so is the hint');

    // A wrong password is refused with a readable message, then the right one works.
    await logIn(page, { handle: ADA.handle, password: 'not my password at all' });
    await page.getByRole('alert').filter({ hasText: 'don’t match' }).waitFor();
    await page.getByLabel('Password', { exact: true }).fill(ADA.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await waitForPath(page, '/');
    await page.getByRole('heading', { name: `Hi, ${ADA.displayName}` }).waitFor();
    // Posting works: the home page says so, and shows the (still empty) latest notes.
    await page.getByRole('link', { name: 'Post a note' }).waitFor();
    await page.getByRole('heading', { name: 'No notes yet' }).waitFor();
    assert.equal(await page.getByText(/isn’t open yet/).count(), 0);
    await screenshot(page, 'desktop-home');

    // Edit the profile and see it on the profile page.
    await page.getByRole('navigation', { name: 'Main' }).first().getByRole('link', { name: 'Me', exact: true }).click();
    await waitForPath(page, `/u/${ADA.handle}`);
    await page.getByRole('link', { name: 'Edit profile' }).click();
    await waitForPath(page, '/settings/profile');
    const bio = 'Poet of numbers. 数字诗人。';
    await page.getByLabel('Display name').fill('Ada L.');
    await page.getByLabel('Bio').fill(bio);
    await page.getByText(`${Array.from(bio).length}/200`).waitFor();
    await page.getByLabel('Region').fill('London');
    await screenshot(page, 'desktop-edit-profile');
    await page.getByRole('button', { name: 'Save' }).click();
    await waitForPath(page, `/u/${ADA.handle}`);
    await page.getByRole('heading', { name: 'Ada L.', level: 1 }).waitFor();
    await page.getByText(bio).waitFor();
    await page.getByText('London').waitFor();

    // Follow the other person: the count goes 0 → 1 and the button changes.
    await page.goto(`/u/${OTHER.handle}`);
    await page.getByRole('heading', { name: OTHER.displayName, level: 1 }).waitFor();
    await waitForTestIdText(page, 'followers-count', '0');
    await page.getByRole('button', { name: 'Follow', exact: true }).click();
    await page.getByRole('button', { name: 'Following', exact: true }).waitFor();
    await waitForTestIdText(page, 'followers-count', '1');
    await page.reload();
    await waitForTestIdText(page, 'followers-count', '1');
    await page.getByRole('button', { name: 'Following', exact: true }).waitFor();
    await screenshot(page, 'desktop-profile-other');
    // …and Ada is in their followers list.
    await page.getByRole('link', { name: /Followers/ }).click();
    await waitForPath(page, `/u/${OTHER.handle}/followers`);
    await page.getByRole('link', { name: /Ada L\./ }).waitFor();
    await screenshot(page, 'desktop-followers');

    // Switch the UI to 中文 in settings; the choice is saved to the account.
    await page.goto('/settings');
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { name: '设置', level: 1 }).waitFor();
    await page.getByRole('button', { name: '退出登录' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
    await page.waitForFunction(async () => (await (await fetch('/api/v1/me')).json()).uiLanguage === 'zh', null, {
      timeout: 15_000,
      polling: 250,
    });
    await screenshot(page, 'desktop-settings-zh');
    await page.goto(`/u/${OTHER.handle}`);
    await page.getByRole('button', { name: '已关注' }).waitFor();
    await page.getByText('粉丝').waitFor();
    await screenshot(page, 'desktop-profile-zh');

    assert.deepEqual(problems, [], 'no CSP violations or script errors');
  } finally {
    await context.close();
  }
});

test('a signed-in account’s saved language wins over the browser’s', { timeout: 60_000 }, async () => {
  const { page, context, problems } = await openPage(browser, server.baseUrl, { width: 1280, height: 800 });
  try {
    await page.goto('/login');
    await page.getByRole('heading', { name: 'Welcome back' }).waitFor();
    await logIn(page, OTHER); // saved uiLanguage: zh
    await waitForPath(page, '/');
    await page.getByRole('heading', { name: `你好，${OTHER.displayName}` }).waitFor();
    // Switching back to English here saves it again.
    await page.goto('/settings');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await page.waitForFunction(async () => (await (await fetch('/api/v1/me')).json()).uiLanguage === 'en', null, {
      timeout: 15_000,
      polling: 250,
    });
    assert.deepEqual(problems, [], 'no CSP violations or script errors');
  } finally {
    await context.close();
  }
});

test('works on a 360-px-wide phone without sideways scrolling, in both languages', { timeout: 180_000 }, async () => {
  const width = 360;
  const { page, context, problems } = await openPage(browser, server.baseUrl, { width, height: 740 });
  try {
    await page.goto('/');
    await page.getByRole('link', { name: 'Sign up' }).waitFor();
    await assertNoHorizontalOverflow(page, width, 'home (signed out)');
    await screenshot(page, 'phone-home-signed-out');

    await page.goto('/signup');
    // Submitting empty shows every hint as an error; the layout must still fit.
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByText('Use at least 8 characters.').waitFor();
    await assertNoHorizontalOverflow(page, width, 'sign-up with errors');
    await screenshot(page, 'phone-signup-errors');

    // The server's answers land beside the fields they are about.
    await page.getByLabel('Handle').fill(OTHER.handle);
    await page.getByLabel('Display name').fill('Mo');
    await page.getByLabel('Password', { exact: true }).fill('small screens matter 360');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByText('That handle is taken. Try another one.').waitFor();
    await page.getByLabel('Handle').fill('mo.360');
    await page.getByLabel('Password', { exact: true }).fill('password123');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByText('That password is too common.', { exact: false }).waitFor();
    await assertNoHorizontalOverflow(page, width, 'sign-up with server errors');

    const mo = { handle: 'mo.360', password: 'small screens matter 360', displayName: 'Mo Xiaoming 莫小明' };
    await signUp(page, mo);
    await assertNoHorizontalOverflow(page, width, 'own profile');
    // The bottom tab bar is there, with the red "+".
    const tabbar = page.locator('nav.tabbar');
    await tabbar.waitFor();
    assert.equal(await tabbar.getByRole('link').count(), 5);
    await screenshot(page, 'phone-profile-own');

    await page.goto(`/u/${OTHER.handle}`);
    const before = Number(await page.getByTestId('followers-count').innerText());
    await page.getByRole('button', { name: 'Follow', exact: true }).click();
    await waitForTestIdText(page, 'followers-count', String(before + 1));
    await page.getByRole('button', { name: `Actions for @${OTHER.handle}` }).click();
    await page.getByRole('menuitem', { name: 'Mute' }).waitFor();
    await assertNoHorizontalOverflow(page, width, 'other profile with menu open');
    await screenshot(page, 'phone-profile-other-menu');
    await page.keyboard.press('Escape');

    for (const path of ['/settings', '/settings/profile', '/settings/sessions', '/explore', '/compose', '/messages']) {
      await page.goto(path);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await assertNoHorizontalOverflow(page, width, path);
    }
    await page.getByRole('heading', { name: 'No conversations yet' }).waitFor();
    await page.goto('/settings/sessions');
    await page.getByText('This device').waitFor();
    await screenshot(page, 'phone-sessions');

    await page.goto('/settings');
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('button', { name: '退出登录' }).waitFor();
    await assertNoHorizontalOverflow(page, width, 'settings in 中文');
    await screenshot(page, 'phone-settings-zh');
    await page.goto('/settings/profile');
    await page.getByRole('heading', { name: '编辑资料' }).waitFor();
    await assertNoHorizontalOverflow(page, width, 'edit profile in 中文');
    await screenshot(page, 'phone-edit-profile-zh');
    await page.goto(`/u/${OTHER.handle}`);
    await page.getByRole('button', { name: '已关注' }).waitFor();
    await assertNoHorizontalOverflow(page, width, 'profile in 中文');
    await screenshot(page, 'phone-profile-zh');
    await page.goto('/u/nobody_here');
    await page.getByRole('heading', { name: '找不到该用户' }).waitFor();
    await assertNoHorizontalOverflow(page, width, 'user not found');
    await screenshot(page, 'phone-user-not-found-zh');

    assert.deepEqual(problems, [], 'no CSP violations or script errors');
  } finally {
    await context.close();
  }
});

test('a long followers list pages in with “Load more”', { timeout: 120_000 }, async () => {
  // 21 more followers, created and following through the API with bearer tokens.
  const api = (path: string, init: RequestInit & { token?: string } = {}) =>
    fetch(`${server.baseUrl}/api/v1${path}`, {
      ...init,
      headers: {
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        origin: server.baseUrl,
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      },
      signal: AbortSignal.timeout(15_000),
    });
  for (let i = 0; i < 21; i++) {
    const handle = `fan_${String(i).padStart(2, '0')}`;
    const created = await api('/accounts', {
      method: 'POST',
      body: JSON.stringify({ handle, password: `fan password number ${i}!`, displayName: `Fan ${i}` }),
    });
    assert.equal(created.status, 201, await created.clone().text());
    const { token } = (await created.json()) as { token: string };
    const followed = await api(`/users/${OTHER.handle}/follow`, { method: 'PUT', token });
    assert.equal(followed.status, 204, await followed.text());
  }

  const { page, context, problems } = await openPage(browser, server.baseUrl, { width: 1280, height: 800 });
  try {
    await page.goto(`/u/${OTHER.handle}/followers`);
    const rows = page.locator('ul.people > li');
    await rows.nth(19).waitFor();
    assert.equal(await rows.count(), 20, 'the first page holds 20 people');
    await page.getByRole('button', { name: 'Load more' }).click();
    await page.getByText('That’s everyone.').waitFor();
    const total = await rows.count();
    assert.ok(total >= 22, `all followers are listed after loading more (got ${total})`);
    const handles = await page.locator('.person__handle').allInnerTexts();
    assert.equal(new Set(handles).size, handles.length, 'no one is listed twice');
    assert.deepEqual(problems, [], 'no CSP violations or script errors');
  } finally {
    await context.close();
  }
});

test('muting is reversible and blocking ends a follow', { timeout: 60_000 }, async () => {
  const kim = { handle: 'kim_b', password: 'blocking is healthy 7', displayName: 'Kim' };
  const created = await fetch(`${server.baseUrl}/api/v1/accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.baseUrl },
    body: JSON.stringify(kim),
    signal: AbortSignal.timeout(15_000),
  });
  assert.equal(created.status, 201, await created.clone().text());

  const { page, context, problems } = await openPage(browser, server.baseUrl, { width: 1280, height: 800 });
  try {
    await page.goto(`/u/${OTHER.handle}`);
    // Signed out, "Follow" leads to log-in and back.
    await page.getByRole('link', { name: 'Follow', exact: true }).click();
    await waitForPath(page, '/login');
    await logIn(page, kim);
    await waitForPath(page, `/u/${OTHER.handle}`);
    const before = Number(await page.getByTestId('followers-count').innerText());
    await page.getByRole('button', { name: 'Follow', exact: true }).click();
    await waitForTestIdText(page, 'followers-count', String(before + 1));

    const menu = page.getByRole('button', { name: `Actions for @${OTHER.handle}` });
    await menu.click();
    await page.getByRole('menuitem', { name: 'Mute' }).click();
    await page.getByText('You muted this account.', { exact: false }).waitFor();
    await menu.click();
    await page.getByRole('menuitem', { name: 'Unmute' }).click();
    await page.getByText('You muted this account.', { exact: false }).waitFor({ state: 'hidden' });

    page.once('dialog', (dialog) => void dialog.accept());
    await menu.click();
    await page.getByRole('menuitem', { name: 'Block' }).click();
    await page.getByText('You blocked this account.').waitFor();
    await page.getByRole('button', { name: 'Unblock' }).waitFor();
    await waitForTestIdText(page, 'followers-count', String(before));
    await page.reload();
    await page.getByRole('button', { name: 'Unblock' }).click();
    await page.getByRole('button', { name: 'Follow', exact: true }).waitFor();
    await waitForTestIdText(page, 'followers-count', String(before));

    // Kim's sign-up (through the API) left a second session; revoke it from the sessions page.
    await page.goto('/settings/sessions');
    await page.getByText('This device').waitFor();
    const sessions = page.locator('ul.sessions > li.session');
    await sessions.nth(1).waitFor();
    assert.equal(await sessions.count(), 2);
    await page.getByRole('button', { name: 'Revoke' }).click();
    await page.getByText('No other sessions.').waitFor();
    assert.equal(await sessions.count(), 1);
    const revokedToken = ((await created.json()) as { token: string }).token;
    const withRevoked = await fetch(`${server.baseUrl}/api/v1/me`, {
      headers: { authorization: `Bearer ${revokedToken}` },
      signal: AbortSignal.timeout(15_000),
    });
    assert.equal(withRevoked.status, 401, 'the revoked session no longer works');
    assert.deepEqual(problems, [], 'no CSP violations or script errors');
  } finally {
    await context.close();
  }
});
