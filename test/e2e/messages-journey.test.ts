// Messages in real browsers, two people at once, each in their own context (own cookies, own live
// connection): Ana (English; the first account, so the admin) writes to Bo (中文) from his profile;
// Bo sees the conversation arrive live in his list, opens it, replies; Ana sees the reply live and
// "Seen" under her message; she sends a photo, which Bo sees. Ana starts a group, makes an invite
// link in its settings; Bo opens the link, sees the preview and joins, and a message in the group
// reaches him live. Ana creates a live room with slow mode; Bo finds it in the directory, joins it;
// messages flow both ways live, the member count shows both of them, and Bo's send button counts down.
// At 360 and 1280 px; Ana's screens in English, Bo's in 中文, with screenshots.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { assertNoHorizontalOverflow, launchBrowser, openPage, STEP_TIMEOUT_MS, screenshot, waitForPath } from './browser.ts';
import { type ApiInit, callApi, followEachOther, jpeg, logIn, postPhotoNote, signUp } from './people.ts';
import { startServer, type TestServer } from './server.ts';

let server: TestServer;
let browser: Browser;
let noteId = '';
let anaToken = '';
const NOTE_TITLE = 'Pork and chive dumplings';

const PASSWORD = 'dumplings at midnight 42';
const ANA = { handle: 'ana_chat', displayName: 'Ana', password: PASSWORD };
const BO = { handle: 'bo_liao', displayName: '小波', password: PASSWORD };
const CAI = { handle: 'cai_third', displayName: 'Cai', password: PASSWORD };

const api = <T>(path: string, init: ApiInit = {}) => callApi<T>(server.baseUrl, path, init);

before(
  async () => {
    server = await startServer();
    browser = await launchBrowser();
    // Ana first: the first account is the admin (who may create rooms).
    anaToken = await signUp(server.baseUrl, ANA, 'en');
    const boToken = await signUp(server.baseUrl, BO, 'zh');
    await signUp(server.baseUrl, CAI, 'en');
    // They follow each other: no message request between them.
    await followEachOther(server.baseUrl, { handle: ANA.handle, token: anaToken }, { handle: BO.handle, token: boToken });
    // A note of Ana's, to share in a chat and to carry her group's join card.
    noteId = await postPhotoNote(server.baseUrl, anaToken, {
      title: NOTE_TITLE,
      body: 'Folded by hand, forty of them.',
      background: '#c94f3d',
      fileName: 'cover.jpg',
    });
  },
  { timeout: 120_000 },
);

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A message bubble in the open chat with this text. */
const bubble = (page: Page, text: string | RegExp) => page.getByTestId('chat-message').filter({ hasText: text });

async function send(page: Page, text: string) {
  const box = page.getByRole('textbox', { name: /^(Message|消息)$/ });
  await box.fill(text);
  await box.press('Enter');
}

/** Waits until the live connection is up (the chat shows no "Connecting…" line). */
async function connected(page: Page) {
  await page.getByTestId('chat-connection').waitFor({ state: 'detached' });
}

