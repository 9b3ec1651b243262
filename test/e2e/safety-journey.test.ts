// Trust & safety in real browsers, several people at once, each in their own context: Mod (the first
// account, so the admin), Ana who posts and Bo who reports. Bo reports Ana's note from its "⋯" menu;
// Mod finds it in /mod, claims it and removes it with a note; Bo is told the outcome in his
// notifications and reads it under moderation notices; Ana opens her note and sees it removed with
// the moderators' reason, and appeals; the appeal is back in Mod's queue under Appealed. A note marked
// sensitive is blurred behind "tap to view" on its page and its card, and stays revealed once tapped.
// A new account's note says it reaches followers only, until a moderator approves the account. At 360
// and 1280 px, each screen in English in one run and in 中文 in the other, with screenshots.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { assertNoHorizontalOverflow, launchBrowser, openPage, screenshot, waitForPath } from './browser.ts';
import { type ApiInit, callApi, logIn, postPhotoNote, signUp } from './people.ts';
import { startServer, type TestServer } from './server.ts';

let server: TestServer;
let browser: Browser;
const PASSWORD = 'safe spaces at midnight 42';
const MOD = { handle: 'mod_mei', displayName: 'Mei (mod)', password: PASSWORD };
const ANA = { handle: 'ana_posts', displayName: 'Ana', password: PASSWORD };
const BO = { handle: 'bo_reports', displayName: '小波', password: PASSWORD };
const tokens: Record<string, string> = {};

const api = <T>(path: string, init: ApiInit = {}) => callApi<T>(server.baseUrl, path, init);

type Lang = 'en' | 'zh';
/** The text for this language. */
const say = (lang: Lang, en: string, zh: string) => (lang === 'en' ? en : zh);

before(
  async () => {
    server = await startServer({ SAFETY_PROBATION_HOURS: '24' }); // new accounts on probation, as by default
    browser = await launchBrowser();
    // Mod first: the first account is the admin.
    tokens.mod = await signUp(server.baseUrl, MOD, 'en');
    tokens.ana = await signUp(server.baseUrl, ANA, 'en');
    tokens.bo = await signUp(server.baseUrl, BO, 'zh');
    // Bo follows Ana, so her notes reach him while she is a new account on probation.
    await api(`/users/${ANA.handle}/follow`, { token: tokens.bo, method: 'PUT' });
  },
  { timeout: 120_000 },
);

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Each person reads the app in this language for the run (their saved UI language wins over the browser's). */
async function useLanguage(token: string, lang: Lang) {
  await api('/me', { token, method: 'PATCH', body: { uiLanguage: lang } });
}

async function shot(page: Page, width: number, name: string, lang: Lang) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await assertNoHorizontalOverflow(page, width, name);
  await screenshot(page, `safety-${name}-${width}-${lang}`);
}

const RUNS = [
  { width: 360, height: 780, mod: 'zh', ana: 'en', bo: 'zh' },
  { width: 1280, height: 860, mod: 'en', ana: 'zh', bo: 'en' },
] as const;

