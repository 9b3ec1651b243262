// "Your data" in a real browser: a newcomer from TikTok opens Settings → Your data, uploads the
// 2025-layout sample export, reads the preview (profile, counts, posts), brings everything over, and
// waits for the job; a friend who declared a TikTok username the sample follows is suggested and
// followed with one tap; a draft is finished with a photo and published, and the note shows; then an
// export is made and its download offered. At 360 px in 中文 and 1280 px in English, with screenshots.
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { assertNoHorizontalOverflow, launchBrowser, openPage, screenshot, waitForPath } from './browser.ts';
import { callApi, jpeg, logIn, signUp } from './people.ts';
import { startServer, type TestServer } from './server.ts';

const SAMPLE = resolve(import.meta.dirname, '../../../shared/data/tiktok-export/user_data_tiktok_2025_layout.json');
/** Slow steps: the import and export jobs run in the server's queue. */
const JOB_TIMEOUT_MS = 60_000;
const PASSWORD = 'biscuit demands cat tax 42';

let server: TestServer;
let browser: Browser;

type Lang = 'en' | 'zh';
const say = (lang: Lang, en: string, zh: string) => (lang === 'en' ? en : zh);

// Each run has its own newcomer and its own friend, who declared one of the usernames the sample follows.
const RUNS = [
  {
    width: 360,
    height: 780,
    lang: 'zh',
    importer: { handle: 'catdad_phone', displayName: 'Cat Dad', password: PASSWORD },
    friend: { handle: 'cincy_cafe', displayName: 'Cincy Cat Café', password: PASSWORD },
    tiktok: 'cincy_catcafe',
  },
  {
    width: 1280,
    height: 860,
    lang: 'en',
    importer: { handle: 'catdad_desk', displayName: 'Cat Dad', password: PASSWORD },
    friend: { handle: 'pawdcast', displayName: 'Purrfect Pawdcast', password: PASSWORD },
    tiktok: 'purrfect_pawdcast',
  },
] as const;

const tokens: Record<string, string> = {};

before(
  async () => {
    server = await startServer();
    browser = await launchBrowser();
    // Someone else is the instance's first account (its admin), so the newcomers are ordinary members.
    await signUp(server.baseUrl, { handle: 'host_admin', displayName: 'Host', password: PASSWORD }, 'en');
    for (const run of RUNS) {
      const friendToken = await signUp(server.baseUrl, run.friend, 'en');
      await callApi(server.baseUrl, '/me', { token: friendToken, method: 'PATCH', body: { tiktokUsername: `@${run.tiktok}` } });
      tokens[run.importer.handle] = await signUp(server.baseUrl, run.importer, run.lang);
    }
  },
  { timeout: 120_000 },
);

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function shot(page: Page, width: number, name: string, lang: Lang) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await assertNoHorizontalOverflow(page, width, name);
  await screenshot(page, `data-${name}-${width}-${lang}`);
}