for (const { width, height, name } of [
  { width: 360, height: 780, name: '360' },
  { width: 1280, height: 860, name: '1280' },
]) {
  test(`two people message each other live, join a group by its link and talk in a live room (${name})`, { timeout: 240_000 }, async () => {
    const a = await openPage(browser, server.baseUrl, { width, height }, 'en-US');
    const b = await openPage(browser, server.baseUrl, { width, height }, 'zh-CN');
    try {
      await logIn(a.page, ANA, '/messages');
      await logIn(b.page, BO, '/messages');
      await b.page.getByRole('heading', { name: '消息', level: 1 }).waitFor();

      // Ana opens Bo's profile and writes to him.
      await a.page.goto(`/u/${BO.handle}`);
      await a.page.getByRole('button', { name: 'Message', exact: true }).click();
      await a.page.waitForFunction(() => /^\/messages\/[0-9a-f-]{36}$/.test(window.location.pathname), null, { timeout: STEP_TIMEOUT_MS });
      await connected(a.page);
      const hello = `Hi Bo, dumplings tonight? (${name})`;
      await send(a.page, hello);
      await bubble(a.page, hello).waitFor();
      await a.page.getByTestId('chat-pending').waitFor({ state: 'detached' });

      // Bo's list shows it live, with the unread count on the Messages tab.
      const row = b.page.getByTestId('conversation-row').filter({ hasText: hello });
      await row.waitFor();
      await b.page.locator(`${width < 768 ? '.tabbar' : '.rail'} [data-testid="unread-badge"]`).waitFor();
      await assertNoHorizontalOverflow(b.page, width, 'conversation list');
      await screenshot(b.page, `messages-list-${name}-zh`);
      await row.click();
      await bubble(b.page, hello).waitFor();
      await connected(b.page);
      const reply = `好呀！几点？(${name})`;
      await send(b.page, reply);
      await bubble(b.page, reply).waitFor();

      // Ana sees the reply live, and "Seen" under her message.
      await bubble(a.page, reply).waitFor();
      await a.page.getByTestId('chat-seen').filter({ hasText: 'Seen' }).waitFor();

      // Bo types: Ana sees it; then a photo from Ana, with progress, reaches Bo.
      // (Typing is sent at most every few seconds: Bo keeps typing until Ana sees it, bounded.)
      const typing = a.page.getByTestId('chat-typing');
      for (let i = 0; i < 8 && !(await typing.isVisible()); i++) {
        await b.page.getByRole('textbox', { name: '消息' }).fill(`七点${'…'.repeat(i)}`);
        await typing.waitFor({ timeout: 1_000 }).catch(() => undefined);
      }
      await typing.filter({ hasText: '小波 is typing…' }).waitFor();
      const photo = await jpeg('#e8a33d', 800, 600);
      await a.page.getByTestId('chat-photo-input').setInputFiles({ name: 'dumplings.jpg', mimeType: 'image/jpeg', buffer: photo });
      await a.page.getByTestId('chat-pending').waitFor({ state: 'detached' });
      await b.page.locator('[data-testid="chat-message"] img.chat-photo').last().waitFor();
      // Ana takes back her first message: Bo sees the tombstone.
      a.page.once('dialog', (dialog) => void dialog.accept());
      await bubble(a.page, hello).getByRole('button', { name: 'Message actions' }).click();
      await a.page.getByRole('menuitem', { name: 'Delete' }).click();
      await b.page.getByTestId('chat-message').filter({ hasText: '此消息已删除' }).first().waitFor();

      // A note's link on its own is shared as the note: Bo gets a card.
      await send(a.page, `${server.baseUrl}/n/${noteId}`);
      await b.page.getByTestId('chat-note-card').filter({ hasText: NOTE_TITLE }).last().waitFor();
      await assertNoHorizontalOverflow(a.page, width, 'chat');
      await screenshot(a.page, `messages-chat-${name}-en`);
      await assertNoHorizontalOverflow(b.page, width, 'chat (zh)');
      await screenshot(b.page, `messages-chat-${name}-zh`);

      // Ana starts a group and makes an invite link.
      await a.page.goto('/messages');
      await a.page.getByTestId('conversation-row').filter({ hasText: BO.displayName }).waitFor();
      await assertNoHorizontalOverflow(a.page, width, 'conversation list (en)');
      await screenshot(a.page, `messages-list-${name}-en`);
      await a.page.getByRole('button', { name: 'New group' }).click();
      await a.page.getByLabel('To').fill(CAI.handle);
      const group = `Dumpling club ${name}`;
      await a.page.getByLabel('Group name').fill(group);
      await a.page.getByRole('button', { name: 'Create group' }).click();
      await a.page.waitForFunction(() => /^\/messages\/[0-9a-f-]{36}$/.test(window.location.pathname), null, { timeout: STEP_TIMEOUT_MS });
      await a.page.getByRole('link', { name: 'Chat settings' }).click();
      await a.page.getByRole('button', { name: 'Create link' }).click();
      const url = (await a.page.getByTestId('invite-url').first().textContent())?.trim() ?? '';
      assert.match(url, /\/join\/[A-Za-z0-9_-]+$/);
      // The group's join card goes under Ana's note.
      await a.page.getByLabel('Link to your note').fill(`${server.baseUrl}/n/${noteId}`);
      await a.page.getByRole('button', { name: 'Show', exact: true }).click();
      await a.page.getByText('The card now shows under the note.').waitFor();
      await a.page.evaluate(() => window.scrollTo(0, 0));
      await assertNoHorizontalOverflow(a.page, width, 'group settings');
      await screenshot(a.page, `messages-group-settings-${name}-en`);

      const groupId = new URL(a.page.url()).pathname.split('/')[2] ?? '';
      // Bo opens the link: a preview, then join.
      await b.page.goto(new URL(url, server.baseUrl).pathname);
      await b.page.getByTestId('join-card').getByText(group).waitFor();
      await assertNoHorizontalOverflow(b.page, width, 'join page');
      await screenshot(b.page, `messages-join-${name}-zh`);
      await b.page.getByRole('button', { name: '加入群聊' }).click();
      await b.page.waitForFunction(() => /^\/messages\/[0-9a-f-]{36}$/.test(window.location.pathname), null, { timeout: STEP_TIMEOUT_MS });
      await connected(b.page);
      await a.page.getByRole('button', { name: 'Back' }).click();
      await connected(a.page);
      const welcome = `Welcome to the club, Bo! (${name})`;
      await send(a.page, welcome);
      await bubble(b.page, welcome).waitFor();

      // Under Ana's note, Bo finds the group's card.
      await b.page.goto(`/n/${noteId}`);
      await b.page.getByTestId('note-group-card').filter({ hasText: group }).waitFor();
      await screenshot(b.page, `note-group-card-${name}-zh`);

      // While Bo is away the group talks on: more than a page. Back in it (from the card), history scrolls upward.
      for (let i = 1; i <= 60; i++) await api(`/conversations/${groupId}/messages`, { token: anaToken, body: { body: `Dumpling fact #${i}` } });
      await b.page.getByTestId('note-group-card').filter({ hasText: group }).click();
      await waitForPath(b.page, `/messages/${groupId}`);
      const oldest = /Dumpling fact #1(?!\d)/;
      await bubble(b.page, 'Dumpling fact #60').waitFor();
      await b.page.getByTestId('chat-load-older').waitFor();
      for (let i = 0; i < 5 && (await bubble(b.page, oldest).count()) === 0; i++) {
        await b.page.getByTestId('chat-thread').evaluate((el) => el.scrollTo(0, 0));
        await bubble(b.page, oldest)
          .waitFor({ timeout: 2_000 })
          .catch(() => undefined);
      }
      await bubble(b.page, oldest).waitFor();
      await b.page.getByText('会话从这里开始').waitFor();

      // Ana (the admin) creates a live room with slow mode.
      await a.page.goto('/rooms');
      await a.page.getByRole('button', { name: 'Create room' }).click();
      const room = `TikTok Refugees 🐱 ${name}`;
      await a.page.getByLabel('Room name').fill(room);
      await a.page.getByLabel('Description').fill('Say hi across the language line');
      // Slow mode long enough that Bo's countdown is still running when it is checked on a busy machine.
      await a.page.getByLabel(/Slow mode/).fill('60');
      await a.page.getByRole('button', { name: 'Create room' }).last().click();
      await a.page.waitForFunction(() => /^\/rooms\/[0-9a-f-]{36}$/.test(window.location.pathname), null, { timeout: STEP_TIMEOUT_MS });
      await connected(a.page);

      // Bo finds it in the directory and joins.
      await b.page.goto('/rooms');
      await b.page.getByTestId('room-card').filter({ hasText: room }).click();
      await b.page.getByTestId('room-join').click();
      await b.page.getByRole('textbox', { name: '消息' }).waitFor();
      await connected(b.page);
      await a.page.getByTestId('room-live-count').filter({ hasText: '2 here now' }).waitFor();
      const first = `Hello from Ana 👋 (${name})`;
      await send(a.page, first);
      await bubble(b.page, first).waitFor();
      const back = `大家好，我是小波 (${name})`;
      await send(b.page, back);
      // Slow mode: Bo's send button counts down.
      await b.page
        .getByTestId('chat-send')
        .filter({ hasText: /等 \d+ 秒/ })
        .waitFor();
      await bubble(a.page, back).waitFor();
      // Ana (the room's creator, so a moderator) pins her message: everyone sees it on top.
      await bubble(a.page, first).getByRole('button', { name: 'Message actions' }).click();
      await a.page.getByRole('menuitem', { name: 'Pin' }).click();
      await b.page.getByTestId('room-pinned').filter({ hasText: first }).waitFor();
      await b.page.getByTestId('room-live-count').filter({ hasText: '2 人在线' }).waitFor();
      await assertNoHorizontalOverflow(a.page, width, 'room');
      await screenshot(a.page, `room-${name}-en`);
      await assertNoHorizontalOverflow(b.page, width, 'room (zh)');
      await screenshot(b.page, `room-${name}-zh`);
      await b.page.goto('/rooms');
      await b.page.getByTestId('room-card').filter({ hasText: room }).waitFor();
      await screenshot(b.page, `rooms-${name}-zh`);

      assert.deepEqual(a.problems, [], 'no script errors or CSP refusals (Ana)');
      assert.deepEqual(b.problems, [], 'no script errors or CSP refusals (Bo)');
    } finally {
      await a.context.close();
      await b.context.close();
    }
  });
}