for (const run of RUNS) {
  const { width, height } = run;
  test(`a report reaches the queue, the note is removed with a reason, the reporter is told and the author appeals (${width})`, {
    timeout: 240_000,
  }, async () => {
    await useLanguage(tokens.mod ?? '', run.mod);
    await useLanguage(tokens.ana ?? '', run.ana);
    await useLanguage(tokens.bo ?? '', run.bo);
    const title = `Night market noodles (${width})`;
    const noteId = await postPhotoNote(server.baseUrl, tokens.ana ?? '', { title, body: 'Hand-pulled, with chilli oil.', background: '#d9822b' });

    const m = await openPage(browser, server.baseUrl, { width, height }, run.mod === 'zh' ? 'zh-CN' : 'en-US');
    const a = await openPage(browser, server.baseUrl, { width, height }, run.ana === 'zh' ? 'zh-CN' : 'en-US');
    const b = await openPage(browser, server.baseUrl, { width, height }, run.bo === 'zh' ? 'zh-CN' : 'en-US');
    try {
      await logIn(a.page, ANA, `/n/${noteId}`);
      await logIn(m.page, MOD, '/mod');

      // Bo reports the note from its "⋯" menu.
      await logIn(b.page, BO, `/n/${noteId}`);
      await b.page.getByRole('button', { name: say(run.bo, 'Note actions', '笔记操作') }).click();
      await b.page.getByRole('menuitem', { name: say(run.bo, 'Report', '举报') }).click();
      await b.page.getByLabel(say(run.bo, 'Spam or scam', '垃圾广告或诈骗')).check();
      await b.page.getByLabel(say(run.bo, 'Anything else moderators should know?', '还有什么想告诉审核员的吗？')).fill('Same link posted everywhere.');
      await screenshot(b.page, `safety-report-sheet-${width}-${run.bo}`);
      await b.page.getByTestId('report-submit').click();
      await b.page.getByText(say(run.bo, 'Thanks — the moderators will take a look.', '感谢举报，审核员会尽快处理。')).waitFor();

      // Mod finds it in the open queue, claims it and removes it with a note.
      await m.page.goto('/mod');
      const caseRow = m.page.getByTestId('case-row').filter({ hasText: title });
      await caseRow.waitFor();
      await shot(m.page, width, 'queue', run.mod);
      await caseRow.click();
      await m.page.getByTestId('case-content').filter({ hasText: title }).waitFor();
      await m.page.getByTestId('case-reports').filter({ hasText: 'Same link posted everywhere.' }).waitFor();
      await m.page.getByTestId('case-claim').click();
      await m.page
        .getByTestId('case-claimed')
        .filter({ hasText: say(run.mod, 'Claimed by you', '你已认领') })
        .waitFor();
      await m.page.getByLabel(say(run.mod, 'Action', '处理方式')).selectOption('remove');
      // Without a note the form says what is missing and sends nothing.
      await m.page.getByRole('button', { name: say(run.mod, 'Apply', '执行') }).click();
      await m.page.getByText(say(run.mod, 'Write a note: the person will see why.', '请填写说明，对方会看到处理原因。')).waitFor();
      const reason = `Spam: the same link in many notes (${width}).`;
      await m.page.getByLabel(say(run.mod, 'Note to the person', '给当事人的说明')).fill(reason);
      await shot(m.page, width, 'case', run.mod);
      await m.page.getByRole('button', { name: say(run.mod, 'Apply', '执行') }).click();
      await m.page.getByTestId('case-resolution').filter({ hasText: reason }).waitFor();
      await shot(m.page, width, 'case-resolved', run.mod);

      // Bo is told how his report ended.
      await b.page.goto('/notifications');
      const outcome = b.page.locator('[data-testid="notification"][data-kind="report_outcome"]').first();
      await outcome.waitFor();
      await shot(b.page, width, 'notifications', run.bo);
      await outcome.click();
      await waitForPath(b.page, '/me/moderation');
      await b.page.locator('[data-testid="notice"][data-kind="report_outcome"]').first().waitFor();
      await shot(b.page, width, 'notices-reporter', run.bo);

      // Ana opens her note: removed, with the moderators' reason; she appeals once.
      await a.page.goto(`/n/${noteId}`);
      await a.page.getByTestId('note-removed').waitFor();
      await a.page.getByTestId('removed-reason').filter({ hasText: reason }).waitFor();
      await shot(a.page, width, 'note-removed', run.ana);
      await a.page.getByTestId('appeal-open').click();
      await a.page.getByLabel(say(run.ana, 'Your appeal', '申诉理由')).fill('It was one link, to my own shop. Please look again.');
      await a.page.getByRole('button', { name: say(run.ana, 'Send appeal', '提交申诉') }).click();
      await a.page.getByText(say(run.ana, 'You appealed on', '你已于')).waitFor();
      await shot(a.page, width, 'note-appealed', run.ana);

      // Readers other than Ana find nothing at the note's address.
      await b.page.goto(`/n/${noteId}`);
      await b.page.getByText(say(run.bo, 'Note not found', '找不到这篇笔记')).waitFor();

      // The appeal is back in Mod's queue.
      await m.page.goto('/mod?status=appealed');
      const appealed = m.page.getByTestId('case-row').filter({ hasText: title });
      await appealed.waitFor();
      await shot(m.page, width, 'queue-appealed', run.mod);
      await appealed.click();
      await m.page.getByTestId('case-appeal').filter({ hasText: 'my own shop' }).waitFor();

      for (const [who, w] of [
        ['Mod', m],
        ['Ana', a],
        ['Bo', b],
      ] as const)
        assert.deepEqual(w.problems, [], `no script errors or CSP refusals (${who})`);
    } finally {
      await m.context.close();
      await a.context.close();
      await b.context.close();
    }
  });
}