for (const run of RUNS) {
  const { width, height, lang } = run;
  test(`a TikTok export comes over: preview, import, a friend followed with one tap, a draft published with a photo, an export to download (${width}, ${lang})`, {
    timeout: 300_000,
  }, async () => {
    const w = await openPage(browser, server.baseUrl, { width, height }, lang === 'zh' ? 'zh-CN' : 'en-US');
    const { page } = w;
    try {
      // Settings → Your data.
      await logIn(page, run.importer, '/settings');
      await page
        .getByTestId('settings-data')
        .filter({ hasText: say(lang, 'Your data', '你的数据') })
        .click();
      await waitForPath(page, '/settings/data');
      await page.getByRole('heading', { name: say(lang, 'Import from TikTok', '从 TikTok 导入') }).waitFor();
      await shot(page, width, 'hub', lang);

      // The upload answers with a preview: nothing is written yet.
      await page.getByTestId('import-file').setInputFiles(SAMPLE);
      await page.waitForURL(/\/settings\/data\/imports\/[0-9a-f-]{36}$/, { timeout: JOB_TIMEOUT_MS });
      await page.getByTestId('preview-profile').filter({ hasText: 'Cat Dad (Ohio)' }).waitFor({ timeout: JOB_TIMEOUT_MS });
      await page
        .getByTestId('preview-counts')
        .filter({ hasText: say(lang, '2 posts', '2 条作品') })
        .waitFor();
      await page.getByTestId('preview-posts').filter({ hasText: 'Biscuit demanded his Sunday' }).waitFor();
      await shot(page, width, 'preview', lang);

      // Everything comes over.
      const options = page.getByTestId('import-options').locator('input[type="checkbox"]');
      assert.equal(await options.count(), 4);
      for (let i = 0; i < 4; i++) await options.nth(i).check();
      await page.getByTestId('import-apply').click();
      await page.getByTestId('import-result').waitFor({ timeout: JOB_TIMEOUT_MS });
      await page
        .getByTestId('import-result')
        .filter({ hasText: say(lang, '2 drafts to finish', '2 份草稿待完成') })
        .waitFor();

      // The friend who declared a followed username is suggested; one tap follows them.
      const friend = page.locator(`[data-testid="friend-suggestion"][data-tiktok="${run.tiktok}"]`);
      const follow = friend.getByRole('button', { name: say(lang, `Follow ${run.friend.displayName}`, `关注${run.friend.displayName}`) });
      await follow.waitFor();
      await shot(page, width, 'result', lang);
      await follow.click();
      await friend.getByRole('button', { name: say(lang, `Following ${run.friend.displayName}`, `已关注${run.friend.displayName}`) }).waitFor();
      // The liked and favourited videos are links in a private board; each opens in a new tab.
      const importPath = new URL(page.url()).pathname;
      await page.getByTestId('result-board').click();
      const link = page.getByTestId('board-link').first();
      await link.waitFor();
      assert.equal(await page.getByTestId('board-link').count(), 3, 'two liked videos and one favourite');
      assert.equal(await link.locator('a').getAttribute('target'), '_blank');
      assert.equal(await link.locator('a').getAttribute('rel'), 'noopener noreferrer');
      await shot(page, width, 'board-links', lang);

      // The comments written on TikTok are kept in a private archive.
      await page.goto('/me/imported-comments');
      await page.getByTestId('imported-comments').filter({ hasText: 'owes at least three treats' }).waitFor();
      await shot(page, width, 'comments', lang);

      // The friend's profile says their TikTok username, as self-declared.
      await page.goto(`/u/${run.friend.handle}`);
      await page
        .getByTestId('profile-tiktok')
        .filter({ hasText: say(lang, `TikTok: @${run.tiktok} · self-declared`, `TikTok：@${run.tiktok} · 自行声明`) })
        .waitFor();
      await page.goto(importPath);
      await page.getByTestId('import-result').waitFor();
      const profile = await callApi<{ viewer: { following: boolean } }>(server.baseUrl, `/users/${run.friend.handle}`, { token: tokens[run.importer.handle] });
      assert.equal(profile.viewer.following, true, 'followed after the tap');

      // A draft is finished: the composer is prefilled, a photo is added, Publish publishes it.
      await page.getByTestId('result-drafts').click();
      await waitForPath(page, '/me/drafts');
      const draft = page.getByTestId('draft').filter({ hasText: 'Biscuit demanded his Sunday' });
      await draft.waitFor();
      await shot(page, width, 'drafts', lang);
      await draft.getByTestId('draft-finish').click();
      await waitForPath(page, '/compose');
      await page.getByTestId('draft-origin').waitFor();
      const bodyField = page.getByLabel(say(lang, 'Text', '正文'), { exact: true });
      assert.match(await bodyField.inputValue(), /#cattax/, 'the body keeps its hashtags');
      const photo = await jpeg('#e0a96d', 900, 1200);
      await page.locator('input[type="file"]').first().setInputFiles({ name: 'biscuit.jpg', mimeType: 'image/jpeg', buffer: photo });
      await page.locator('li.upload-thumb[data-status="done"]').first().waitFor({ timeout: JOB_TIMEOUT_MS });
      await shot(page, width, 'finish-draft', lang);
      await page.getByRole('button', { name: say(lang, 'Publish', '发布'), exact: true }).click();
      await page.waitForURL(/\/n\/[0-9a-f-]{36}$/);
      await page
        .getByRole('heading', { name: /Biscuit demanded his Sunday/ })
        .first()
        .waitFor();
      await shot(page, width, 'published', lang);

      // An export is made; its download is offered.
      await page.goto('/settings/data');
      const started = page.waitForResponse((r) => r.url().endsWith('/api/v1/me/export') && r.request().method() === 'POST');
      await page.getByTestId('export-start').click();
      const answer = await started;
      assert.equal(answer.status(), 202, `POST /api/v1/me/export: ${answer.status()} ${await answer.text()}`);
      const download = page.getByTestId('export-download');
      await download.waitFor({ timeout: JOB_TIMEOUT_MS });
      const href = await download.getAttribute('href');
      assert.ok(href, 'the download has an address');
      const zip = await page.request.get(href);
      assert.equal(zip.status(), 200, `GET ${href}`);
      assert.equal((await zip.body()).subarray(0, 2).toString('latin1'), 'PK', 'the download is a zip');
      await shot(page, width, 'export', lang);

      assert.deepEqual(w.problems, [], 'no script errors or CSP refusals');
    } finally {
      await w.context.close();
    }
  });
}
