// Sending a note to a chat from its share sheet, in real browsers: Ana (English) opens Cai's note,
// taps Share, finds Bo among her recent chats and sends the note with a message; Bo (中文), with their
// chat open, sees the note's card arrive live; Ana's toast opens the chat. Bo shares it on in 中文 to
// someone he has no chat with yet, by handle. A signed-out reader's Share copies the link instead.
// Also: the conversation list pages on as its end comes near, and a group's photo shows in the list
// and the chat's header. At 360 and 1280 px, with screenshots of the share sheet in both languages.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { assertNoHorizontalOverflow, launchBrowser, openPage, screenshot, waitForPath } from './browser.ts';
import { type ApiInit, callApi, followEachOther, jpeg, logIn, postPhotoNote, signUp } from './people.ts';
import { startServer, type TestServer } from './server.ts';

let server: TestServer;
let browser: Browser;
let noteId = '';
let dmId = '';
let anaToken = '';
const NOTE_TITLE = 'Hand-pulled noodles in Lanzhou';
const OLD_GROUPS = 33;

const PASSWORD = 'dumplings at midnight 42';
const ANA = { handle: 'ana_share', displayName: 'Ana', password: PASSWORD };
const BO = { handle: 'bo_share', displayName: '小波', password: PASSWORD };
const CAI = { handle: 'cai_cooks', displayName: 'Cai', password: PASSWORD };

const api = <T>(path: string, init: Omit<ApiInit, 'expect'> = {}) => callApi<T>(server.baseUrl, path, init);

before(
  async () => {
    server = await startServer();
    browser = await launchBrowser();
    anaToken = await signUp(server.baseUrl, ANA, 'en');
    const boToken = await signUp(server.baseUrl, BO, 'zh');
    const caiToken = await signUp(server.baseUrl, CAI, 'en');
    await followEachOther(server.baseUrl, { handle: ANA.handle, token: anaToken }, { handle: BO.handle, token: boToken });
    // Older groups than a page holds: the list must page on to reach the first of them.
    for (let i = 1; i <= OLD_GROUPS; i++) {
      const group = await api<{ id: string }>('/conversations', { token: anaToken, body: { members: [BO.handle], name: `Old group ${i}` } });
      await api(`/conversations/${group.id}/messages`, { token: anaToken, body: { body: `Hello old group ${i}` } });
    }
    // The DM last: the most recent chat, on top of Ana's list.
    dmId = (await api<{ id: string }>('/conversations', { token: anaToken, body: { members: [BO.handle] } })).id;
    await api(`/conversations/${dmId}/messages`, { token: anaToken, body: { body: 'Lunch?' } });
    noteId = await postPhotoNote(server.baseUrl, caiToken, {
      title: NOTE_TITLE,
      body: 'Stretched and folded, thin as thread.',
      background: '#3d7fc9',
      fileName: 'cover.jpg',
    });
  },
  { timeout: 180_000 },
);

after(async () => {
  await browser?.close();
  await server?.stop();
});

const bubble = (page: Page, text: string | RegExp) => page.getByTestId('chat-message').filter({ hasText: text });
const shareSheet = (page: Page) => page.locator('dialog.share-sheet[open]');
/** Scrolls to the end (bounded) until this shows: the list pages on by itself as its end comes near. */
async function scrollUntil(page: Page, target: Locator) {
  for (let i = 0; i < 5 && (await target.count()) === 0; i++) {
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await target.waitFor({ timeout: 2_000 }).catch(() => undefined);
  }
}

/** The list's row for the conversation with exactly this name. */
const rowNamed = (page: Page, name: string) =>
  page.getByTestId('conversation-row').filter({ has: page.locator('.convo__name').getByText(name, { exact: true }) });