test('a note marked sensitive is blurred behind “tap to view” until its reader taps (360 中文, 1280 English)', { timeout: 180_000 }, async () => {
  await useLanguage(tokens.bo ?? '', 'zh');
  await useLanguage(tokens.mod ?? '', 'en');
  const title = 'Festival fireworks, up close';
  // Ana's notes reach everyone from here on: a moderator approved her new account.
  await api(`/moderation/probation/${ANA.handle}/approve`, { token: tokens.mod, method: 'POST' });
  const noteId = await postPhotoNote(server.baseUrl, tokens.ana ?? '', { title, body: 'Loud and bright.', background: '#3d5bc9' });
  const receipt = await api<{ caseId: string }>('/reports', { token: tokens.bo, body: { targetType: 'note', targetId: noteId, reason: 'violence' } });
  await api(`/moderation/cases/${receipt.caseId}/actions`, {
    token: tokens.mod,
    body: { action: 'sensitive', note: 'Startling close-ups: shown behind a tap.' },
  });

  const b = await openPage(browser, server.baseUrl, { width: 360, height: 780 }, 'zh-CN');
  const m = await openPage(browser, server.baseUrl, { width: 1280, height: 860 }, 'en-US');
  try {
    // Bo's phone: the note page's photos are covered; one tap shows them, and the card stays revealed.
    await logIn(b.page, BO, `/n/${noteId}`);
    const cover = b.page.getByRole('button', { name: /敏感内容/ });
    await cover.waitFor();
    await shot(b.page, 360, 'sensitive-note', 'zh');
    await cover.click();
    await b.page.getByTestId('sensitive-cover').waitFor({ state: 'detached' });
    await b.page.goto(`/u/${ANA.handle}`);
    await b.page.locator(`article[data-note-id="${noteId}"]`).waitFor();
    assert.equal(await b.page.locator(`article[data-note-id="${noteId}"] [data-testid="sensitive-cover"]`).count(), 0, 'revealed for the session');

    // Mod's desktop: the card on Ana's profile is blurred; the first click reveals instead of opening.
    await logIn(m.page, MOD, `/u/${ANA.handle}`);
    const card = m.page.locator(`article[data-note-id="${noteId}"]`);
    await card.getByTestId('sensitive-cover').waitFor();
    await shot(m.page, 1280, 'sensitive-card', 'en');
    await card.getByRole('link', { name: 'Sensitive content — tap to view' }).click();
    await card.getByTestId('sensitive-cover').waitFor({ state: 'detached' });
    assert.equal(new URL(m.page.url()).pathname, `/u/${ANA.handle}`, 'the first click only revealed');

    assert.deepEqual(b.problems, [], 'no script errors or CSP refusals (Bo)');
    assert.deepEqual(m.problems, [], 'no script errors or CSP refusals (Mod)');
  } finally {
    await b.context.close();
    await m.context.close();
  }
});

test('a new account’s note says it reaches followers only, until a moderator approves the account (360 English, 1280 中文)', { timeout: 120_000 }, async () => {
  await useLanguage(tokens.ana ?? '', 'en');
  await useLanguage(tokens.mod ?? '', 'zh');
  const cai = { handle: 'cai_new', displayName: 'Cai', password: PASSWORD };
  const caiToken = await signUp(server.baseUrl, cai, 'en');
  const noteId = await postPhotoNote(server.baseUrl, caiToken, { title: 'First day on Biji', body: 'Hello, everyone!', background: '#2fb67c' });
  const c = await openPage(browser, server.baseUrl, { width: 360, height: 780 }, 'en-US');
  const m = await openPage(browser, server.baseUrl, { width: 1280, height: 860 }, 'zh-CN');
  try {
    await logIn(c.page, cai, `/n/${noteId}`);
    await c.page.getByTestId('note-moderation-banner').filter({ hasText: 'New account' }).waitFor();
    await shot(c.page, 360, 'note-probation', 'en');

    // The moderator finds the new accounts from the shield on their own profile.
    await logIn(m.page, MOD, `/u/${MOD.handle}`);
    await m.page.getByTestId('profile-mod').click();
    await waitForPath(m.page, '/mod');
    await m.page.getByRole('link', { name: '新账号' }).click();
    const row = m.page.getByTestId('probation-row').filter({ hasText: `@${cai.handle}` });
    await row.waitFor();
    await shot(m.page, 1280, 'probation', 'zh');
    await row.getByRole('button', { name: '批准' }).click();
    await row.waitFor({ state: 'detached' });
    await c.page.reload();
    await c.page.getByRole('heading', { name: 'First day on Biji' }).waitFor();
    assert.equal(await c.page.getByTestId('note-moderation-banner').count(), 0, 'no probation banner once approved');

    assert.deepEqual(c.problems, [], 'no script errors or CSP refusals (Cai)');
    assert.deepEqual(m.problems, [], 'no script errors or CSP refusals (Mod)');
  } finally {
    await c.context.close();
    await m.context.close();
  }
});
