// Shared browser plumbing for journeys: launching system Chromium, page defaults, and checks.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const STEP_TIMEOUT_MS = 15_000;
const SCREENSHOT_DIR = resolve(import.meta.dirname, '../../test-results/screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    timeout: 30_000,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export type Viewport = { width: number; height: number };

export type Watched = { page: Page; context: BrowserContext; problems: string[] };

/** A fresh context (own cookies) and page, recording CSP violations and script errors. */
export async function openPage(browser: Browser, baseUrl: string, viewport: Viewport, locale = 'en-US'): Promise<Watched> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport, locale, deviceScaleFactor: 1 });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    // Chromium logs every 4xx answer as a failed load: a signed-out GET /api/v1/me (401), a taken
    // handle (409)… Those are answers the UI handles. A 5xx, a CSP refusal or a script error is not.
    if (/Failed to load resource: the server responded with a status of 4\d\d/.test(text)) return;
    problems.push(`console: ${text}`);
  });
  return { page, context, problems };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  // Finite animations (a sheet sliding in) are fast-forwarded to their end: the picture is what the reader settles on.
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true, animations: 'disabled', timeout: STEP_TIMEOUT_MS });
}

/** Nothing may scroll sideways: the page must fit the viewport's width. */
export async function assertNoHorizontalOverflow(page: Page, width: number, where: string): Promise<void> {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scrollWidth <= width, `${where}: page is ${scrollWidth}px wide in a ${width}px viewport`);
}

/** Waits (bounded) until the element with this test id shows exactly `text`. */
export async function waitForTestIdText(page: Page, testId: string, text: string): Promise<void> {
  await page
    .getByTestId(testId)
    .filter({ hasText: new RegExp(`^${text}$`) })
    .waitFor({ timeout: STEP_TIMEOUT_MS });
}

export async function waitForPath(page: Page, path: string): Promise<void> {
  // Client-side navigations don't always fire a load, so poll the location instead.
  await page.waitForFunction((expected) => window.location.pathname === expected, path, {
    timeout: STEP_TIMEOUT_MS,
    polling: 100,
  });
}