test('a stranger’s message waits among the requests until it is accepted (360, 中文)', { timeout: 120_000 }, async () => {
  const stranger = await api<{ token: string }>('/accounts', {
    body: { handle: 'dou_stranger', displayName: 'Dou', password: PASSWORD, languages: ['en'], uiLanguage: 'en' },
  });
  const dm = await api<{ id: string }>('/conversations', { token: stranger.token, body: { members: [BO.handle] } });
  await api(`/conversations/${dm.id}/messages`, { token: stranger.token, body: { body: 'Hello! I loved your dumpling note.' } });
  const b = await openPage(browser, server.baseUrl, { width: 360, height: 780 }, 'zh-CN');
  try {
    await logIn(b.page, BO, '/messages');
    await b.page.getByRole('tab', { name: /消息请求/ }).click();
    const row = b.page.getByTestId('conversation-row').filter({ hasText: 'Dou' });
    await row.getByText('Hello! I loved your dumpling note.').waitFor();
    await assertNoHorizontalOverflow(b.page, 360, 'requests');
    await screenshot(b.page, 'messages-requests-360-zh');
    await row.getByRole('button', { name: '接受' }).click();
    await row.waitFor({ state: 'detached' });
    await b.page.getByRole('tab', { name: '聊天' }).click();
    await b.page.getByTestId('conversation-row').filter({ hasText: 'Dou' }).click();
    await bubble(b.page, 'Hello! I loved your dumpling note.').waitFor();
    await b.page.getByRole('textbox', { name: '消息' }).waitFor();
    assert.deepEqual(b.problems, [], 'no script errors or CSP refusals');
  } finally {
    await b.context.close();
  }
});