for (const { width, height, name } of [
  { width: 360, height: 780, name: '360' },
  { width: 1280, height: 860, name: '1280' },
]) {
  test(`a reader sends a note to a chat from its share sheet and the other side sees its card live (${name})`, { timeout: 180_000 }, async () => {
    const a = await openPage(browser, server.baseUrl, { width, height }, 'en-US');
    const b = await openPage(browser, server.baseUrl, { width, height }, 'zh-CN');
    try {
      // Bo has their chat open, live.
      await logIn(b.page, BO, `/messages/${dmId}`);
      await bubble(b.page, 'Lunch?').waitFor();
      await b.page.getByTestId('chat-connection').waitFor({ state: 'detached' });

      // Ana opens Cai's note and taps Share: her recent chats, a search box, a message box, Copy link.
      await logIn(a.page, ANA, `/n/${noteId}`);
      await a.page.getByRole('button', { name: 'Share', exact: true }).click();
      const sheet = shareSheet(a.page);
      await sheet.getByRole('heading', { name: 'Send to chat' }).waitFor();
      await sheet.getByTestId('share-target').filter({ hasText: BO.displayName }).waitFor();
      await sheet.getByRole('button', { name: 'Copy link' }).waitFor();
      await assertNoHorizontalOverflow(a.page, width, 'share sheet');
      await screenshot(a.page, `share-sheet-${name}-en`);

      // She narrows the list to Bo, adds a message and sends.
      const comment = `These look amazing! (${name})`;
      await sheet.getByRole('textbox', { name: 'Add a message (optional)' }).fill(comment);
      await sheet.getByRole('searchbox', { name: 'Search chats' }).fill('@bo_sh');
      // The chat with Bo comes first; a handle that may be someone else's is offered below it as a new chat.
      await sheet.getByTestId('share-target').first().filter({ hasText: BO.displayName }).waitFor();
      assert.equal(await sheet.getByTestId('share-target').filter({ hasText: 'Old group' }).count(), 0, 'the groups don’t match');
      await sheet.getByTestId('share-target').filter({ hasText: BO.displayName }).click();
      await sheet.waitFor({ state: 'detached' });
      const toast = a.page.getByRole('status').filter({ hasText: `Sent to ${BO.displayName}` });
      await toast.waitFor();

      // Bo sees the note's card arrive, with Ana's message.
      await bubble(b.page, comment).getByTestId('chat-note-card').filter({ hasText: NOTE_TITLE }).waitFor();
      await assertNoHorizontalOverflow(b.page, width, 'chat with the shared note');
      await screenshot(b.page, `share-received-${name}-zh`);

      // The toast's "Open chat" takes Ana there.
      await toast.getByRole('button', { name: 'Open chat' }).click();
      await waitForPath(a.page, `/messages/${dmId}`);
      await bubble(a.page, comment).getByTestId('chat-note-card').waitFor();

      // Bo passes it on, in 中文, to someone he has no chat with: by handle.
      const dou = `dou_${name}`;
      const douToken = (
        await api<{ token: string }>('/accounts', { body: { handle: dou, displayName: 'Dou', password: PASSWORD, languages: ['en'], uiLanguage: 'en' } })
      ).token;
      await b.page.goto(`/n/${noteId}`);
      await b.page.getByRole('button', { name: '分享', exact: true }).click();
      const zhSheet = shareSheet(b.page);
      await zhSheet.getByRole('heading', { name: '发送给朋友' }).waitFor();
      await zhSheet.getByTestId('share-target').filter({ hasText: ANA.displayName }).waitFor();
      await assertNoHorizontalOverflow(b.page, width, 'share sheet (zh)');
      await screenshot(b.page, `share-sheet-${name}-zh`);
      // A handle nobody has: said so in the sheet, which stays open.
      const search = zhSheet.getByRole('searchbox', { name: '搜索聊天' });
      await search.fill(`@nobody_${name}`);
      await zhSheet
        .getByTestId('share-target')
        .filter({ hasText: `发送给 @nobody_${name}` })
        .click();
      await zhSheet
        .getByRole('alert')
        .filter({ hasText: `没有用户名为 @nobody_${name} 的人。` })
        .waitFor();
      await search.fill(`@${dou}`);
      assert.equal(await zhSheet.getByRole('alert').count(), 0, 'a new search clears the last failure');
      await zhSheet
        .getByTestId('share-target')
        .filter({ hasText: `发送给 @${dou}` })
        .waitFor();
      await screenshot(b.page, `share-sheet-handle-${name}-zh`);
      await zhSheet
        .getByTestId('share-target')
        .filter({ hasText: `发送给 @${dou}` })
        .click();
      await zhSheet.waitFor({ state: 'detached' });
      await b.page.getByRole('status').filter({ hasText: '已发送给 Dou' }).waitFor();
      const requests = await api<{ items: { lastMessage: { kind: string; note?: { title: string } | null } | null }[] }>('/conversations?box=requests', {
        token: douToken,
      });
      assert.equal(requests.items[0]?.lastMessage?.kind, 'note');
      assert.equal(requests.items[0]?.lastMessage?.note?.title, NOTE_TITLE);

      assert.deepEqual(a.problems, [], 'no script errors or CSP refusals (Ana)');
      assert.deepEqual(b.problems, [], 'no script errors or CSP refusals (Bo)');
    } finally {
      await a.context.close();
      await b.context.close();
    }
  });
}

test('a signed-out reader’s Share copies the link, with no chats to send to (360)', { timeout: 60_000 }, async () => {
  const r = await openPage(browser, server.baseUrl, { width: 360, height: 780 }, 'en-US');
  try {
    await r.page.goto(`/n/${noteId}`);
    await r.page.getByRole('button', { name: 'Share', exact: true }).click();
    // Headless Chromium may refuse the clipboard: either way the link is offered, not the sheet.
    await r.page
      .getByRole('status')
      .filter({ hasText: /Link copied|Couldn’t copy the link/ })
      .waitFor();
    assert.equal(await shareSheet(r.page).count(), 0);
    assert.deepEqual(r.problems, [], 'no script errors or CSP refusals');
  } finally {
    await r.context.close();
  }
});

test('the conversation list pages on near its end, and a group’s photo shows in the list and the chat (360)', { timeout: 120_000 }, async () => {
  const a = await openPage(browser, server.baseUrl, { width: 360, height: 780 }, 'en-US');
  try {
    await logIn(a.page, ANA, '/messages');
    const first = rowNamed(a.page, 'Old group 1');
    await a.page.getByTestId('conversation-row').first().waitFor();
    await scrollUntil(a.page, first);
    await first.waitFor();
    assert.ok((await a.page.getByTestId('conversation-row').count()) >= OLD_GROUPS + 1, 'every conversation is listed');

    // Ana gives the first old group a photo in its settings.
    const groups = await api<{ items: { id: string; name: string }[] }>('/conversations?limit=100', { token: anaToken });
    const group = groups.items.find((c) => c.name === 'Old group 2');
    assert.ok(group);
    await a.page.goto(`/messages/${group.id}/settings`);
    await a.page.getByTestId('group-avatar-input').setInputFiles({ name: 'group.jpg', mimeType: 'image/jpeg', buffer: await jpeg('#2f9e5a', 600, 600) });
    await a.page.getByText('Group photo updated.').waitFor();
    await a.page.getByTestId('group-avatar').locator('img.avatar--photo').waitFor();
    await assertNoHorizontalOverflow(a.page, 360, 'group settings');
    await screenshot(a.page, 'group-avatar-settings-360-en');
    await a.page.goto(`/messages/${group.id}`);
    await a.page.locator('.chat__head img.avatar--photo').waitFor();
    await screenshot(a.page, 'group-avatar-chat-360-en');
    await a.page.goto('/messages');
    const withPhoto = rowNamed(a.page, 'Old group 2').locator('img.avatar--photo');
    await scrollUntil(a.page, withPhoto);
    await withPhoto.waitFor();
    assert.deepEqual(a.problems, [], 'no script errors or CSP refusals');
  } finally {
    await a.context.close();
  }
});
